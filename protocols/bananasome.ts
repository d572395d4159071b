/**
 * Bananasome (Rocket X7): one packet [a0 03 a b c] carrying the current speed of all three
 * features, the oscillator first (reference: bananasome).
 */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('bananasome', {
  outputs: ['Oscillate', 'Vibrate'],
  scope: { kind: 'device', commandId: 'bananasome:device', slots: 3 },
  layout: { header: [0xa0, 0x03], perValue: ['value'], footer: [] },
});
