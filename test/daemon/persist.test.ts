/** Saving the user device config: on device.added, and at exit only when the file is behind. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerEmitted } from '../../machines/server.ts';
import { loadDeviceConfig } from '../../src/config/load.ts';
import { persistUserConfig } from '../../src/daemon/persist.ts';
import type { DeviceInfo } from '../../src/devices/features.ts';
import { removeTempDirs, tempDir } from './support.ts';

afterEach(removeTempDirs);

function setup(options: { missing: boolean; file?: string }) {
  const file = options.file ?? join(tempDir(), 'user.json');
  const config = loadDeviceConfig();
  const events = new Subject<ServerEmitted>();
  const warnings: string[] = [];
  const log = { debug: () => {}, info: () => {}, warn: (_: unknown, message?: unknown) => warnings.push(String(message)), error: () => {} };
  const persistence = persistUserConfig({ file, config, events, log, missing: options.missing });
  return { file, config, events, warnings, persistence };
}

const saved = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { user_configs: { devices: { identifier: { address: string } }[] } };

describe('persistUserConfig', () => {
  it('saves on device.added, with the new device in it', () => {
    const { file, config, events } = setup({ missing: true });
    const index = config.deviceIndex('aneros', 'Massage Demo', 'persist-1');
    events.next({ type: 'device.added', device: { index } as DeviceInfo });
    expect(saved(file).user_configs.devices.map((d) => d.identifier.address)).toEqual(['persist-1']);
  });

  it('creates a missing file at exit', () => {
    const { file, persistence } = setup({ missing: true });
    expect(existsSync(file)).toBe(false);
    expect(persistence.flush('exit')).toBe(true);
    expect(existsSync(file)).toBe(true);
  });

  it('does not rewrite a current file at exit', () => {
    const file = join(tempDir(), 'user.json');
    writeFileSync(file, '{"hand": "edited"}');
    const { persistence } = setup({ missing: false, file });
    expect(persistence.flush('exit')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('{"hand": "edited"}');
  });

  it('a failed save is a warning, and exit tries again', () => {
    const { events, warnings, persistence } = setup({ missing: false, file: join(tempDir(), 'no-such-dir', 'user.json') });
    events.next({ type: 'device.added', device: { index: 0 } as DeviceInfo });
    expect(warnings).toEqual([expect.stringContaining('cannot save the user config')]);
    expect(persistence.flush('exit')).toBe(false);
    expect(warnings).toHaveLength(2);
  });

  it('stops saving after dispose', () => {
    const { file, events, persistence } = setup({ missing: true });
    persistence.dispose();
    events.next({ type: 'device.added', device: { index: 0 } as DeviceInfo });
    expect(existsSync(file)).toBe(false);
  });
});
