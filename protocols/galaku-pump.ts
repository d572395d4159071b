/**
 * Galaku pump (Nebula): both speeds (the oscillator's, then the vibrator's) in one scrambled
 * packet on tx, written with response (reference: galaku_pump; scrambling in families/galaku.ts).
 */
import { galakuPacket } from './families/galaku.ts';
import { devicePacketProtocol } from './kit/device-packet.ts';

export function galakuPumpSpeedsPacket(oscillate: number, vibrate: number): Uint8Array {
  return galakuPacket([0x5a, 0x00, 0x00, 0x01, 0x60, 0x03, oscillate, vibrate, 0x00, 0x00]);
}

export const protocol = devicePacketProtocol('galaku-pump', {
  // Features in index order: the oscillator (slot 0), the vibrator (slot 1).
  outputs: ['Oscillate', 'Vibrate'],
  slots: 2,
  withResponse: true,
  encode: ([oscillate, vibrate]) => galakuPumpSpeedsPacket(oscillate, vibrate),
});
