/**
 * Lovense identification: ask the toy `DeviceType;` and read its type letters from the reply
 * (`<type>:<firmware>:<mac>;`). A toy that never answers is identified from its advertised name
 * (`LVS-Z36` → `Z`), or not at all (the protocol defaults apply).
 */
import type { Hardware } from '../../src/hardware/types.ts';
import { deviceError } from '../../src/errors.ts';
import { NotificationInbox } from '../kit/notification-inbox.ts';
import { ascii } from '../kit/values.ts';
import type { LovenseOptions } from './options.ts';

const DEVICE_TYPE_REQUEST = 'DeviceType;';
const BLE_NAME_MODEL = /LVS-([A-Z]+)\d+/;

/** Firmware ≥ 3 Flexers drive their motors separately and have their own configuration. */
const FLEXER = 'EI';
const FLEXER_SEPARATE_MOTORS_FIRMWARE = 3;

function parseFirmware(text: string): number {
  return /^[+-]?\d+$/.test(text) ? Number.parseInt(text, 10) : 0;
}

/** The identifier for a `DeviceType;` reply; a reply without fields gives "lovense". */
export function lovenseModelFromReply(reply: string): string {
  const parts = reply.split(':');
  if (parts.length < 2) return 'lovense';
  const [type, firmware] = parts;
  if (type === FLEXER && parseFirmware(firmware) >= FLEXER_SEPARATE_MOTORS_FIRMWARE) return 'EI-FW3';
  return type;
}

export function lovenseModelFromName(name: string): string | undefined {
  return BLE_NAME_MODEL.exec(name)?.[1];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeReply(hardware: Hardware, data: Uint8Array): string {
  try {
    return utf8.decode(data);
  } catch {
    throw deviceError(`lovense: ${hardware.name} answered DeviceType with bytes that are not UTF-8`);
  }
}

export async function identifyLovense(hardware: Hardware, options: LovenseOptions): Promise<string | undefined> {
  // Listen before subscribing so an early reply is kept.
  const inbox = new NotificationInbox(hardware);
  try {
    await hardware.subscribe('rx');
    // The first request plus `deviceTypeRetries` more; any notification counts as the reply.
    for (let attempt = 0; attempt <= options.deviceTypeRetries; attempt++) {
      await hardware.write('tx', ascii(DEVICE_TYPE_REQUEST), false);
      const reply = await inbox.next(options.deviceTypeTimeoutMs);
      if (reply) return lovenseModelFromReply(decodeReply(hardware, reply.data));
    }
    return lovenseModelFromName(hardware.name);
  } finally {
    inbox.close();
  }
}
