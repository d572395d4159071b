/** Svakom Jordan: vibrate (0x03) and oscillate (0x08) packets, running flag before the speed (reference: svakom_jordan). */
import { type FeaturePacket, perFeature, runningFlag, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

function packet(command: number): FeaturePacket {
  return (speed) => [SVAKOM_PREFIX, command, 0x00, 0x00, runningFlag(speed), speed, 0x00];
}

export const protocol = svakomProtocol('svakom-jordan', perFeature({ Vibrate: packet(0x03), Oscillate: packet(0x08) }));
