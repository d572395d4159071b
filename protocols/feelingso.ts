/**
 * FeelingSo (Flair Feel): one packet [aa 40 03 vibrate oscillate 14 19] carrying both motors'
 * current speeds (reference: feelingso). The reference reads 14 as the oscillation range and
 * does not know what 19 is (perhaps a checksum); both are sent as they are.
 */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('feelingso', {
  outputs: ['Vibrate', 'Oscillate'],
  scope: { kind: 'device', commandId: 'feelingso:device', slots: 2 },
  layout: { header: [0xaa, 0x40, 0x03], perValue: ['value'], footer: [0x14, 0x19] },
});
