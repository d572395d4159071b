/**
 * Vitest global setup: the daemon tests spawn bin/plugstate.js, which runs dist/, so dist/ is
 * rebuilt first when a source is newer than it (after `npm ci` it is fresh and nothing happens).
 */
import { build, isStale } from '../scripts/build.mjs';

export default function setup(): void {
  if (isStale()) build();
}
