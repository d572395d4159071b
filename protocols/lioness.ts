/**
 * Lioness: after subscribing to rx and a handshake write, `02 AA BB CC CC <speed>` on tx
 * (reference: lioness). The handshake write fails when the toy is not paired with the OS.
 */
import { deviceError, describeError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import { createPacketHandler, type PacketTableRow } from './kit/packet-table.ts';

const NAME = 'lioness';
const SPEED_PACKET: PacketTableRow = {
  outputs: ['Vibrate'],
  layout: { header: [0x02, 0xaa, 0xbb, 0xcc, 0xcc], perValue: ['value'], footer: [] },
};
const HANDSHAKE = Uint8Array.of(0x01, 0xaa, 0xaa, 0xbb, 0xcc, 0x10);

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ hardware, definition }) {
    await hardware.subscribe('rx');
    try {
      await hardware.write('tx', HANDSHAKE, true);
    } catch (error) {
      throw deviceError(`${NAME}: the handshake write failed (${describeError(error)}); the Lioness may need pairing with the OS, PIN 6496 or 006496`);
    }
    return createPacketHandler(NAME, SPEED_PACKET, definition);
  },
});
