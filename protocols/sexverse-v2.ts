/**
 * Sexverse v2 (Nolan, Libo Miao, HH010, Saphette): woken with `AA 04`, then one packet per motor,
 * `AA 03 01 <feature index + 1> 64 speed`, written with response (reference: sexverse_v2).
 */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('sexverse-v2', {
  outputs: ['Vibrate', 'Oscillate'],
  withResponse: true,
  init: [{ endpoint: 'tx', data: [0xaa, 0x04], withResponse: true }],
  layout: { header: [0xaa, 0x03, 0x01], perValue: [{ indexPlus: 1 }, 0x64, 'value'], footer: [] },
});
