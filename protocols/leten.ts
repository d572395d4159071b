/**
 * Leten: `02 <speed>` on tx with response, after an unlock write `04 01`; the toy stops when it
 * hears nothing for a while, so the last packet is repeated every second (reference: leten).
 */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('leten', {
  outputs: ['Vibrate'],
  withResponse: true,
  layout: { header: [0x02], perValue: ['value'], footer: [] },
  init: [{ endpoint: 'tx', data: [0x04, 0x01], withResponse: true }],
  keepalive: { kind: 'repeatLastWrite', intervalMs: 1000 },
});
