/**
 * Luvmazer: `A0 <function> <two bytes> <strength> <speed>` on tx, one packet per feature; the
 * function byte says which output (reference: luvmazer). Only vibration motors are addressed by
 * feature index; the rotator, oscillator and constrictor are single.
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import type { HardwareOutput } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'luvmazer';
const HEADER = 0xa0;
const FULL_STRENGTH = 0x64;
/** The constrictor's pump strength while it runs. */
const CONSTRICT_STRENGTH = 0x14;

function encode(command: HardwareOutput): number[] {
  const speed = toByte(NAME, command.value);
  switch (command.output) {
    case 'Vibrate':
      return [HEADER, 0x01, 0x00, toByte(NAME, command.featureIndex, 'motor index'), FULL_STRENGTH, speed];
    case 'Rotate':
      return [HEADER, 0x0f, 0x00, 0x00, FULL_STRENGTH, speed];
    case 'Oscillate':
      return [HEADER, 0x06, 0x01, 0x00, FULL_STRENGTH, speed];
    case 'Constrict':
      return [HEADER, 0x0d, 0x00, 0x00, speed === 0 ? 0x00 : CONSTRICT_STRENGTH, speed];
    default:
      throw unsupportedOutput(NAME, command);
  }
}

export const protocol = featurePacketProtocol(NAME, { encode });
