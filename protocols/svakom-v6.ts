/**
 * Svakom v6 (Coco Pro, Echo 2, Vick Neo 2, Iker Neo, …): features 0 and 1 in the motor-pair
 * packet, a third vibrator on its own 0x07 packet (reference: svakom_v6).
 */
import { motorPair, runningFlag, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-v6',
  motorPair({
    runningByte: 0x01,
    footer: [0x00],
    singleMotorSaysBoth: true,
    beyondPair: (speed) => [SVAKOM_PREFIX, 0x07, 0x00, 0x00, runningFlag(speed), speed, 0x00],
  }),
);
