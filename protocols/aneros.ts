/** Aneros: one packet per motor on tx; 0xF1 addresses the first motor, 0xF2 the second (reference: aneros). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('aneros', {
  outputs: ['Vibrate'],
  layout: { header: [], perValue: [{ indexPlus: 0xf1 }, 'value'], footer: [] },
});
