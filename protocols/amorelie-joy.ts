/**
 * Amorelie Joy: woken with 03 on tx, then [01, pattern 01 (steady), speed] per motor
 * (reference: amorelie_joy).
 */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('amorelie-joy', {
  outputs: ['Vibrate'],
  init: [{ endpoint: 'tx', data: [0x03], withResponse: false }],
  layout: { header: [0x01, 0x01], perValue: ['value'], footer: [] },
});
