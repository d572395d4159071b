/** DeepSire (Kuirkish Imp 3): [55 04 01 00 00 speed aa] on tx (reference: deepsire). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('deepsire', {
  outputs: ['Vibrate'],
  layout: { header: [0x55, 0x04, 0x01, 0x00, 0x00], perValue: ['value'], footer: [0xaa] },
});
