/**
 * TryFun Yuan series and Surge Pro, written with response on tx (reference: tryfun). The Yuan
 * series takes `AA 02 <07 oscillate | 08 rotate> speed checksum`; the Surge Pro's vibrator a
 * fixed-length packet that says on/off besides the speed.
 */
import { withTryFunChecksum } from './families/tryfun.ts';
import { featurePacketProtocol } from './kit/feature-packet.ts';
import type { HardwareOutput } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'tryfun';

/** `AA 02 motor speed checksum`; checksum bias 3 (the bytes after the first). */
function yuanPacket(motor: number, value: number): number[] {
  return withTryFunChecksum([0xaa, 0x02, motor, toByte(NAME, value, 'speed')], 3);
}

/** Surge Pro: on with the speed, or off (which the device wants as mode 1, speed 2). */
export function surgePacket(value: number): number[] {
  const speed = toByte(NAME, value, 'speed');
  const off = speed === 0;
  return [0x00, 0x02, 0x00, 0x05, off ? 1 : 2, off ? 2 : speed, 0x01, off ? 1 : 0, 0xfd - Math.max(speed, 1)];
}

function encode(command: HardwareOutput): number[] {
  switch (command.output) {
    case 'Oscillate':
      return yuanPacket(0x07, command.value);
    case 'Rotate':
      // The config's rotation range is 0–9 with no direction; the reference would send a
      // counter-clockwise speed as its two's complement byte.
      return yuanPacket(0x08, Math.abs(command.value));
    case 'Vibrate':
      return surgePacket(command.value);
    default:
      throw unsupportedOutput(NAME, command);
  }
}

export const protocol = featurePacketProtocol(NAME, { withResponse: true, encode });
