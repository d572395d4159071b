/**
 * Cachito: [02 + motor, 01 + motor, speed, 00] per motor on tx, the motor being the feature index
 * (reference: cachito).
 */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('cachito', {
  outputs: ['Vibrate'],
  layout: { header: [], perValue: [{ indexPlus: 2 }, { indexPlus: 1 }, 'value', 0x00], footer: [] },
});
