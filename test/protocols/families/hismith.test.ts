import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hismithModel, readHismithModel } from '../../../protocols/families/hismith.ts';
import { protocol as hismith } from '../../../protocols/hismith.ts';
import { protocol as hismithMini } from '../../../protocols/hismith-mini.ts';
import { ErrorCode } from '../../../src/errors.ts';
import { baseConfig, baseDefinition, outputFor, simulatedDevice, simulatedHardware, written } from '../helpers.ts';

describe('hismith model number', () => {
  it('is the read bytes in lowercase hex, two digits each', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (bytes) => {
        const model = hismithModel(bytes);
        expect(model).toMatch(/^([0-9a-f]{2})*$/);
        expect(model.length).toBe(bytes.length * 2);
        expect(Number.parseInt(model.slice(0, 2) || '0', 16)).toBe(bytes[0] ?? 0);
      }),
    );
    expect(hismithModel([0x10, 0x05])).toBe('1005');
  });

  it('is read from rxblemodel', async () => {
    const { device, hardware, candidate } = await simulatedDevice('hismith', 'HISMITH');
    device.queueRead('rxblemodel', [0x20, 0x01]);
    await expect(hismith.identify({ hardware, candidate })).resolves.toBe('2001');
  });

  it('fails with a device error when the read times out', async () => {
    const { hardware } = await simulatedDevice('hismith-mini', 'Sinloli');
    await expect(readHismithModel('hismith-mini', hardware, 5)).rejects.toMatchObject({
      code: ErrorCode.Device,
      message: expect.stringMatching(/did not report its model number/),
    });
  });
});

describe('hismith configuration', () => {
  it('keeps legacy models and hands every other one to hismith-mini', () => {
    expect(hismith.configurationProtocol?.('1001')).toBe('hismith');
    expect(hismith.configurationProtocol?.('2001')).toBe('hismith');
    expect(hismith.configurationProtocol?.('1005')).toBe('hismith-mini');
    expect(hismith.configurationProtocol?.('')).toBe('hismith-mini');
    expect(hismithMini.configurationProtocol).toBeUndefined();
  });

  it('drives a hismith-mini definition with 0xCC packets', async () => {
    const { hardware } = await simulatedDevice('hismith', 'HISMITH');
    const definition = baseConfig.definition('hismith-mini', '1005', hardware.address);
    if (!definition) throw new Error('no hismith-mini 1005');
    const handler = await hismith.initialize({ hardware, definition });
    expect(written(handler.output(outputFor(definition, 0, 'Oscillate', 50)))).toEqual([[0xcc, 0x03, 50, 53]]);
  });
});

describe('hismith packets', () => {
  it('switches the thrusting cup vibrator off with 0xF0 on slot 6', async () => {
    const definition = baseDefinition('hismith', '2001');
    const handler = await hismith.initialize({ hardware: await simulatedHardware('hismith', 'HISMITH'), definition });
    expect(written(handler.output(outputFor(definition, 1, 'Vibrate', 1)))).toEqual([[0xaa, 0x06, 0x01, 0x07]]);
    expect(written(handler.output(outputFor(definition, 1, 'Vibrate', 0)))).toEqual([[0xaa, 0x06, 0xf0, 0xf6]]);
  });

  it('puts a mini constrictor on slot 5 when it is the second feature, and two vibrators on 3 and 5', async () => {
    const cosima = baseDefinition('hismith-mini', '2204');
    const cosimaHandler = await hismithMini.initialize({ hardware: await simulatedHardware('hismith-mini', 'Sinloli Cosima'), definition: cosima });
    expect(written(cosimaHandler.output(outputFor(cosima, 1, 'Constrict', 4)))).toEqual([[0xcc, 0x05, 4, 9]]);
    const rabbit = baseDefinition('hismith-mini', '3101');
    const rabbitHandler = await hismithMini.initialize({ hardware: await simulatedHardware('hismith-mini', 'Eropair 1'), definition: rabbit });
    expect(written(rabbitHandler.output(outputFor(rabbit, 0, 'Vibrate', 7)))).toEqual([[0xcc, 0x03, 7, 10]]);
    expect(written(rabbitHandler.output(outputFor(rabbit, 1, 'Vibrate', 7)))).toEqual([[0xcc, 0x05, 7, 12]]);
  });

  it('sprays once for a level above 0 and not on stop (the reference sprays on stop too)', async () => {
    const definition = baseDefinition('hismith-mini', '4002');
    const handler = await hismithMini.initialize({ hardware: await simulatedHardware('hismith-mini', 'Hismith Piupiu'), definition });
    expect(written(handler.output(outputFor(definition, 0, 'Spray', 1)))).toEqual([[0xcc, 0x0b, 0x01, 0x0c]]);
    expect(handler.output(outputFor(definition, 0, 'Spray', 0))).toEqual([]);
  });

  it('writes the rotation speed, then its direction under its own coalescing id', async () => {
    const definition = baseDefinition('hismith-mini', '2205');
    const handler = await hismithMini.initialize({ hardware: await simulatedHardware('hismith-mini', 'Sinloli Aston'), definition });
    const commands = handler.output(outputFor(definition, 0, 'Rotate', -30));
    expect(written(commands)).toEqual([
      [0xcc, 0x03, 30, 33],
      [0xcc, 0x01, 0xc1, 0xc2],
    ]);
    expect(commands[1]).toMatchObject({ commandId: 'hismith-mini:rotate-direction' });
  });
});
