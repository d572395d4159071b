/** Svakom v4 (Erica, Cici+ 2, ToyCod Barzillai/Clara): both vibrators in one motor-pair packet (reference: svakom_v4). */
import { motorPair, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol('svakom-v4', motorPair({ runningByte: 0x01, footer: [0x00], singleMotorSaysBoth: true }));
