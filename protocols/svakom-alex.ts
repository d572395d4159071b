/** Svakom Alex Neo: one motor; 0xFF, not 0, is its "off" (reference: svakom_alex). */
import { perFeature, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-alex',
  perFeature({ Vibrate: (speed) => [0x12, 0x01, 0x03, 0x00, speed === 0 ? 0xff : speed, 0x00] }),
);
