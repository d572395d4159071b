/** Realov: `C5 55 speed AA` on tx (reference: realov). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('realov', {
  outputs: ['Vibrate'],
  layout: { header: [0xc5, 0x55], perValue: ['value'], footer: [0xaa] },
});
