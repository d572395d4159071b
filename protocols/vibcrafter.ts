/**
 * VibCrafter: every packet is text encrypted with AES-128-ECB (PKCS#7 padding) under a key fixed
 * in the app. At connect the toy must be authenticated: we send `Auth:<6 letters/digits>;`, the
 * toy answers a challenge `xxxx:<text>;`, we send `Auth:<first two bytes of SHA-256(text) in
 * hex>;`, and the toy says `OK;` (it may challenge again first). Then `MtInt:<m1><m2>;` carries
 * both motors' speeds as two-digit numbers (reference: vibcrafter).
 *
 * Unlike the reference, the opening six characters are derived from the device address rather
 * than random, so a connection can be recorded and replayed; the toy cannot tell the difference.
 * The reference also waits forever for the toy's answers and crashes on one it cannot decrypt;
 * here a missing, undecryptable or unexpected answer fails the connection with a device error.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import type { Hardware } from '../src/hardware/types.ts';
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import { createDevicePacketHandler } from './kit/device-packet.ts';
import { NotificationInbox } from './kit/notification-inbox.ts';
import type { Protocol } from './kit/types.ts';
import { ascii } from './kit/values.ts';

const NAME = 'vibcrafter';
const KEY = ascii('jdk#Cra%f5Vib28r');
const CIPHER = 'aes-128-ecb';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NONCE_LENGTH = 6;
const CHALLENGE = /^[a-zA-Z0-9]{4}:([a-zA-Z0-9]+);$/;
const AUTHENTICATED = 'OK;';

export interface VibCrafterOptions {
  /** How long to wait for each answer of the toy during authentication. */
  readonly replyTimeoutMs: number;
  /** How many challenges the toy may send before giving up on it. */
  readonly maxChallenges: number;
}

export const VIBCRAFTER_DEFAULTS: VibCrafterOptions = { replyTimeoutMs: 2000, maxChallenges: 4 };

export function vibCrafterEncrypt(text: string): Uint8Array {
  const cipher = createCipheriv(CIPHER, KEY, null);
  return new Uint8Array(Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]));
}

/** The decrypted text, or undefined when the bytes are not a valid ciphertext of UTF-8 text. */
export function vibCrafterDecrypt(data: Uint8Array): string | undefined {
  try {
    const decipher = createDecipheriv(CIPHER, KEY, null);
    const plain = Buffer.concat([decipher.update(data), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return undefined;
  }
}

/** Six letters and digits, always the same for one device address. */
export function vibCrafterNonce(address: string): string {
  const digest = createHash('sha256').update(address).digest();
  return Array.from(digest.subarray(0, NONCE_LENGTH), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/** The answer to a challenge `xxxx:<text>;`, or undefined when the text is not a challenge. */
export function vibCrafterChallengeAnswer(challenge: string): string | undefined {
  const text = CHALLENGE.exec(challenge)?.[1];
  if (text === undefined) return undefined;
  const digest = createHash('sha256').update(text).digest();
  return `Auth:${digest.subarray(0, 2).toString('hex')};`;
}

export function vibCrafterSpeedText(first: number, second: number): string {
  const twoDigits = (speed: number) => String(speed).padStart(2, '0');
  return `MtInt:${twoDigits(first)}${twoDigits(second)};`;
}

async function nextAnswer(hardware: Hardware, inbox: NotificationInbox, timeoutMs: number): Promise<string> {
  const reply = await inbox.next(timeoutMs);
  if (!reply) throw deviceError(`${NAME}: ${hardware.name} did not answer the authentication within ${timeoutMs} ms`);
  const text = vibCrafterDecrypt(reply.data);
  if (text === undefined) throw deviceError(`${NAME}: ${hardware.name} answered the authentication with bytes that do not decrypt`);
  return text;
}

async function authenticate(hardware: Hardware, { replyTimeoutMs, maxChallenges }: VibCrafterOptions): Promise<void> {
  // Listen before subscribing so an early answer is kept.
  const inbox = new NotificationInbox(hardware);
  try {
    await hardware.subscribe('rx');
    await hardware.write('tx', vibCrafterEncrypt(`Auth:${vibCrafterNonce(hardware.address)};`), false);
    for (let challenges = 0; challenges <= maxChallenges; challenges++) {
      const answer = await nextAnswer(hardware, inbox, replyTimeoutMs);
      if (answer === AUTHENTICATED) return;
      const reply = vibCrafterChallengeAnswer(answer);
      if (reply === undefined) {
        throw deviceError(`${NAME}: ${hardware.name} answered the authentication with ${JSON.stringify(answer)}, not a challenge or OK`);
      }
      await hardware.write('tx', vibCrafterEncrypt(reply), false);
    }
    throw deviceError(`${NAME}: ${hardware.name} was still challenging after ${maxChallenges} answers`);
  } finally {
    inbox.close();
  }
}

export function createVibCrafterProtocol(options: Partial<VibCrafterOptions> = {}): Protocol {
  const settings = { ...VIBCRAFTER_DEFAULTS, ...options };
  return defineProtocol({
    name: NAME,
    async initialize({ hardware, definition }) {
      await authenticate(hardware, settings);
      return createDevicePacketHandler(NAME, definition, {
        outputs: ['Vibrate'],
        slots: 2,
        encode: ([first, second]) => vibCrafterEncrypt(vibCrafterSpeedText(first, second)),
      });
    },
  });
}

export const protocol = createVibCrafterProtocol();
