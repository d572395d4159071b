#!/usr/bin/env node
/**
 * Builds dist/ with tsup (tsup.config.ts): `node scripts/build.mjs`. With `--if-stale` it builds
 * only when an output is missing or older than a source, so `npm start`, `npm run bench` and the
 * test suite always run what the sources say without paying for a build each time. tsup's own
 * output goes to stderr: stdout stays the daemon's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTPUTS = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.js'];
const SOURCES = ['src', 'machines', 'protocols', 'package.json', 'tsup.config.ts', 'tsconfig.json'];

/** Newest modification time under a file or folder (ms). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

export function isStale() {
  const outputs = OUTPUTS.map((file) => join(ROOT, file));
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return SOURCES.some((source) => newest(join(ROOT, source)) > built);
}

export function build() {
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  const tsup = createRequire(import.meta.url).resolve('tsup/dist/cli-default.js');
  const result = spawnSync(process.execPath, [tsup], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
  if (result.status !== 0) throw new Error(`the build failed (tsup exited ${result.status ?? result.signal})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--if-stale') || isStale()) build();
}
