/**
 * Nexus Revo Stealth: vibration and rotation each have their own 6-byte packet on tx, written
 * with response. The rotation byte is the speed, plus 2 for clockwise (reference: nexus_revo).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import type { HardwareOutput } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'nexus-revo';

/** The rotation byte: |speed|, plus 2 when turning clockwise (positive). */
export function nexusRevoRotationByte(speed: number): number {
  return toByte(NAME, Math.abs(speed) + (speed > 0 ? 2 : 0), 'rotation');
}

function encode(command: HardwareOutput): number[] {
  if (command.output === 'Vibrate') return [0xaa, 0x01, 0x01, 0x00, 0x01, toByte(NAME, command.value)];
  if (command.output === 'Rotate') return [0xaa, 0x01, 0x02, 0x00, nexusRevoRotationByte(command.value), 0x00];
  throw unsupportedOutput(NAME, command);
}

export const protocol = featurePacketProtocol(NAME, { encode, withResponse: true });
