import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.ts';
import { protocol as sayberx, sayberXIdentifier, sayberXSpeedCommand } from '../../protocols/sayberx.ts';
import { baseDefinition, outputFor, simulatedDevice, simulatedHardware, text } from './helpers.ts';

describe('sayberx', () => {
  it('writes the step times ten as two ASCII digits', () => {
    expect([0, 1, 2, 3, 4].map(sayberXSpeedCommand)).toEqual(['AT+SPD00', 'AT+SPD10', 'AT+SPD20', 'AT+SPD30', 'AT+SPD40']);
  });

  it('refuses steps outside 0–4 with a device error', () => {
    expect(() => sayberXSpeedCommand(5)).toThrow(expect.objectContaining({ code: ErrorCode.Device }));
    expect(() => sayberXSpeedCommand(-1)).toThrow(/outside 0–4/);
  });

  it('identifies every X-Ring as "X-Ring" and picks its configuration', async () => {
    expect(sayberXIdentifier('X-Ring 0F313B')).toBe('X-Ring');
    expect(sayberXIdentifier('SayberX')).toBe('SayberX');
    const { hardware, candidate } = await simulatedDevice('sayberx', 'X-Ring 0F313B');
    const identifier = await sayberx.identify({ hardware, candidate });
    expect(baseDefinition('sayberx', identifier).name).toBe('Sayber X-Ring');
  });

  it('drives the SayberX on tx', async () => {
    const definition = baseDefinition('sayberx', 'SayberX');
    const handler = await sayberx.initialize({ hardware: await simulatedHardware('sayberx', 'SayberX'), definition });
    const commands = handler.output(outputFor(definition, 0, 'Vibrate', 3));
    expect(text(commands)).toEqual(['AT+SPD30']);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: false });
  });
});
