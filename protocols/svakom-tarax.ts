/**
 * ToyCod Tara X: feature 0 on the 0x03 packet (off is 0x01 0x01), feature 1 on the 0x09 packet
 * (reference: svakom_tarax, whose author doubts the motor mapping; followed as written).
 */
import { perFeature, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-tarax',
  perFeature({
    Vibrate: (speed, featureIndex) =>
      featureIndex === 0
        ? [SVAKOM_PREFIX, 0x03, 0x00, 0x00, speed === 0 ? 0x01 : speed, speed === 0 ? 0x01 : 0x02]
        : [SVAKOM_PREFIX, 0x09, 0x00, 0x00, speed, 0x00],
  }),
);
