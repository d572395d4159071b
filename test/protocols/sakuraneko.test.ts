import { describe, expect, it } from 'vitest';
import { protocol as sakuraneko } from '../../protocols/sakuraneko.ts';
import { baseDefinition, outputFor, simulatedHardware, written } from './helpers.ts';

describe('sakuraneko rotation', () => {
  it('sends a counter-clockwise speed as its magnitude', async () => {
    const definition = baseDefinition('sakuraneko', 'sakuraneko-04');
    const handler = await sakuraneko.initialize({ hardware: await simulatedHardware('sakuraneko', 'sakuraneko-04'), definition });
    expect(written(handler.output(outputFor(definition, 1, 'Rotate', -50)))).toEqual([
      [0xa2, 0x08, 0x01, 0x00, 0x00, 0x00, 0x64, 50, 0x00, 0x32, 0xdf, 0x55],
    ]);
  });
});
