import { describe, expect, it } from 'vitest';
import { createLovehoneyDesireHandler } from '../../protocols/lovehoney-desire.ts';
import type { HardwareCommand } from '../../protocols/kit/types.ts';
import { baseDefinition, outputFor, written } from './helpers.ts';

const definition = baseDefinition('lovehoney-desire', 'PROSTATE VIBE');
const ids = (commands: HardwareCommand[]) => commands.map((command) => command.commandId);

describe('lovehoney-desire', () => {
  it('addresses both motors when leaving the all-motors mode, then only the changed one', () => {
    const handler = createLovehoneyDesireHandler(2);
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 64)))).toEqual([
      [0xf3, 1, 64],
      [0xf3, 2, 0],
    ]);
    expect(written(handler.output(outputFor(definition, 1, 'Vibrate', 13)))).toEqual([[0xf3, 2, 13]]);
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 13)))).toEqual([[0xf3, 0, 13]]);
    expect(written(handler.output(outputFor(definition, 1, 'Vibrate', 20)))).toEqual([
      [0xf3, 1, 13],
      [0xf3, 2, 20],
    ]);
  });

  it('lets the all-motors packet replace a queued motor-1 packet, never a motor-2 one', () => {
    const handler = createLovehoneyDesireHandler(2);
    const separate = handler.output(outputFor(definition, 0, 'Vibrate', 5));
    const together = handler.output(outputFor(definition, 0, 'Vibrate', 0));
    expect(ids(separate)).toEqual(['lovehoney-desire:motor1', 'lovehoney-desire:motor2']);
    expect(ids(together)).toEqual(['lovehoney-desire:motor1']);
  });

  it('always uses the all-motors packet for one motor, with response', () => {
    const handler = createLovehoneyDesireHandler(1);
    const commands = handler.output(outputFor(baseDefinition('lovehoney-desire', 'LOVE EGG'), 0, 'Vibrate', 127));
    expect(written(commands)).toEqual([[0xf3, 0, 127]]);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: true });
  });
});
