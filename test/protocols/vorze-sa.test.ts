import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.ts';
import { protocol as vorzeSaProtocol, vorzePistonSpeed } from '../../protocols/vorze-sa.ts';
import { baseDefinition, outputFor, simulatedDevice, written } from './helpers.ts';

async function handlerFor(name: string, identifier = name) {
  const { hardware } = await simulatedDevice('vorze-sa', name);
  const definition = baseDefinition('vorze-sa', identifier);
  return { handler: await vorzeSaProtocol.initialize({ hardware, definition }), definition };
}

describe('vorze-sa variants', () => {
  it('single vibrators: device byte from the name, then action 3 and the speed', async () => {
    const bach = await handlerFor('Bach smart');
    const rocket = await handlerFor('ROCKET');
    expect(written(bach.handler.output(outputFor(bach.definition, 0, 'Vibrate', 40)))).toEqual([[6, 3, 40]]);
    expect(written(rocket.handler.output(outputFor(rocket.definition, 0, 'Vibrate', 40)))).toEqual([[7, 3, 40]]);
  });

  it('single rotators: direction in bit 7 of the speed byte', async () => {
    const cyclone = await handlerFor('CycSA');
    const ufo = await handlerFor('UFOSA');
    expect(written(cyclone.handler.output(outputFor(cyclone.definition, 0, 'Rotate', -10)))).toEqual([[1, 1, 10]]);
    expect(written(ufo.handler.output(outputFor(ufo.definition, 0, 'Rotate', 10)))).toEqual([[2, 1, 0x8a]]);
  });

  it('dual rotator: both directions in one packet with a shared coalescing id', async () => {
    const { handler, definition } = await handlerFor('UFO-TW');
    const commands = [...handler.output(outputFor(definition, 1, 'Rotate', -3)), ...handler.output(outputFor(definition, 0, 'Rotate', 3))];
    expect(written(commands)).toEqual([
      [5, 0x80, 3],
      [5, 0x83, 3],
    ]);
    expect(commands[0].commandId).toBe(commands[1].commandId);
  });

  it('dual vibrator: both speeds in one packet', async () => {
    const { handler, definition } = await handlerFor('OMORFI');
    expect(written(handler.output(outputFor(definition, 1, 'Vibrate', 12)))).toEqual([[9, 0, 12]]);
  });

  it('piston: position and a speed from the distance and duration', async () => {
    const { handler, definition } = await handlerFor('VorzePiston');
    const first = handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 50, 1000));
    expect(written(first)).toEqual([[3, 50, vorzePistonSpeed(50, 1000)]]);
    expect(written(handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 50, 1000)))).toEqual([[3, 50, 100]]);
  });

  it('piston speed stays in 0–100 and is 100 for no movement', () => {
    expect(vorzePistonSpeed(0, 500)).toBe(100);
    expect(vorzePistonSpeed(200, 100_000)).toBe(0);
    expect(vorzePistonSpeed(200, 1)).toBe(100);
    expect(vorzePistonSpeed(100, 2000)).toBe(Math.trunc(Math.pow(4000 / 6658, -1.21)));
  });

  it('refuses a variant the name does not identify, and a definition without a variant', async () => {
    const { hardware } = await simulatedDevice('vorze-sa', 'Mystery');
    await expect(vorzeSaProtocol.initialize({ hardware, definition: baseDefinition('vorze-sa', 'CycSA') })).rejects.toMatchObject({
      code: ErrorCode.Device,
    });
    await expect(vorzeSaProtocol.initialize({ hardware, definition: baseDefinition('vorze-sa') })).rejects.toMatchObject({
      code: ErrorCode.Device,
    });
  });
});
