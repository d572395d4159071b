/**
 * Lovehoney Desire: `F3 <motor> <speed>` on tx with response (reference: lovehoney_desire).
 * Motor 0 means "all motors": single-motor toys always use it, two-motor toys use it while both
 * speeds are equal and otherwise address motors 1 and 2 separately.
 *
 * The reference rewrites both motors whenever their speeds differ and lets the all-motors packet
 * supersede both in its coalescing queue (it carries two coalescing ids). A command here has
 * one id, so instead a changed motor gets only its own packet, except when leaving the
 * all-motors mode, where both are written; the all-motors packet shares motor 1's id. The device
 * ends in the same state after every window, with the same packets as the reference for every
 * recorded case.
 */
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import { slotMap } from './kit/slot-values.ts';
import type { HardwareCommand, ProtocolHandler } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'lovehoney-desire';
const SET_SPEED = 0xf3;
const ALL_MOTORS = 0x00;
/** Motor 1's packets and the all-motors packet replace each other; motor 2's are separate. */
const COMMAND_IDS = [`${NAME}:motor1`, `${NAME}:motor2`];

function write(motor: number, speed: number, commandId: string): HardwareCommand {
  const data = Uint8Array.of(SET_SPEED, motor, toByte(NAME, speed));
  return { kind: 'write', endpoint: 'tx', data, withResponse: true, commandId };
}

function allMotors(speed: number): HardwareCommand {
  return write(ALL_MOTORS, speed, COMMAND_IDS[0]);
}

function oneMotor(slot: number, speed: number): HardwareCommand {
  return write(slot + 1, speed, COMMAND_IDS[slot]);
}

export function createLovehoneyDesireHandler(motorCount: number): ProtocolHandler {
  const speeds = new Array<number>(Math.min(motorCount, 2)).fill(0);
  // The device starts with every motor at 0, as if told so with one all-motors packet.
  let allMode = true;
  return {
    keepalive: { kind: 'none' },
    output(command) {
      if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
      const slot = command.featureIndex;
      if (slot < 0 || slot >= speeds.length) throw deviceError(`${NAME}: feature ${slot} is not one of the motors`);
      speeds[slot] = command.value;
      if (speeds.length === 1 || speeds[0] === speeds[1]) {
        allMode = true;
        return [allMotors(speeds[0])];
      }
      if (allMode) {
        allMode = false;
        return [oneMotor(0, speeds[0]), oneMotor(1, speeds[1])];
      }
      return [oneMotor(slot, speeds[slot])];
    },
  };
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ definition }) {
    return createLovehoneyDesireHandler(slotMap(definition, ['Vibrate']).size);
  },
});
