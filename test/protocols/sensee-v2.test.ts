import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.ts';
import { createSenseeV2Protocol, protocol as senseeV2, senseeDeviceType } from '../../protocols/sensee-v2.ts';
import { baseDefinition, outputFor, simulatedDevice, written } from './helpers.ts';

const HEADER = [0x55, 0xaa, 0xf0, 0x02, 0x00];

describe('sensee-v2 device type', () => {
  it('is the seventh byte of the model data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 7, maxLength: 128 }), (data) => {
        expect(senseeDeviceType(data)).toBe(data[6] === 0 ? 0x65 : data[6]);
      }),
    );
  });

  it('falls back to 0x65 for short data, six bytes included (where the reference panics)', () => {
    expect(senseeDeviceType([])).toBe(0x65);
    expect(senseeDeviceType([0x55, 0xaa, 0xf0, 0x02, 0x01, 0x0a])).toBe(0x65);
  });
});

describe('sensee-v2 initialization', () => {
  it('reads the model data from tx and puts its device type in every packet', async () => {
    const { device, hardware } = await simulatedDevice('sensee-v2', 'CCPA18S5');
    device.queueRead('tx', [0x55, 0xaa, 0xf0, 0x02, 0x01, 0x0a, 0x67, 0xfa]);
    const definition = baseDefinition('sensee-v2', 'CCPA18S5');
    const handler = await senseeV2.initialize({ hardware, definition });
    const commands = handler.output(outputFor(definition, 0, 'Vibrate', 7));
    expect(written(commands)).toEqual([[...HEADER, 0x0d, 0x67, 0xf1, 2, 0, 1, 1, 7, 2, 1, 1, 0, 0, 0]]);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: false, commandId: 'sensee-v2:device' });
  });

  it('fails with a device error when the model data never comes', async () => {
    const { hardware } = await simulatedDevice('sensee-v2', 'CCPA10S2');
    const protocol = createSenseeV2Protocol({ modelReadTimeoutMs: 5 });
    const failure = protocol.initialize({ hardware, definition: baseDefinition('sensee-v2', 'CCPA10S2') });
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.Device, message: expect.stringMatching(/model-data read on tx.*timed out/) });
  });
});

describe('sensee-v2 packets', () => {
  async function handlerFor(identifier: string) {
    const { device, hardware } = await simulatedDevice('sensee-v2', identifier);
    device.queueRead('tx', [0, 0, 0, 0, 0, 0, 0x66]);
    const definition = baseDefinition('sensee-v2', identifier);
    return { handler: await senseeV2.initialize({ hardware, definition }), definition };
  }

  it('groups vibrate, thrust and suck in that order, whatever the feature order', async () => {
    // The Dream Stick's oscillator is feature 0 and its vibrator feature 1.
    const { handler, definition } = await handlerFor('CTY916S4');
    handler.output(outputFor(definition, 0, 'Oscillate', 30));
    expect(written(handler.output(outputFor(definition, 1, 'Vibrate', 100)))).toEqual([
      [...HEADER, 0x0d, 0x66, 0xf1, 2, 0, 1, 1, 100, 1, 1, 1, 30, 0, 0],
    ]);
  });

  it('carries all three groups for the Markel', async () => {
    const { handler, definition } = await handlerFor('CCPB22S5');
    handler.output(outputFor(definition, 2, 'Constrict', 5));
    expect(written(handler.output(outputFor(definition, 1, 'Oscillate', 9)))).toEqual([
      [...HEADER, 0x11, 0x66, 0xf1, 3, 0, 1, 1, 0, 1, 1, 1, 9, 2, 1, 1, 5, 0, 0],
    ]);
  });

  it('refuses an output the feature does not have', async () => {
    const { handler, definition } = await handlerFor('qingnan#16');
    expect(() => handler.output({ ...outputFor(definition, 0, 'Constrict', 1), output: 'Vibrate' })).toThrow(/cannot drive/);
  });
});
