/**
 * Svakom v5 (Chika, Mora Neo, Trysta Neo, Mini Emma Neo): the motor-pair packet without a footer
 * and without the single-motor rule, and a 0x09 oscillator packet (reference: svakom_v5).
 */
import { motorPair, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-v5',
  motorPair({
    runningByte: 0x01,
    footer: [],
    singleMotorSaysBoth: false,
    others: { Oscillate: (speed) => [SVAKOM_PREFIX, 0x09, 0x00, 0x00, speed, 0x00] },
  }),
);
