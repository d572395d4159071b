/**
 * Vorze (Rends) Cyclone X10, a USB HID rotator: one 16-byte raw HID write per command,
 * `00 3C 30 31 35 32 <pause> <speed> 30 <mode> 30 01 02 03 68 3E`, every field an ASCII digit
 * (0x30 + n): pause 0 (running), speed 0–10, mode 0 forwards / 1 backwards. Built from the
 * stpihkal documentation (protocols/cyclone), not in the reference's code. The leading 00 is the
 * HID report id. The documentation leaves open which of forwards/backwards is clockwise (here:
 * clockwise = forwards) and whether a stop should set the pause flag (here: a stop is speed 0,
 * running, forwards — the pause flag is never set).
 */
import { deviceError } from '../src/errors.ts';
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { unsupportedOutput } from './kit/values.ts';

const NAME = 'vorze-cyclone-x';
const ASCII_ZERO = 0x30;
const MAX_SPEED = 10;
const RUNNING = 0;
const FORWARDS = 0;
const BACKWARDS = 1;

/** The packet for a signed speed: ≥ 0 turns clockwise (forwards), < 0 counterclockwise. */
export function cycloneXPacket(value: number): number[] {
  const speed = Math.abs(value);
  if (!Number.isInteger(value) || speed > MAX_SPEED) {
    throw deviceError(`${NAME}: speed ${value} is outside -${MAX_SPEED}…${MAX_SPEED}`);
  }
  const digit = (n: number) => ASCII_ZERO + n;
  const mode = value < 0 ? BACKWARDS : FORWARDS;
  return [0x00, 0x3c, 0x30, 0x31, 0x35, 0x32, digit(RUNNING), digit(speed), 0x30, digit(mode), 0x30, 0x01, 0x02, 0x03, 0x68, 0x3e];
}

export const protocol = featurePacketProtocol(NAME, {
  encode: (command) => {
    if (command.output !== 'Rotate') throw unsupportedOutput(NAME, command);
    return cycloneXPacket(command.value);
  },
});
