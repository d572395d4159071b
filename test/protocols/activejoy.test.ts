import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activeJoyPacket } from '../../protocols/activejoy.ts';

const vibrate = (featureIndex: number, value: number) => ({ featureIndex, featureId: 'f', output: 'Vibrate' as const, value });

describe('activejoy packet', () => {
  it('flags the motor on exactly while its speed is above 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (speed) => {
        const packet = activeJoyPacket(vibrate(0, speed));
        expect(packet[4]).toBe(speed > 0 ? 1 : 0);
        expect(packet[5]).toBe(speed);
      }),
    );
  });

  it('names the motor by feature index', () => {
    expect(activeJoyPacket(vibrate(1, 3))).toEqual([0xb0, 0x01, 0x00, 0x01, 0x01, 0x03]);
  });

  it('refuses outputs it cannot drive', () => {
    expect(() => activeJoyPacket({ ...vibrate(0, 3), output: 'Rotate' })).toThrow(/cannot drive/);
  });
});
