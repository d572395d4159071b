import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.ts';
import { cuemeMotorByte, cuemeTypeFromName, protocol as cueme } from '../../protocols/cueme.ts';
import { baseDefinition, outputFor, simulatedDevice, written } from './helpers.ts';

describe('cueme identification', () => {
  it.each([
    ['FUNCODE_EBD8A0CFE5E0_1', '1'],
    ['FUNCODE_EBD8A0CFE5E0_2', '2'],
    ['FUNCODE_EBD8A0CFE5E0_3', '3'],
    ['FUNCODE_1234', undefined],
    ['FUNCODE_EBD8A0CFE5E0_x', undefined],
  ])('takes the garment type from %s: %s', async (name, type) => {
    expect(cuemeTypeFromName(name)).toBe(type);
    const { hardware, candidate } = await simulatedDevice('cueme', name);
    await expect(cueme.identify({ hardware, candidate })).resolves.toBe(type);
  });
});

describe('cueme motor byte', () => {
  it('is the motor id (feature index + 1) in the high nibble and the strength in the low one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 15 }), (index, strength) => {
        const byte = cuemeMotorByte(index, strength);
        expect(byte >> 4).toBe(index + 1);
        expect(byte & 0x0f).toBe(strength);
      }),
    );
  });

  it('refuses strengths above 15 and features without a motor id', () => {
    expect(() => cuemeMotorByte(0, 16)).toThrow(expect.objectContaining({ code: ErrorCode.Device }));
    expect(() => cuemeMotorByte(8, 1)).toThrow(/feature 8 has no motor id/);
  });

  it('writes one byte per motor on tx, with response', async () => {
    const { hardware } = await simulatedDevice('cueme', 'FUNCODE_EBD8A0CFE5E0_1');
    const definition = baseDefinition('cueme', '1');
    const handler = await cueme.initialize({ hardware, definition });
    const commands = handler.output(outputFor(definition, 7, 'Vibrate', 15));
    expect(written(commands)).toEqual([[0x8f]]);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: true });
  });
});
