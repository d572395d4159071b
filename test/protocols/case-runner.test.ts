/** The protocol-level harness itself: it must fail on every kind of mismatch it claims to check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocolFor } from '../../protocols/registry.ts';
import type { HardwareCommand, ProtocolHandler } from '../../protocols/kit/types.ts';
import { parseRecordedCase } from '../support/recorded-case.ts';
import { runProtocolCase } from './case-runner.ts';
import { fractionToSteps, stopOutputs } from './client-commands.ts';
import { baseConfig, baseDefinition, commandsTo, simulatedDevice } from './helpers.ts';
import { OutputPipeline } from './output-pipeline.ts';

const aneros = (steps: string) =>
  parseRecordedCase(`devices:\n  - identifier:\n      name: "Massage Demo"\n    expected_name: "Aneros Vivi"\ndevice_commands:\n${steps}`);

const vibrate = (speed: number) => `
  - !Messages
      device_index: 0
      messages:
        - !Vibrate
          - Index: 0
            Speed: ${speed}`;

const expectWrite = (...data: number[]) => `
  - !Commands
      device_index: 0
      commands:
        - !Write
            endpoint: tx
            data: [${data.join(', ')}]
            write_with_response: false`;

const run = (steps: string, patience = 20) => runProtocolCase(aneros(steps), baseConfig, { protocolFor, patience });

describe('runProtocolCase', () => {
  it('passes when the device sees exactly the expected bytes', async () => {
    await expect(run(vibrate(0.5) + expectWrite(0xf1, 0x40))).resolves.toMatchObject({ protocol: 'aneros', commandsChecked: 1 });
  });

  it('fails on a wrong byte, naming the step and both packets', async () => {
    await expect(run(vibrate(0.5) + expectWrite(0xf1, 0x41))).rejects.toThrow(
      /device_commands\[1\].*expected write tx \[241, 65\][\s\S]*got write tx \[241, 64\]/,
    );
  });

  it('fails when a packet is expected that de-duplication drops', async () => {
    await expect(run(vibrate(0.5) + vibrate(0.5) + expectWrite(0xf1, 0x40) + expectWrite(0xf1, 0x40))).rejects.toThrow(
      /timed out waiting for write tx/,
    );
  });

  it('fails on a wrong device name', async () => {
    const testCase = parseRecordedCase(
      `devices:\n  - identifier:\n      name: "Massage Demo"\n    expected_name: "Something Else"\ndevice_commands: []`,
    );
    await expect(runProtocolCase(testCase, baseConfig, { protocolFor })).rejects.toThrow(/expected device name "Something Else"/);
  });

  it('fails when the protocol is not implemented', async () => {
    await expect(runProtocolCase(aneros(' []'), baseConfig, { protocolFor: () => undefined })).rejects.toThrow(/not implemented/);
  });
});

describe('the simulated device protocol tests drive', () => {
  it('delivers notifications only while the endpoint is subscribed', async () => {
    const { device, hardware } = await simulatedDevice('test', 'dev', { endpoints: ['rx'] });
    const seen: number[][] = [];
    hardware.notifications.subscribe((n) => seen.push([...n.data]));
    expect(device.notify('rx', [1])).toBe(false);
    await hardware.subscribe('rx');
    expect(device.notify('rx', [2])).toBe(true);
    await hardware.unsubscribe('rx');
    device.notify('rx', [3]);
    expect(seen).toEqual([[2]]);
    expect(commandsTo(device).map((c) => c.kind)).toEqual(['subscribe', 'unsubscribe']);
  });

  it('answers reads first in, first out, and never with another endpoint’s answer', async () => {
    const { device, hardware } = await simulatedDevice('test', 'dev', { endpoints: ['a', 'b'] });
    device.queueRead('a', [1]);
    device.queueRead('a', [2, 3]);
    device.queueRead('b', [4]);
    await expect(hardware.read('a', 8, 10)).resolves.toEqual(Uint8Array.of(1));
    await expect(hardware.read('a', 2, 10)).resolves.toEqual(Uint8Array.of(2, 3));
    await expect(hardware.read('a', 1, 10)).rejects.toThrow(/read of a .* timed out/);
    await expect(hardware.read('b', 1, 10)).resolves.toEqual(Uint8Array.of(4));
  });

  it('rejects unknown endpoints and anything after a disconnect', async () => {
    const { hardware } = await simulatedDevice('test', 'dev', { endpoints: ['tx'] });
    await expect(hardware.read('rx', 1, 10)).rejects.toThrow(/endpoint "rx" of dev: it has only tx/);
    await expect(hardware.write('rx', Uint8Array.of(1), false)).rejects.toThrow(/endpoint "rx" of dev: it has only tx/);
    let gone = false;
    hardware.disconnected.subscribe(() => {
      gone = true;
    });
    await hardware.disconnect();
    expect(gone).toBe(true);
    await expect(hardware.write('tx', Uint8Array.of(1), false)).rejects.toThrow(/it is disconnected/);
  });
});

describe('OutputPipeline', () => {
  const write = (commandId: string, byte: number): HardwareCommand => ({
    kind: 'write',
    endpoint: 'tx',
    data: Uint8Array.of(byte),
    withResponse: false,
    commandId,
  });

  async function pipelineReturning(batches: HardwareCommand[][]) {
    const { device, hardware } = await simulatedDevice('test', 'dev', { endpoints: ['tx'] });
    let call = 0;
    const handler: ProtocolHandler = { keepalive: { kind: 'none' }, output: () => batches[call++] ?? [] };
    return { device, pipeline: new OutputPipeline(handler, hardware) };
  }

  it('keeps the first batch whole, then lets a newer packet replace a queued one and go to the back', async () => {
    const { device, pipeline } = await pipelineReturning([[write('a', 1), write('a', 2), write('b', 3)], [write('a', 4)]]);
    pipeline.submit({ featureIndex: 0, featureId: 'f0', output: 'Vibrate', value: 1 });
    pipeline.submit({ featureIndex: 1, featureId: 'f1', output: 'Vibrate', value: 1 });
    await pipeline.flush();
    expect(commandsTo(device).map((c) => (c.kind === 'write' ? c.data[0] : -1))).toEqual([3, 4]);
  });

  it('drops an output identical to the feature’s previous one', async () => {
    const { device, pipeline } = await pipelineReturning([[write('a', 1)], [write('a', 2)]]);
    const command = { featureIndex: 0, featureId: 'f0', output: 'Vibrate', value: 5 } as const;
    pipeline.submit(command);
    await pipeline.flush();
    pipeline.submit(command);
    await pipeline.flush();
    expect(device.commands).toHaveLength(1);
  });
});

describe('client command conversion', () => {
  it('rounds fractions up to whole steps, and never past the range', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (fraction, steps) => {
        const value = fractionToSteps(fraction, steps);
        expect(Number.isInteger(value)).toBe(true);
        expect(Math.abs(value)).toBeLessThanOrEqual(steps);
        if (fraction * steps > 1e-6) expect(value).toBeGreaterThanOrEqual(fraction * steps);
      }),
    );
    expect(fractionToSteps(0.51, 100)).toBe(51);
    expect(fractionToSteps(0.1, 127)).toBe(13);
    expect(() => fractionToSteps(1.5, 10)).toThrow(/outside/);
  });

  it('stops each feature through its first non-position output, and skips position-only features', () => {
    expect(stopOutputs(baseDefinition('lovense', 'BA')).map((o) => [o.featureIndex, o.output, o.value])).toEqual([[0, 'Oscillate', 0]]);
    expect(stopOutputs(baseDefinition('tcode-v03'))).toEqual([]);
  });
});
