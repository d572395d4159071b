/**
 * Lelo: the packets of the F1s and Harmony generations and the security handshake the newer
 * toys need before they take commands (reference: lelof1s, lelof1sv2, lelo_harmony).
 *
 * The handshake: subscribe to the security endpoint; the toy notifies eight zero bytes while
 * the connection is not authorised (the user must press the power button), then a password,
 * which must be written back with response while unsubscribed, and finally `01 00 …` once
 * authorised. The reference waits for that forever; here the wait ends when the hardware goes
 * away, on a malformed (empty) notification, or after an optional timeout (the device machine
 * gives up on a device that is not set up after 30 s anyway).
 */
import type { DeviceDefinition } from '../../src/devices/features.ts';
import type { Endpoint, Hardware } from '../../src/hardware/types.ts';
import { deviceError } from '../../src/errors.ts';
import { NotificationInbox } from '../kit/notification-inbox.ts';
import { createPacketHandler, type PacketTableRow } from '../kit/packet-table.ts';
import type { ProtocolHandler } from '../kit/types.ts';

/** What a security notification says. */
export type LeloSecurityState = 'unauthorised' | 'authorised' | 'password';

export interface LeloHandshakeOptions {
  /** Give up after this long without authorisation; undefined waits until the hardware goes away. */
  readonly authorisationTimeoutMs?: number;
}

/** The F1s generation: both motor speeds in one packet, `01 <motor 1> <motor 2>`. */
export function createLeloF1sHandler(protocol: string, definition: DeviceDefinition, withResponse: boolean): ProtocolHandler {
  const row: PacketTableRow = {
    outputs: ['Vibrate'],
    withResponse,
    scope: { kind: 'device', commandId: `${protocol}:device`, slots: 2 },
    layout: { header: [0x01], perValue: ['value'], footer: [] },
  };
  return createPacketHandler(protocol, row, definition);
}

/** The Harmony generation: one packet per feature, numbered from 1; vibrators and rotators alike. */
export function createLeloHarmonyHandler(protocol: string, definition: DeviceDefinition): ProtocolHandler {
  const row: PacketTableRow = {
    outputs: ['Vibrate', 'Rotate'],
    layout: { header: [0x0a, 0x12], perValue: [{ indexPlus: 1 }, 0x08, 0x00, 0x00, 0x00, 0x00, 'value'], footer: [0x00] },
  };
  return createPacketHandler(protocol, row, definition);
}

function isAllZero(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0);
}

/** F1s V2: only the exact eight-byte answers are states; anything else is a password. */
export function leloF1sV2SecurityState(bytes: Uint8Array): LeloSecurityState {
  if (bytes.length === 8 && isAllZero(bytes)) return 'unauthorised';
  if (bytes.length === 8 && bytes[0] === 1 && isAllZero(bytes.subarray(1))) return 'authorised';
  return 'password';
}

/** Harmony: zeros of any length are "not authorised", a 1 followed by zeros is "authorised". */
export function leloHarmonySecurityState(bytes: Uint8Array): LeloSecurityState {
  if (isAllZero(bytes)) return 'unauthorised';
  if (bytes[0] === 1 && isAllZero(bytes.subarray(1))) return 'authorised';
  return 'password';
}

interface Handshake {
  readonly protocol: string;
  readonly hardware: Hardware;
  readonly endpoint: Endpoint;
  readonly classify: (bytes: Uint8Array) => LeloSecurityState;
  readonly options: LeloHandshakeOptions;
}

/** The next security notification, or a device error when there is none in time or it is empty. */
async function nextSecurityAnswer(inbox: NotificationInbox, handshake: Handshake, deadline: number | undefined): Promise<Uint8Array> {
  const { protocol, hardware, endpoint, options } = handshake;
  for (;;) {
    const remaining = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
    const notification = await inbox.next(remaining);
    if (!notification) {
      throw deviceError(`${protocol}: ${hardware.name} was not authorised within ${options.authorisationTimeoutMs} ms (press its power button)`);
    }
    // Only the security endpoint is subscribed; anything else is not an answer.
    if (notification.endpoint !== endpoint) continue;
    if (notification.data.length === 0) {
      throw deviceError(`${protocol}: ${hardware.name} sent an empty security notification on ${endpoint}`);
    }
    return notification.data;
  }
}

/** Runs the security handshake until the toy says it is authorised. */
export async function authoriseLelo(handshake: Handshake): Promise<void> {
  const { hardware, endpoint, classify, options } = handshake;
  const deadline = options.authorisationTimeoutMs === undefined ? undefined : Date.now() + options.authorisationTimeoutMs;
  // Listen before subscribing so an answer sent at once is kept.
  const inbox = new NotificationInbox(hardware);
  try {
    await hardware.subscribe(endpoint);
    for (;;) {
      const answer = await nextSecurityAnswer(inbox, handshake, deadline);
      const state = classify(answer);
      if (state === 'authorised') return;
      if (state === 'password') {
        // The toy ignores the password while the endpoint is subscribed.
        await hardware.unsubscribe(endpoint);
        await hardware.write(endpoint, answer, true);
        await hardware.subscribe(endpoint);
      }
      // 'unauthorised': the user has not pressed the power button yet; keep waiting.
    }
  } finally {
    inbox.close();
  }
}
