/**
 * Galaku: packets start with 0x23, end with a one-byte sum, and every byte after the first is
 * scrambled with a key picked by the previous scrambled byte. The pump (galaku-pump) uses the
 * same scrambling with its own command byte. Built from the reference galaku and galaku_pump
 * implementations.
 */
import type { Hardware } from '../../src/hardware/types.ts';
import { deviceError } from '../../src/errors.ts';
import { NotificationInbox } from '../kit/notification-inbox.ts';

const START = 0x23;

const KEY_TABLE: readonly (readonly number[])[] = [
  [0x00, 0x18, 0x98, 0xf7, 0xa5, 0x3d, 0x0d, 0x29, 0x25, 0x50, 0x44, 0x46],
  [0x00, 0x45, 0x6e, 0x6a, 0x6f, 0x78, 0x20, 0x53, 0x2d, 0x31, 0x2e, 0x37],
  [0x00, 0x65, 0x78, 0x20, 0x54, 0x6f, 0x79, 0x73, 0x0a, 0x8e, 0x9d, 0xa3],
  [0x00, 0xc5, 0xd6, 0xe7, 0xf8, 0x0a, 0x32, 0x20, 0x6f, 0x62, 0x0d, 0x0a],
];

/** Ten body bytes fill the key table's twelve columns with the start byte and the sum. */
export const GALAKU_BODY_LENGTH = 10;

/** The plain packet: start byte, body, then the sum of both (mod 256). */
export function galakuPlainPacket(body: readonly number[]): number[] {
  const plain = [START, ...body];
  plain.push(plain.reduce((sum, byte) => sum + byte, 0) & 0xff);
  return plain;
}

/** Scrambles a plain packet: byte i becomes ((key ^ first ^ byte) + key), key from the previous output byte. */
export function galakuScramble(plain: readonly number[]): Uint8Array {
  const out = [plain[0]];
  for (let i = 1; i < plain.length; i++) {
    const key = KEY_TABLE[out[i - 1] & 3][i];
    out.push(((key ^ plain[0] ^ plain[i]) + key) & 0xff);
  }
  return Uint8Array.from(out);
}

/** The bytes on the wire for a ten-byte body. */
export function galakuPacket(body: readonly number[]): Uint8Array {
  if (body.length !== GALAKU_BODY_LENGTH || body.some((byte) => !Number.isInteger(byte) || byte < 0 || byte > 0xff)) {
    throw deviceError(`galaku: a packet body is ${GALAKU_BODY_LENGTH} bytes, got [${body.join(', ')}]`);
  }
  return galakuScramble(galakuPlainPacket(body));
}

/** Undoes galakuScramble (the device's replies use the same scheme). */
export function galakuUnscramble(data: ArrayLike<number>): number[] {
  const plain = [data[0]];
  for (let i = 1; i < data.length; i++) {
    const key = KEY_TABLE[data[i - 1] & 3][i];
    plain.push((((data[i] - key) & 0xff) ^ data[0] ^ key) & 0xff);
  }
  return plain;
}

const BATTERY_ENDPOINT = 'rxblebattery';
const BATTERY_REQUEST = [0x5a, 0x00, 0x00, 0x01, 0x13, 0x00, 0x00, 0x00, 0x00, 0x00];

/** The reference waits for the battery notification forever; a silent device fails after this. */
export const GALAKU_BATTERY_TIMEOUT_MS = 1000;

/**
 * Asks for the battery level: subscribe to rxblebattery, send the request on tx (with response),
 * and take the first byte of the next rxblebattery notification.
 */
export async function readGalakuBattery(hardware: Hardware, timeoutMs = GALAKU_BATTERY_TIMEOUT_MS): Promise<number> {
  const inbox = new NotificationInbox(hardware);
  try {
    await hardware.subscribe(BATTERY_ENDPOINT);
    await hardware.write('tx', galakuPacket(BATTERY_REQUEST), true);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reply = await inbox.next(Math.max(0, deadline - Date.now()));
      if (!reply) throw deviceError(`galaku: ${hardware.name} did not report its battery level within ${timeoutMs} ms`);
      if (reply.endpoint !== BATTERY_ENDPOINT) continue;
      if (reply.data.length === 0) throw deviceError(`galaku: ${hardware.name} sent an empty battery notification`);
      return reply.data[0];
    }
  } finally {
    inbox.close();
  }
}
