/**
 * Ankni (Roselex): the device's address is read from generic0 (the device-information
 * service). A 7-byte or longer answer is the PnP id, and such devices need no handshake; a
 * 6-byte answer is the address, and the device must then hear a 20-byte 01 packet and a packet
 * carrying a checksum of that address sixteen times, both written with response. Speeds go as
 * [03 12 speed] padded with zeros to 20 bytes, with response (reference: ankni).
 */
import type { Hardware } from '../src/hardware/types.ts';
import { deviceError, describeError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import { createPacketHandler, type InitWrite, type PacketTableRow, sendInitWrites } from './kit/packet-table.ts';
import type { Protocol } from './kit/types.ts';

const NAME = 'ankni';
const PACKET_LENGTH = 20;
const ADDRESS_LENGTH = 6;

export interface AnkniOptions {
  /** The generic0 read's timeout (reference: 100 ms). */
  readonly readTimeoutMs: number;
}

export const ANKNI_DEFAULTS: AnkniOptions = { readTimeoutMs: 100 };

/** CRC-16 with polynomial 0x1021, initial value 0, no reflection (CRC-16/XMODEM). */
export function crc16Xmodem(bytes: ArrayLike<number>): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) {
    crc ^= (bytes[i] & 0xff) << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/** The handshake's checksum byte: the high byte of the CRC of 01 followed by the address. */
export function ankniChecksum(address: ArrayLike<number>): number {
  return crc16Xmodem([0x01, ...Array.from(address)]) >> 8;
}

/** The two handshake packets for a device answering with this address. */
export function ankniHandshake(address: ArrayLike<number>): InitWrite[] {
  const check = ankniChecksum(address);
  return [
    { endpoint: 'tx', data: new Array<number>(PACKET_LENGTH).fill(0x01), withResponse: true },
    { endpoint: 'tx', data: [0x01, 0x02, ...new Array<number>(16).fill(check), 0x00, 0x00], withResponse: true },
  ];
}

const SPEED_PACKET: PacketTableRow = {
  outputs: ['Vibrate'],
  withResponse: true,
  layout: { header: [0x03, 0x12], perValue: ['value'], footer: new Array<number>(PACKET_LENGTH - 3).fill(0x00) },
};

async function readDeviceId(hardware: Hardware, timeoutMs: number): Promise<Uint8Array> {
  let data: Uint8Array;
  try {
    data = await hardware.read('generic0', 16, timeoutMs);
  } catch (error) {
    const reason = describeError(error);
    throw deviceError(`${NAME}: ${hardware.name} did not answer the generic0 read: ${reason}`);
  }
  // The reference would checksum any shorter answer; only a whole address makes a valid handshake.
  if (data.length < ADDRESS_LENGTH) {
    throw deviceError(
      `${NAME}: ${hardware.name} answered the generic0 read with ${data.length} bytes, expected a ${ADDRESS_LENGTH}-byte address or a longer PnP id`,
    );
  }
  return data;
}

export function createAnkniProtocol(options: Partial<AnkniOptions> = {}): Protocol {
  const { readTimeoutMs } = { ...ANKNI_DEFAULTS, ...options };
  return defineProtocol({
    name: NAME,
    async initialize({ hardware, definition }) {
      const id = await readDeviceId(hardware, readTimeoutMs);
      if (id.length === ADDRESS_LENGTH) await sendInitWrites(hardware, ankniHandshake(id));
      return createPacketHandler(NAME, SPEED_PACKET, definition);
    },
  });
}

export const protocol = createAnkniProtocol();
