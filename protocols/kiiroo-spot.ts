/** Kiiroo Spot: one vibration speed at the end of a fixed six-byte packet on tx (reference: kiiroo_spot). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('kiiroo-spot', {
  outputs: ['Vibrate'],
  layout: { header: [0x00, 0xff, 0x00, 0x00, 0x00], perValue: ['value'], footer: [] },
});
