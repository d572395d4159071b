/**
 * Fluffer (and the MotorBunny models it drives): every packet is AES-128-ECB encrypted with
 * PKCS#7 padding under a fixed key. Devices advertising manufacturer data for company 0x684a
 * must pass a challenge before they take commands: four random bytes and the first four bytes
 * of SHA-256(random ‖ four bytes derived from the advertisement), answered with a5 01 01 00.
 * Both motors' current values travel in one packet (reference: fluffer).
 *
 * Where the reference would crash or wait forever, this fails with a device error instead: an
 * advertisement entry without data, a reply that does not decrypt, no reply at all.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Hardware, ManufacturerData } from '../src/hardware/types.ts';
import { deviceError } from '../src/errors.ts';
import { defineProtocol, identifyByName } from './kit/define.ts';
import { NotificationInbox } from './kit/notification-inbox.ts';
import type { HardwareCommand, Protocol, ProtocolHandler } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'fluffer';
const KEY = Buffer.from('jdk#Flu%y6fer32f', 'latin1');
const COMPANY = 0x684a;
const COMMAND_ID = 'fluffer:device';

const AUTH_HEADER = [0xa5, 0x01, 0x08];
const AUTH_ACCEPTED = [0xa5, 0x01, 0x01, 0x00];
const START = [0x82, 0x0e, 0x02, 0x00, 0x01];
const MOTORS_HEADER = [0x82, 0x0f, 0x05, 0x00];

export interface FlufferOptions {
  /** How long to wait for the answer to the challenge (the reference waits forever). */
  readonly replyTimeoutMs: number;
  /** Source of the challenge's random bytes. */
  readonly random: (length: number) => Uint8Array;
}

export const FLUFFER_DEFAULTS: FlufferOptions = {
  replyTimeoutMs: 5000,
  random: (length) => new Uint8Array(randomBytes(length)),
};

export function flufferEncrypt(plain: ArrayLike<number>): Uint8Array {
  const cipher = createCipheriv('aes-128-ecb', KEY, null);
  return new Uint8Array(Buffer.concat([cipher.update(Uint8Array.from(plain)), cipher.final()]));
}

/** The plain bytes, or a device error when the data is not a valid encrypted packet. */
export function flufferDecrypt(data: ArrayLike<number>): Uint8Array {
  try {
    const decipher = createDecipheriv('aes-128-ecb', KEY, null);
    return new Uint8Array(Buffer.concat([decipher.update(Uint8Array.from(data)), decipher.final()]));
  } catch {
    throw deviceError(`${NAME}: a reply of ${data.length} bytes does not decrypt to a packet`);
  }
}

/**
 * The advertisement as the challenge uses it: the company id (little-endian) followed by the data,
 * from the entry of Fluffer's company; empty when there is none.
 */
export function flufferAdvertisement(manufacturerData: readonly ManufacturerData[]): number[] {
  const entry = manufacturerData.find((item) => item.company === COMPANY);
  return entry ? [COMPANY & 0xff, COMPANY >> 8, ...(entry.data ?? [])] : [];
}

/** Up to four bytes from the advertisement, unmasked with the key its second and third bytes give. */
export function flufferAdvertisementBytes(advertisement: readonly number[]): number[] {
  if (advertisement.length < 3) {
    throw deviceError(`${NAME}: the manufacturer data carries no bytes to answer the challenge with`);
  }
  const key = advertisement[1] ^ advertisement[2];
  // Zero and the key itself are sent as they are.
  return advertisement.slice(3, 7).map((byte) => (byte !== 0 && byte !== key ? byte ^ key : byte));
}

/** The plain challenge packet for these random bytes and this advertisement. */
export function flufferChallenge(random: ArrayLike<number>, advertisement: readonly number[]): number[] {
  const digest = createHash('sha256').update(Uint8Array.from(random)).update(Uint8Array.from(flufferAdvertisementBytes(advertisement))).digest();
  return [...AUTH_HEADER, ...Array.from(random), ...digest.subarray(0, 4)];
}

function sameBytes(a: ArrayLike<number>, b: readonly number[]): boolean {
  return a.length === b.length && b.every((byte, i) => a[i] === byte);
}

async function authenticate(hardware: Hardware, inbox: NotificationInbox, advertisement: number[], options: FlufferOptions): Promise<void> {
  const challenge = flufferChallenge(options.random(4), advertisement);
  await hardware.write('tx', flufferEncrypt(challenge), false);
  const reply = await inbox.next(options.replyTimeoutMs);
  if (!reply) throw deviceError(`${NAME}: ${hardware.name} did not answer the security handshake within ${options.replyTimeoutMs} ms`);
  const plain = flufferDecrypt(reply.data);
  if (!sameBytes(plain, AUTH_ACCEPTED)) {
    throw deviceError(`${NAME}: ${hardware.name} refused the security handshake (answered ${[...plain].join(' ')})`);
  }
  await hardware.write('tx', flufferEncrypt(START), false);
}

/** Rotation: the speed, plus 100 when turning backwards. */
function motorByte(output: string, value: number): number {
  return toByte(NAME, output === 'Rotate' && value < 0 ? 100 - value : value);
}

function createFlufferHandler(): ProtocolHandler {
  const motors = [0, 0];
  const outputs = new Set(['Vibrate', 'Rotate', 'Oscillate']);
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      if (!outputs.has(command.output)) throw unsupportedOutput(NAME, command);
      if (command.featureIndex > 1) throw deviceError(`${NAME}: feature ${command.featureIndex} is not one of the two motors`);
      motors[command.featureIndex] = motorByte(command.output, command.value);
      const data = flufferEncrypt([...MOTORS_HEADER, motors[0], motors[1], 0x00, 0x00]);
      return [{ kind: 'write', endpoint: 'tx', data, withResponse: false, commandId: COMMAND_ID }];
    },
  };
}

export function createFlufferProtocol(options: Partial<FlufferOptions> = {}): Protocol {
  const settings = { ...FLUFFER_DEFAULTS, ...options };
  // identify sees the advertisement, initialize only the hardware: carried over per device.
  const advertisements = new WeakMap<Hardware, number[]>();
  return defineProtocol({
    name: NAME,
    async identify(context) {
      const { specifier } = context.candidate;
      advertisements.set(context.hardware, specifier.kind === 'btle' ? flufferAdvertisement(specifier.manufacturerData) : []);
      return identifyByName(context);
    },
    async initialize({ hardware }) {
      const advertisement = advertisements.get(hardware) ?? [];
      // Listen before subscribing so an early answer is kept.
      const inbox = new NotificationInbox(hardware);
      try {
        await hardware.subscribe('rx');
        if (advertisement.length > 0) await authenticate(hardware, inbox, advertisement, settings);
      } finally {
        inbox.close();
      }
      return createFlufferHandler();
    },
  });
}

export const protocol = createFlufferProtocol();
