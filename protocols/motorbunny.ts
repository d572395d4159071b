/**
 * Motorbunny (Classic, Buck): the vibrator and the rotator each get their own packet on tx, a
 * marker byte, seven repeats of a two-byte group, an 8-bit sum of the groups, and 0xEC; zero
 * speed has a short off packet instead (reference: motorbunny).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import type { HardwareOutput } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'motorbunny';
const END = 0xec;
const GROUP_REPEATS = 7;
const VIBRATE_MARKER = 0xff;
const VIBRATE_OFF = [0xf0, 0x00, 0x00, 0x00, 0x00, END];
/** The vibrator's second group byte (a mode, always the same). */
const VIBRATE_MODE = 0x14;
const ROTATE_MARKER = 0xaf;
const ROTATE_OFF = [0xa0, 0x00, 0x00, 0x00, 0x00, END];
const CLOCKWISE = 0x2a;
const COUNTER_CLOCKWISE = 0x29;

/** marker, the group seven times, the groups' byte sum (mod 256), END. */
export function motorbunnyPacket(marker: number, group: readonly [number, number]): number[] {
  const groups = Array.from({ length: GROUP_REPEATS }, () => group).flat();
  const sum = groups.reduce((total, byte) => (total + byte) & 0xff, 0);
  return [marker, ...groups, sum, END];
}

function encode(command: HardwareOutput): number[] {
  if (command.output === 'Vibrate') {
    if (command.value === 0) return VIBRATE_OFF;
    return motorbunnyPacket(VIBRATE_MARKER, [toByte(NAME, command.value), VIBRATE_MODE]);
  }
  if (command.output === 'Rotate') {
    if (command.value === 0) return ROTATE_OFF;
    const direction = command.value > 0 ? CLOCKWISE : COUNTER_CLOCKWISE;
    return motorbunnyPacket(ROTATE_MARKER, [direction, toByte(NAME, Math.abs(command.value), 'speed')]);
  }
  throw unsupportedOutput(NAME, command);
}

export const protocol = featurePacketProtocol(NAME, { encode });
