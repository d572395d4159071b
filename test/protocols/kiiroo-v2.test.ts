import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol as kiirooV2Protocol, kiirooV2SpeedByte } from '../../protocols/kiiroo-v2.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

describe('kiiroo-v2 speed', () => {
  it('saturates instead of clamping to 99, like the reference (a full stroke in 100 ms gives 219)', () => {
    expect(kiirooV2SpeedByte(0, 99, 100)).toBe(219);
    expect(kiirooV2SpeedByte(0, 99, 10)).toBe(255);
    expect(kiirooV2SpeedByte(0, 99, 0)).toBe(255);
  });

  it('is 0 when the stroker does not move', () => {
    expect(kiirooV2SpeedByte(40, 40, 500)).toBe(0);
    expect(kiirooV2SpeedByte(40, 40, 0)).toBe(0);
  });

  it('is a byte that never rises as the duration grows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (from, to, a, b) => {
          const [shorter, longer] = a <= b ? [a, b] : [b, a];
          const fast = kiirooV2SpeedByte(from, to, shorter);
          const slow = kiirooV2SpeedByte(from, to, longer);
          expect(fast).toBeGreaterThanOrEqual(0);
          expect(fast).toBeLessThanOrEqual(255);
          expect(slow).toBeLessThanOrEqual(fast);
        },
      ),
    );
  });
});

describe('kiiroo-v2 protocol', () => {
  it('puts the Launch in command mode, then sends [position, speed] from the previous position', async () => {
    const { device, hardware } = await simulatedDevice('kiiroo-v2', 'Launch');
    const definition = baseDefinition('kiiroo-v2', 'Launch');
    const handler = await kiirooV2Protocol.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'firmware', data: [0], withResponse: true }]);
    const up = handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 99, 100));
    const stay = handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 99, 100));
    expect(written([...up, ...stay])).toEqual([
      [99, 219],
      [99, 0],
    ]);
    expect(up[0]).toMatchObject({ endpoint: 'tx', withResponse: false, commandId: definition.features[0].id });
  });

  it('drives only position with duration', async () => {
    const { hardware } = await simulatedDevice('kiiroo-v2', 'Launch');
    const definition = baseDefinition('kiiroo-v2', 'Launch');
    const handler = await kiirooV2Protocol.initialize({ hardware, definition });
    expect(() => handler.output(outputFor(definition, 0, 'Vibrate', 5))).toThrow(/cannot drive/);
    expect(() => handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 5))).toThrow(/duration/);
  });
});
