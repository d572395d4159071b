/**
 * Youou wand: an 8-byte command (`aa 55`, a packet counter, `02 03 01`, speed, on/off), an XOR of
 * those 8 bytes, `ff` and 7 zero bytes, on tx without response. The counter counts every packet
 * sent and wraps at 256. Every advertised name (`VX001_…`) is the same model (reference: youou).
 */
import { defineProtocol } from './kit/define.ts';
import { createFeaturePacketHandler } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'youou';
/**
 * The reference identifies every Youou as this one model, but under the protocol name "Youou",
 * which the case-sensitive config lookup never finds (its Youous cannot connect); here the
 * identifier belongs to "youou", whose defaults are the one model.
 */
const IDENTIFIER = 'VX001_';
const PADDING = [0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

export function yououPacket(counter: number, speed: number): number[] {
  const command = [0xaa, 0x55, toByte(NAME, counter, 'packet counter'), 0x02, 0x03, 0x01, toByte(NAME, speed), speed > 0 ? 1 : 0];
  const checksum = command.reduce((xor, byte) => xor ^ byte, 0);
  return [...command, checksum, ...PADDING];
}

/** Encodes with the next packet counter each time (0 first). */
export function yououEncoder(): (speed: number) => number[] {
  let counter = 0;
  return (speed) => {
    const packet = yououPacket(counter, speed);
    counter = (counter + 1) & 0xff;
    return packet;
  };
}

export const protocol = defineProtocol({
  name: NAME,
  identify: () => Promise.resolve(IDENTIFIER),
  async initialize() {
    const encode = yououEncoder();
    return createFeaturePacketHandler({
      encode: (command) => {
        if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
        return encode(command.value);
      },
    });
  },
});
