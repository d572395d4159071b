import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kiirooV21StrokePacket } from '../../../protocols/families/kiiroo-v21.ts';
import { kiirooV2SpeedByte } from '../../../protocols/kiiroo-v2.ts';
import { protocol as kiirooV21 } from '../../../protocols/kiiroo-v21.ts';
import { protocol as kiirooV21Initialized } from '../../../protocols/kiiroo-v21-initialized.ts';
import { protocol as kiirooV3 } from '../../../protocols/kiiroo-v3.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from '../helpers.ts';

const PEARL_BATTERY_READ = [1, 2, 3, 4, 5, 77, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

describe('kiiroo v2.1 stroke packet', () => {
  it('is 03 00, the Launch speed from the previous position, the position', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 100_000 }), (from, to, ms) => {
        expect([...kiirooV21StrokePacket(from, to, ms)]).toEqual([0x03, 0x00, kiirooV2SpeedByte(from, to, ms), to]);
      }),
    );
  });

  it('remembers the previous position between moves', async () => {
    const { hardware } = await simulatedDevice('kiiroo-v21', 'Titan1.1');
    const definition = baseDefinition('kiiroo-v21', 'Titan1.1');
    const handler = await kiirooV21.initialize({ hardware, definition });
    const first = handler.output(outputFor(definition, 1, 'HwPositionWithDuration', 99, 500));
    const second = handler.output(outputFor(definition, 1, 'HwPositionWithDuration', 0, 200));
    expect(written([...first, ...second])).toEqual([
      [0x03, 0x00, 40, 99],
      [0x03, 0x00, 106, 0],
    ]);
  });
});

describe('kiiroo v2.1 battery', () => {
  it('is byte 5 of a 20-byte whitelist read', async () => {
    const { device, hardware } = await simulatedDevice('kiiroo-v21', 'Pearl2.1');
    const handler = await kiirooV21.initialize({ hardware, definition: baseDefinition('kiiroo-v21', 'Pearl2.1') });
    device.queueRead('whitelist', PEARL_BATTERY_READ);
    await expect(handler.readInput?.(hardware, 1, 'Battery')).resolves.toBe(77);
  });

  it('fails on a read of another length', async () => {
    const { device, hardware } = await simulatedDevice('kiiroo-v21', 'Pearl2.1');
    const handler = await kiirooV21.initialize({ hardware, definition: baseDefinition('kiiroo-v21', 'Pearl2.1') });
    device.queueRead('whitelist', [1, 2, 3, 4, 5, 77]);
    await expect(handler.readInput?.(hardware, 1, 'Battery')).rejects.toThrow(/returned 6 bytes, expected 20/);
  });

  it('fails when the device does not answer', async () => {
    const { hardware } = await simulatedDevice('kiiroo-v21', 'Pearl2.1');
    const handler = await kiirooV21.initialize({ hardware, definition: baseDefinition('kiiroo-v21', 'Pearl2.1') });
    await expect(handler.readInput?.(hardware, 1, 'Battery')).rejects.toThrow(/timed out/);
  });

  it('fails on the Keon WiFi (kiiroo-v3), whose config maps no whitelist endpoint, as in the reference', async () => {
    const { device, hardware } = await simulatedDevice('kiiroo-v3', 'KEON WIFI');
    const handler = await kiirooV3.initialize({ hardware, definition: baseDefinition('kiiroo-v3', 'KEON WIFI') });
    await expect(handler.readInput?.(hardware, 1, 'Battery')).rejects.toThrow(/no whitelist endpoint/);
    expect(commandsTo(device)).toEqual([]);
  });

  it('is not read by kiiroo-v21-initialized, which has no battery', async () => {
    const { device, hardware } = await simulatedDevice('kiiroo-v21-initialized', 'Onyx+');
    const handler = await kiirooV21Initialized.initialize({ hardware, definition: baseDefinition('kiiroo-v21-initialized', 'Onyx+') });
    expect(handler.readInput).toBeUndefined();
    expect(commandsTo(device)).toEqual([
      { kind: 'write', endpoint: 'tx', data: [0x03, 0x00, 0x64, 0x19], withResponse: true },
      { kind: 'write', endpoint: 'tx', data: [0x03, 0x00, 0x64, 0x00], withResponse: true },
    ]);
  });
});
