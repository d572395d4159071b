/**
 * Svakom Ava Neo: feature 0 (vibrate) uses the 0x03 packet, feature 1 the 0x08 (oscillate) or
 * 0x09 (vibrate) packet (reference: svakom_avaneo).
 */
import { type FeaturePacket, perFeature, runningFlag, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

function byFeature(secondCommand: number): FeaturePacket {
  return (speed, featureIndex) =>
    featureIndex === 0
      ? [SVAKOM_PREFIX, 0x03, 0x00, 0x00, runningFlag(speed), speed]
      : [SVAKOM_PREFIX, secondCommand, 0x00, 0x00, speed, 0xff];
}

export const protocol = svakomProtocol('svakom-avaneo', perFeature({ Vibrate: byFeature(0x09), Oscillate: byFeature(0x08) }));
