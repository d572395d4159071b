/** Svakom Sam Neo 2 (Pro): vibrate (0x03) and suction (0x09) packets, written with response (reference: svakom_sam2). */
import { perFeature, runningFlag, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-sam2',
  perFeature({
    Vibrate: (speed) => [SVAKOM_PREFIX, 0x03, 0x00, 0x00, runningFlag(speed, 0x05), speed, 0x00],
    Constrict: (level) => [SVAKOM_PREFIX, 0x09, 0x00, 0x00, runningFlag(level), level, 0x00],
  }),
  { withResponse: true },
);
