/**
 * ActiveJoy (IntoYou Remote Egg): [b0, mode 01 (vibrate), 00 (not strong mode), motor, on, speed]
 * on tx, where `on` is 01 while the speed is above 0 (reference: activejoy).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import type { HardwareOutput } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'activejoy';
const VIBRATE_MODE = 0x01;

export function activeJoyPacket(command: HardwareOutput): number[] {
  if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
  const { featureIndex, value } = command;
  return [0xb0, VIBRATE_MODE, 0x00, toByte(NAME, featureIndex, 'motor index'), value === 0 ? 0x00 : 0x01, toByte(NAME, value)];
}

export const protocol = featurePacketProtocol(NAME, { encode: activeJoyPacket });
