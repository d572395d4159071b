/** Paths and JSON of the upstream config fixtures, for the config tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixtureConfigPath = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/upstream/device-test-cases/config/${name}`, import.meta.url));

export const exampleUserConfigPath = fileURLToPath(new URL('../fixtures/upstream/example-user-device-config-v4.json', import.meta.url));

export const bundledBasePath = fileURLToPath(new URL('../../protocols/config/buttplug-device-config-v4.json', import.meta.url));

/** A fresh parsed copy each call, so tests can edit it. */
export const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));

export const FIXTURE_CONFIGS = [
  'lovense_ridge_user_config.json',
  'tcode_disabled_hw_position_user_config.json',
  'tcode_linear_and_vibrate_user_config.json',
] as const;
