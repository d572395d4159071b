/** Svakom Alex Neo 2: the speed, then the speed + 5 (reference: svakom_alex_v2). */
import { perFeature, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-alex-v2',
  perFeature({ Vibrate: (speed) => [SVAKOM_PREFIX, 0x03, 0x03, 0x00, speed, speed + 5] }),
);
