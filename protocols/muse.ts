/**
 * Mu Se / Love Spouse (Dream Lover Archer 2, Galaku Panty Vib): built from the stpihkal
 * documentation (stpihkal/protocols/muse), not in the reference's code. Every command is two
 * bytes on tx, `AA BB`: with BB non-zero, AA is a speed the device runs for about one second
 * (AA = 0 stops it whatever BB is); BB = 0 would pick a built-in pattern instead.
 *
 * Left open by the documentation, chosen here:
 * - BB: "any non-zero value"; we send 0x01.
 * - How often to resend: a speed lasts "approximately 1 second", so the last packet is repeated
 *   every 800 ms (our margin, not a measured figure).
 */
import { packetProtocol } from './kit/packet-table.ts';

/** The second byte: non-zero selects speed mode (the value itself is not documented). */
export const MUSE_SPEED_MODE = 0x01;
export const MUSE_REPEAT_MS = 800;

export const protocol = packetProtocol('muse', {
  outputs: ['Vibrate'],
  layout: { header: [], perValue: ['value'], footer: [MUSE_SPEED_MODE] },
  keepalive: { kind: 'repeatLastWrite', intervalMs: MUSE_REPEAT_MS },
});
