/**
 * Cupido: [b0 03 00 00 00 speed aa] on tx (reference: cupido). The reference leaves its battery
 * reader switched off, so only the BLE battery endpoint would be read, and the config has none.
 */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('cupido', {
  outputs: ['Vibrate'],
  layout: { header: [0xb0, 0x03, 0x00, 0x00, 0x00], perValue: ['value'], footer: [0xaa] },
});
