/**
 * Love Distance: `F3 00 <speed>` on tx, after two setup packets that zero the motor and switch
 * the toy to app control (reference: lovedistance).
 */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('lovedistance', {
  outputs: ['Vibrate'],
  layout: { header: [0xf3, 0x00], perValue: ['value'], footer: [] },
  init: [
    { endpoint: 'tx', data: [0xf3, 0x00, 0x00], withResponse: false },
    { endpoint: 'tx', data: [0xf4, 0x01], withResponse: false },
  ],
});
