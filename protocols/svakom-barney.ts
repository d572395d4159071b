/** Mutufun Barney: both vibrators in one motor-pair packet, 0x03 while running (reference: svakom_barney). */
import { motorPair, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-barney',
  motorPair({ runningByte: 0x03, footer: [0x00], singleMotorSaysBoth: true }),
);
