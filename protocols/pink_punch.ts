/** Pink Punch: `09 speed` on tx, with response (reference: pink_punch). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('pink_punch', {
  outputs: ['Vibrate'],
  withResponse: true,
  layout: { header: [0x09], perValue: ['value'], footer: [] },
});
