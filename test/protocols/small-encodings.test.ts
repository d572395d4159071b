import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { motorbunnyPacket } from '../../protocols/motorbunny.ts';
import { myMuseLinkPlusPacket } from '../../protocols/mymuselinkplus.ts';
import { nextLevelRacingCommand } from '../../protocols/nextlevelracing.ts';
import { nexusRevoRotationByte } from '../../protocols/nexus-revo.ts';
import { nobraByte } from '../../protocols/nobra.ts';
import { picobongPacket } from '../../protocols/picobong.ts';
import { MUSE_REPEAT_MS, protocol as muse } from '../../protocols/muse.ts';
import { PRETTYLOVE_IDENTIFIER, protocol as prettylove } from '../../protocols/prettylove.ts';
import { baseDefinition, outputFor, simulatedDevice, written } from './helpers.ts';

describe('motorbunny packets', () => {
  it('end with the byte sum of the seven groups and 0xEC', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (a, b) => {
        const packet = motorbunnyPacket(0xff, [a, b]);
        expect(packet).toHaveLength(17);
        expect(packet[15]).toBe((7 * (a + b)) % 256);
        expect(packet[16]).toBe(0xec);
      }),
    );
  });
});

describe('small encodings', () => {
  it('nexus-revo adds 2 to clockwise rotation speeds', () => {
    expect([-2, -1, 0, 1, 2].map(nexusRevoRotationByte)).toEqual([2, 1, 0, 3, 4]);
  });

  it('nobra sends 0x70 for off and 0x60 + speed otherwise', () => {
    expect([0, 1, 15].map(nobraByte)).toEqual([0x70, 0x61, 0x6f]);
  });

  it('picobong switches mode to 0xFF at zero', () => {
    expect(picobongPacket(0)).toEqual([0x01, 0xff, 0x00]);
    expect(picobongPacket(10)).toEqual([0x01, 0x01, 0x0a]);
  });

  it('mymuselinkplus has a separate off packet', () => {
    expect(myMuseLinkPlusPacket(0)).toEqual([0xaa, 0x55, 0x06, 0xaa, 0, 0, 0, 0]);
    expect(myMuseLinkPlusPacket(3)).toEqual([0xaa, 0x55, 0x06, 0x01, 0x01, 0x01, 0x03, 0xff]);
  });

  it('nextlevelracing writes zone and speed in decimal without padding', () => {
    expect(nextLevelRacingCommand(0, 0)).toBe('M00\r');
    expect(nextLevelRacingCommand(7, 255)).toBe('M7255\r');
  });
});

describe('identifiers and timers', () => {
  it('prettylove identifies every device as "Aogu BLE"', async () => {
    const { hardware, candidate } = await simulatedDevice('prettylove', 'Aogu BLE 42');
    await expect(prettylove.identify({ hardware, candidate })).resolves.toBe(PRETTYLOVE_IDENTIFIER);
  });

  it('muse resends its timed speed packet within the ~1 s it lasts', async () => {
    const { hardware } = await simulatedDevice('muse', 'WB-TDD');
    const definition = baseDefinition('muse', 'WB-TDD');
    const handler = await muse.initialize({ hardware, definition });
    expect(handler.keepalive).toEqual({ kind: 'repeatLastWrite', intervalMs: MUSE_REPEAT_MS });
    expect(MUSE_REPEAT_MS).toBeLessThan(1000);
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 9)))).toEqual([[0x09, 0x01]]);
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 0)))).toEqual([[0x00, 0x01]]);
  });
});
