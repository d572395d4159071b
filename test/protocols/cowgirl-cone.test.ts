import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCowgirlConeProtocol, protocol as cowgirlCone } from '../../protocols/cowgirl-cone.ts';
import { CASES_DIR } from '../support/case-config.ts';
import { parseRecordedCase } from '../support/recorded-case.ts';
import { runProtocolCase } from './case-runner.ts';
import { baseConfig, baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

afterEach(() => {
  vi.useRealTimers();
});

const UPSTREAM_CASE = new URL('test_cowgirl_cone_protocol.yaml', CASES_DIR);

describe('cowgirl-cone setup', () => {
  it('wakes the cone, then waits 3 s before it takes commands', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('cowgirl-cone', 'CG-CONE');
    let ready = false;
    const initializing = cowgirlCone.initialize({ hardware, definition: baseDefinition('cowgirl-cone', 'CG-CONE') }).then((handler) => {
      ready = true;
      return handler;
    });
    await vi.advanceTimersByTimeAsync(2999);
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'tx', data: [0xaa, 0x56, 0x00, 0x00], withResponse: false }]);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const handler = await initializing;
    const definition = baseDefinition('cowgirl-cone', 'CG-CONE');
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 128)))).toEqual([[0xf1, 0x01, 0x80, 0x00]]);
  });
});

/**
 * The reference comments this case out ("ToDo: Allow the 3 second delay"). Without the delay it
 * still cannot pass: the cone's config range is 0–128, so 0.5 is step 64 (0x40) and 0.75 is step
 * 96 (0x60), but the case expects 0x32 (50, i.e. 0.5 of a 0–100 range) and 0x40.
 */
describe('the upstream cowgirl-cone case', () => {
  const withoutDelay = { protocolFor: () => createCowgirlConeProtocol({ settleMs: 0 }) };

  it('fails only on its first speed byte, 0x32 where 0.5 of 128 steps is 0x40', async () => {
    const testCase = parseRecordedCase(await readFile(UPSTREAM_CASE, 'utf8'));
    await expect(runProtocolCase(testCase, baseConfig, withoutDelay)).rejects.toThrow(
      /device_commands\[1\].*expected write tx \[241, 1, 50, 0\][\s\S]*got write tx \[241, 1, 64, 0\]/,
    );
  });

  it('passes once its speed bytes are those of the 0–128 range (0x40, 0x60)', async () => {
    const text = await readFile(UPSTREAM_CASE, 'utf8');
    const corrected = text.replace('data: [0xf1, 0x01, 0x40, 0x00]', 'data: [0xf1, 0x01, 0x60, 0x00]').replace('data: [0xf1, 0x01, 0x32, 0x00]', 'data: [0xf1, 0x01, 0x40, 0x00]');
    const report = await runProtocolCase(parseRecordedCase(corrected), baseConfig, withoutDelay);
    expect(report.commandsChecked).toBe(4);
  });
});
