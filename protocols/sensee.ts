/** Sensee (Diandou Rabbit): one 11-byte packet on tx, the speed last (reference: sensee). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('sensee', {
  outputs: ['Vibrate'],
  layout: { header: [0x55, 0xaa, 0xf0, 0x01, 0x01, 0x0b, 0x65, 0xf7, 0x01, 0x01], perValue: ['value'], footer: [] },
});
