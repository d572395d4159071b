/**
 * TryFun Meta 2: `counter 02 00 05 21 05 <motor> speed checksum` on tx; motor 08 vibrates,
 * 0B oscillates, 0E rotates (reference: tryfun_meta2).
 */
import { countedProtocol } from './families/tryfun.ts';
import { toByte } from './kit/values.ts';

const NAME = 'tryfun-meta2';

/**
 * Rotation: counter-clockwise speeds are sent as they are (1–100), clockwise ones (and stop) as
 * 0xFF − speed, i.e. the byte of −(speed + 1).
 */
export function meta2RotationByte(value: number): number {
  if (value < 0) return toByte(NAME, -value, 'rotation speed');
  return toByte(NAME, 0xff - value, 'rotation speed');
}

const body =
  (motor: number, encode: (value: number) => number) =>
  (value: number): number[] => [0x02, 0x00, 0x05, 0x21, 0x05, motor, encode(value)];

const speed = (value: number) => toByte(NAME, value, 'speed');

export const protocol = countedProtocol(NAME, {
  Vibrate: body(0x08, speed),
  Oscillate: body(0x0b, speed),
  Rotate: body(0x0e, meta2RotationByte),
});
