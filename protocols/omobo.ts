/** Omobo ViVegg: `A1 04 04 01 speed FF 55` on tx, with response (reference: omobo). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('omobo', {
  outputs: ['Vibrate'],
  withResponse: true,
  layout: { header: [0xa1, 0x04, 0x04, 0x01], perValue: ['value'], footer: [0xff, 0x55] },
});
