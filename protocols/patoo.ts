/**
 * Patoo: the advertised name up to its first digit picks the model (PBT123 → PBT). A speed goes
 * on tx and a mode byte on txmode, both with response: mode 4 drives the first motor; when it is
 * off, mode 0x80 runs the second motor at its own speed, and mode 0 is all off (reference: patoo).
 */
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import type { HardwareCommand } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'patoo';
const MODE_FIRST_MOTOR = 0x04;
const MODE_SECOND_MOTOR = 0x80;
const MODE_OFF = 0x00;

/** The non-numeric start of a name like "PTVEA01". */
export function patooModelFromName(name: string): string {
  const firstDigit = name.search(/[0-9]/);
  return firstDigit === -1 ? name : name.slice(0, firstDigit);
}

/** [speed, mode] for the two motors' speeds: the first motor wins when both run. */
export function patooSpeedAndMode(first: number, second: number): [number, number] {
  if (first !== 0) return [first, MODE_FIRST_MOTOR];
  if (second !== 0) return [second, MODE_SECOND_MOTOR];
  return [0, MODE_OFF];
}

export const protocol = defineProtocol({
  name: NAME,
  identify: async ({ hardware }) => patooModelFromName(hardware.name),
  async initialize() {
    const speeds = [0, 0];
    return {
      keepalive: { kind: 'none' },
      output(command): HardwareCommand[] {
        if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
        if (command.featureIndex > 1) throw deviceError(`${NAME}: feature ${command.featureIndex} is not one of the two motors`);
        speeds[command.featureIndex] = toByte(NAME, command.value);
        const [speed, mode] = patooSpeedAndMode(speeds[0], speeds[1]);
        return [
          { kind: 'write', endpoint: 'tx', data: Uint8Array.of(speed), withResponse: true, commandId: 'patoo:speed' },
          { kind: 'write', endpoint: 'txmode', data: Uint8Array.of(mode), withResponse: true, commandId: 'patoo:mode' },
        ];
      },
    };
  },
});
