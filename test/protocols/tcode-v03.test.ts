import { describe, expect, it } from 'vitest';
import { tcodeCommand, protocol as tcodeV03Protocol } from '../../protocols/tcode-v03.ts';
import { baseDefinition, outputFor, simulatedDevice, text } from './helpers.ts';

const command = (output: 'Position' | 'HwPositionWithDuration' | 'Vibrate', featureIndex: number, value: number, duration?: number) => ({
  featureIndex,
  featureId: 'f',
  output,
  value,
  ...(duration === undefined ? {} : { duration }),
});

describe('tcode-v03 commands', () => {
  it.each([
    [command('Position', 0, 500), 'L0500\nR0500\n'],
    [command('Position', 0, 7), 'L0007\nR0007\n'],
    [command('HwPositionWithDuration', 0, 51, 200), 'L051I200\n'],
    [command('HwPositionWithDuration', 1, 5, 0), 'L105I0\n'],
    [command('HwPositionWithDuration', 0, 1000, 1500), 'L01000I1500\n'],
    [command('Vibrate', 1, 99), 'V199\n'],
    [command('Vibrate', 1, 0), 'V100\n'],
  ])('%o is %j', (output, expected) => {
    expect(tcodeCommand(output)).toBe(expected);
  });

  it('writes ASCII to tx without response, one packet per feature', async () => {
    const { hardware } = await simulatedDevice('tcode-v03', 'tcode', { endpoints: ['tx'] });
    const definition = baseDefinition('tcode-v03');
    const handler = await tcodeV03Protocol.initialize({ hardware, definition });
    const commands = handler.output(outputFor(definition, 0, 'Position', 250));
    expect(text(commands)).toEqual(['L0250\nR0250\n']);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: false, commandId: definition.features[0].id });
    expect(() => handler.output(outputFor(definition, 0, 'Rotate', 1))).toThrow(/cannot drive/);
  });
});
