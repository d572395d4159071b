/** Svakom v1 (Ella, Emma Neo, Phoenix Neo, …): one 0x04 vibrate packet (reference: svakom_v1). */
import { perFeature, runningFlag, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-v1',
  perFeature({ Vibrate: (speed) => [SVAKOM_PREFIX, 0x04, 0x03, 0x00, runningFlag(speed), speed] }),
);
