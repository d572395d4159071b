import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patooModelFromName, patooSpeedAndMode, protocol } from '../../protocols/patoo.ts';
import { simulatedDevice } from './helpers.ts';

describe('patoo identification', () => {
  it('uses the name up to its first digit', async () => {
    expect(patooModelFromName('PTVEA0123')).toBe('PTVEA');
    expect(patooModelFromName('PHT')).toBe('PHT');
    expect(patooModelFromName('9PCS')).toBe('');
    const { hardware, candidate } = await simulatedDevice('patoo', 'PBT77');
    await expect(protocol.identify({ hardware, candidate })).resolves.toBe('PBT');
  });
});

describe('patoo speed and mode', () => {
  it('drives the first motor with mode 4, the second alone with mode 0x80, and 0 when both are off', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (first, second) => {
        const [speed, mode] = patooSpeedAndMode(first, second);
        if (first > 0) expect([speed, mode]).toEqual([first, 0x04]);
        else if (second > 0) expect([speed, mode]).toEqual([second, 0x80]);
        else expect([speed, mode]).toEqual([0, 0]);
      }),
    );
  });
});
