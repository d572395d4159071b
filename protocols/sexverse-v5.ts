/** Sexverse v5 (Heart): `AA 03 03 speed 00 00 00` on tx (reference: sexverse_v5). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('sexverse-v5', {
  outputs: ['Vibrate'],
  layout: { header: [0xaa, 0x03, 0x03], perValue: ['value'], footer: [0x00, 0x00, 0x00] },
});
