import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol as liboElle, liboElleShockByte } from '../../../protocols/libo-elle.ts';
import { protocol as liboKaren } from '../../../protocols/libo-karen.ts';
import { protocol as liboShark } from '../../../protocols/libo-shark.ts';
import { protocol as liboVibes } from '../../../protocols/libo-vibes.ts';
import type { DeviceDefinition } from '../../../src/devices/features.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from '../helpers.ts';

/** A definition with one more Vibrate feature than the config gives (user configs may add it). */
function withSecondVibrator(definition: DeviceDefinition): DeviceDefinition {
  const first = definition.features[0];
  return { ...definition, features: [first, { ...first, index: 1, id: `${first.id}-2` }] };
}

describe('libo-elle', () => {
  it('encodes shock steps as intensity and mode nibbles', () => {
    expect(liboElleShockByte(0)).toBe(0x00);
    expect(liboElleShockByte(1)).toBe(0x01);
    expect(liboElleShockByte(7)).toBe(0x61);
    expect(liboElleShockByte(8)).toBe(0x04);
    expect(liboElleShockByte(23)).toBe(0xf4);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 23 }), (step) => {
        const byte = liboElleShockByte(step);
        expect(byte & 0x0f).toBe(step < 8 ? 0x01 : 0x04);
        expect(byte >> 4).toBe(step < 8 ? step - 1 : step - 8);
      }),
    );
  });

  it('refuses a shock step whose intensity would overflow into the mode bits', () => {
    expect(() => liboElleShockByte(24)).toThrow(/does not fit/);
  });

  it('sends the vibrator to txmode and a second feature (shock) to tx', async () => {
    const { hardware } = await simulatedDevice('libo-elle', 'PiPiJing');
    const definition = withSecondVibrator(baseDefinition('libo-elle', 'PiPiJing'));
    const handler = await liboElle.initialize({ hardware, definition });
    expect(handler.output(outputFor(definition, 0, 'Vibrate', 3))).toMatchObject([{ endpoint: 'txmode', data: Uint8Array.of(3) }]);
    expect(handler.output(outputFor(definition, 1, 'Vibrate', 9))).toMatchObject([{ endpoint: 'tx', data: Uint8Array.of(0x14) }]);
  });
});

describe('libo-shark', () => {
  it('packs both levels into one byte and refuses a level above 15', async () => {
    const { hardware } = await simulatedDevice('libo-shark', 'ShaYu');
    const definition = baseDefinition('libo-shark', 'ShaYu');
    const handler = await liboShark.initialize({ hardware, definition });
    expect(written(handler.output(outputFor(definition, 1, 'Vibrate', 3)))).toEqual([[0x03]]);
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 2)))).toEqual([[0x23]]);
    expect(() => handler.output(outputFor(definition, 0, 'Vibrate', 16))).toThrow(/does not fit in 4 bits/);
  });
});

describe('libo-vibes', () => {
  it('stops a single-motor toy on tx and txmode, with the feature as coalescing id', async () => {
    const { hardware } = await simulatedDevice('libo-vibes', 'XiaoLu');
    const definition = baseDefinition('libo-vibes', 'XiaoLu');
    const handler = await liboVibes.initialize({ hardware, definition });
    const stop = handler.output(outputFor(definition, 0, 'Vibrate', 0));
    expect(stop).toMatchObject([
      { endpoint: 'tx', data: Uint8Array.of(0), commandId: definition.features[0].id },
      { endpoint: 'txmode', data: Uint8Array.of(0), commandId: definition.features[0].id },
    ]);
  });
});

describe('libo-karen', () => {
  it('connects with the bundled config (no features) and writes nothing', async () => {
    const { device, hardware } = await simulatedDevice('libo-karen', 'SuoYinQiu');
    const definition = baseDefinition('libo-karen', 'SuoYinQiu');
    expect(definition.features).toHaveLength(0);
    await expect(liboKaren.initialize({ hardware, definition })).resolves.toBeDefined();
    expect(commandsTo(device)).toEqual([]);
  });
});
