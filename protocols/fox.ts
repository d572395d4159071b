/** Fox: [03 01 01 fe speed] on tx (reference: fox). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('fox', {
  outputs: ['Vibrate'],
  layout: { header: [0x03, 0x01, 0x01, 0xfe], perValue: ['value'], footer: [] },
});
