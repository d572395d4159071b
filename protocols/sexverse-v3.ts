/**
 * Sexverse v3 (Tay, Zeus): `A1 04 speed <feature index + 1>` on tx, written with response, and
 * repeated every 100 ms while nothing else is sent (reference: sexverse_v3). The reference
 * handles only Vibrate and Rotate, so the Zeus's Oscillate motor would be refused there; the
 * packet addresses a motor by its index and carries no output type, so Oscillate uses it too.
 */
import { packetRowsProtocol } from './kit/packet-rows.ts';

export const protocol = packetRowsProtocol(
  'sexverse-v3',
  [
    {
      outputs: ['Vibrate', 'Oscillate', 'Rotate'],
      withResponse: true,
      // No direction in the packet; the reference would send a counter-clockwise speed as its two's complement.
      magnitudeOnly: true,
      layout: { header: [0xa1, 0x04], perValue: ['value', { indexPlus: 1 }], footer: [] },
    },
  ],
  { keepalive: { kind: 'repeatLastWrite', intervalMs: 100 } },
);
