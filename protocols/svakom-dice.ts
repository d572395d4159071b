/**
 * Zemalia Dice for Love: the speed between a fixed 0x01 and 0xAA (reference: svakom_dice). The
 * reference notes a roll sensor and battery on rx but drives neither, and the config lists no inputs.
 */
import { perFeature, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-dice',
  perFeature({ Vibrate: (speed) => [SVAKOM_PREFIX, 0x04, 0x00, 0x00, 0x01, speed, 0xaa] }),
);
