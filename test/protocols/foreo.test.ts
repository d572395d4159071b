import { describe, expect, it } from 'vitest';
import { foreoMode, protocol as foreo } from '../../protocols/foreo.ts';
import { baseDefinition, outputFor, simulatedDevice, written } from './helpers.ts';

describe('foreo mode byte', () => {
  it.each([
    ['LUNA play smart 2', 3],
    ['LUNA PLAYSMART2', 3],
    ['LUNA fofo', 1],
    ['UFO 3', 1],
    ['UFO3mini', 1],
    ['LUNA 4', 0],
    ['BEAR 2', 0],
    ['LUNA PLAY SMART', 0],
  ])('%s uses mode %i', (name, mode) => {
    expect(foreoMode(name)).toBe(mode);
  });

  it('puts the mode of the connected model in every packet', async () => {
    const { hardware } = await simulatedDevice('foreo', 'LUNA play smart 2');
    const definition = baseDefinition('foreo', 'LUNA play smart 2');
    const handler = await foreo.initialize({ hardware, definition });
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 10)))).toEqual([[0x01, 0x03, 0x0a]]);
  });
});
