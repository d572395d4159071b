import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tryFunChecksum } from '../../../protocols/families/tryfun.ts';
import { protocol as tryfun, surgePacket } from '../../../protocols/tryfun.ts';
import { protocol as blackhole } from '../../../protocols/tryfun-blackhole.ts';
import { meta2RotationByte, protocol as meta2 } from '../../../protocols/tryfun-meta2.ts';
import { baseDefinition, outputFor, simulatedHardware, written } from '../helpers.ts';

describe('tryfun checksum', () => {
  it('makes the bytes after the first, the checksum and the bias sum to 0xFF (mod 256)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 16 }), (bytes, bias) => {
        const checksum = tryFunChecksum(bytes, bias);
        expect(checksum).toBeGreaterThanOrEqual(0);
        expect(checksum).toBeLessThan(256);
        const total = bytes.slice(1).reduce((sum, byte) => sum + byte, 0) + checksum - bias;
        expect(((total % 256) + 256) % 256).toBe(0xff);
      }),
    );
  });
});

describe('tryfun surge pro', () => {
  it('says on with the speed, or off as mode 1 speed 2', () => {
    expect([...surgePacket(0)]).toEqual([0, 2, 0, 5, 1, 2, 1, 1, 0xfc]);
    expect([...surgePacket(1)]).toEqual([0, 2, 0, 5, 2, 1, 1, 0, 0xfc]);
    expect([...surgePacket(4)]).toEqual([0, 2, 0, 5, 2, 4, 1, 0, 0xf9]);
  });

  it('sends a counter-clockwise Yuan rotation as its magnitude', async () => {
    const definition = baseDefinition('tryfun', 'TRYFUN-ONE');
    const handler = await tryfun.initialize({ hardware: await simulatedHardware('tryfun', 'TRYFUN-ONE'), definition });
    expect(written(handler.output(outputFor(definition, 1, 'Rotate', -5)))).toEqual([[0xaa, 0x02, 0x08, 0x05, 0xf3]]);
  });
});

describe('tryfun counted packets', () => {
  it('counts every packet of the device across outputs and wraps at 256', async () => {
    const definition = baseDefinition('tryfun-blackhole', 'TF-BHPLUS');
    const handler = await blackhole.initialize({ hardware: await simulatedHardware('tryfun-blackhole', 'TF-BHPLUS'), definition });
    const counters: number[] = [];
    for (let i = 0; i < 258; i++) {
      const feature = i % 2;
      const [command] = handler.output(outputFor(definition, feature, feature === 0 ? 'Oscillate' : 'Vibrate', i % 100));
      if (command.kind === 'write') counters.push(command.data[0]);
    }
    expect(counters.slice(0, 3)).toEqual([0, 1, 2]);
    expect(counters.slice(254)).toEqual([254, 255, 0, 1]);
  });

  it('meta 2 rotation: counter-clockwise as is, clockwise as 0xFF minus the speed', () => {
    expect(meta2RotationByte(0)).toBe(0xff);
    expect(meta2RotationByte(1)).toBe(0xfe);
    expect(meta2RotationByte(100)).toBe(0x9b);
    expect(meta2RotationByte(-1)).toBe(1);
    expect(meta2RotationByte(-100)).toBe(100);
  });

  it('meta 2 checksum wraps where the reference would overflow', async () => {
    const definition = baseDefinition('tryfun-meta2', 'TF-META2');
    const handler = await meta2.initialize({ hardware: await simulatedHardware('tryfun-meta2', 'TF-META2'), definition });
    // Clockwise 58: byte 0xC5, and 0xFF − Σ + 8 passes 255 before wrapping.
    expect(written(handler.output(outputFor(definition, 2, 'Rotate', 58)))).toEqual([[0, 2, 0, 5, 0x21, 5, 0x0e, 0xc5, 0x07]]);
  });
});
