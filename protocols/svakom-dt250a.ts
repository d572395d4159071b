/**
 * Coleur Dor DT250A: the command byte says which part moves (0x03 first vibrator, 0x08 second,
 * 0x09 constriction), then the value and a running flag the constriction never sets
 * (reference: svakom_dt250a).
 */
import { perFeature, runningFlag, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

function packet(command: number, value: number, flag: number): number[] {
  return [SVAKOM_PREFIX, command, 0x00, 0x00, value, flag];
}

export const protocol = svakomProtocol(
  'svakom-dt250a',
  perFeature({
    Vibrate: (speed, featureIndex) => packet(featureIndex === 0 ? 0x03 : 0x08, speed, runningFlag(speed)),
    Constrict: (level) => packet(0x09, level, 0x00),
  }),
);
