/** Meese: `01 80 <motor number from 1> <speed>` on tx, written with response (reference: meese). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('meese', {
  outputs: ['Vibrate'],
  withResponse: true,
  layout: { header: [0x01, 0x80], perValue: [{ indexPlus: 1 }, 'value'], footer: [] },
});
