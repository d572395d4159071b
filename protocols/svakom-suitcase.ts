/**
 * Svakom Magic Suitcase / Coleur Dor VX236A: feature 0's 30 steps are a dial of intensity 1–3
 * times speed 1–10; feature 1 is a 0x09 packet (reference: svakom_suitcase).
 */
import { perFeature, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

/** Step → [intensity, speed]: 1–10 → [1, 1–10], 11–20 → [2, 1–10], …; 0 → [0, 0]. */
export function suitcaseDial(step: number): [intensity: number, speed: number] {
  if (step === 0) return [0, 0];
  const speed = step % 10;
  const intensity = Math.floor(step / 10) + 1;
  // A multiple of ten is the top speed of the intensity below, not speed 0 of the next one.
  return speed === 0 ? [intensity - 1, 10] : [intensity, speed];
}

export const protocol = svakomProtocol(
  'svakom-suitcase',
  perFeature({
    Vibrate: (step, featureIndex) =>
      featureIndex === 0
        ? [SVAKOM_PREFIX, 0x03, 0x00, 0x00, ...suitcaseDial(step)]
        : [SVAKOM_PREFIX, 0x09, 0x00, 0x00, step, 0x00],
  }),
);
