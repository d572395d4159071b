/**
 * iToys: one 6-byte packet per feature on tx. Vibration is a level (0–3) in byte 4; oscillation
 * carries an on flag twice and its speed last (reference: itoys).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import type { HardwareOutput } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'itoys';

function itoysPacket(command: HardwareOutput): number[] {
  const speed = toByte(NAME, command.value);
  if (command.output === 'Vibrate') return [0xa0, 0x01, 0x00, 0x00, speed, 0xff];
  if (command.output === 'Oscillate') {
    const on = speed === 0 ? 0x00 : 0x01;
    return [0xa0, 0x06, on, 0x00, on, speed];
  }
  throw unsupportedOutput(NAME, command);
}

export const protocol = featurePacketProtocol(NAME, { encode: itoysPacket });
