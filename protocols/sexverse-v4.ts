/** Sexverse v4 (G1, Vkini, Knights): `BB 01 speed 66` on tx, written with response (reference: sexverse_v4). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('sexverse-v4', {
  outputs: ['Vibrate'],
  withResponse: true,
  layout: { header: [0xbb, 0x01], perValue: ['value'], footer: [0x66] },
});
