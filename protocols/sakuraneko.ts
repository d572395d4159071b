/**
 * Sakuraneko: a 12-byte packet per output on tx; the first byte picks vibration (A1) or rotation
 * (A2), the eighth carries the speed (reference: sakuraneko).
 */
import { type OutputRow, packetRowsProtocol } from './kit/packet-rows.ts';

function row(output: 'Vibrate' | 'Rotate', kind: number, tail: number): OutputRow {
  return {
    outputs: [output],
    // The config's rotation range is 0–100 with no direction; the reference would send a
    // counter-clockwise speed as its two's complement byte.
    magnitudeOnly: true,
    layout: { header: [kind, 0x08, 0x01, 0x00, 0x00, 0x00, 0x64], perValue: ['value'], footer: [0x00, tail, 0xdf, 0x55] },
  };
}

export const protocol = packetRowsProtocol('sakuraneko', [row('Vibrate', 0xa1, 0x64), row('Rotate', 0xa2, 0x32)]);
