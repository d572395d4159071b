/**
 * The device bridge's wire format (see the device-bridge contract): the device's first frame in its
 * two forms, the frames a device sends afterwards, and the frames the server sends. Pure functions.
 */
import { isUint16, type BusPresence, type HardwareTraits, type Transport } from './device-description.ts';
import type { Endpoint, ManufacturerData } from './types.ts';

/** Form 0, compatible with Intiface's websocket device manager. */
export interface BridgeHelloV0 {
  readonly version: 0;
  readonly identifier: string;
  readonly address: string;
}

/** Form 1: simulated hardware of any kind; the identifier is its name. */
export interface BridgeHelloV1 extends BusPresence, HardwareTraits {
  readonly version: 1;
  readonly identifier: string;
  readonly address: string;
  readonly transport?: Exclude<Transport, 'websocket'>;
}

/**
 * The first frame a device sends the bridge: what hardware it is (form 1, plugstate's own) or
 * Intiface's websocket device form 0.
 */
export type BridgeHello = BridgeHelloV0 | BridgeHelloV1;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isByte(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 255;
}

function isByteArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every(isByte);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Parses the first frame's text. Unknown fields are ignored; a known field of the wrong type is an error. */
export function parseHello(text: string): Parsed<BridgeHello> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('bad handshake: the first frame must be a JSON object');
  }
  if (!isObject(json)) return fail('bad handshake: the first frame must be a JSON object');
  const { version, identifier, address } = json;
  if (version !== 0 && version !== 1) return fail('bad handshake: "version" must be 0 or 1');
  if (!isNonEmptyString(identifier)) return fail('bad handshake: "identifier" must be a non-empty string');
  if (!isNonEmptyString(address)) return fail('bad handshake: "address" must be a non-empty string');
  if (version === 0) return { ok: true, value: { version: 0, identifier, address } };
  return parseHelloV1(json, identifier, address);
}

function parseHelloV1(json: Record<string, unknown>, identifier: string, address: string): Parsed<BridgeHelloV1> {
  const hello: { -readonly [K in keyof BridgeHelloV1]: BridgeHelloV1[K] } = { version: 1, identifier, address };
  const { transport, manufacturerData, advertisedServices, port, vendorId, productId, endpoints, messageGapMs } = json;

  if (transport !== undefined) {
    if (transport !== 'btle' && transport !== 'serial' && transport !== 'hid' && transport !== 'usb') {
      return fail('bad handshake: "transport" must be "btle", "serial", "hid" or "usb"');
    }
    hello.transport = transport;
  }
  if (manufacturerData !== undefined) {
    const entries = parseManufacturerData(manufacturerData);
    if (!entries) {
      return fail('bad handshake: "manufacturerData" must be a list of {"company": 0..65535, "data"?: [bytes]}');
    }
    hello.manufacturerData = entries;
  }
  if (advertisedServices !== undefined) {
    if (!isStringArray(advertisedServices)) return fail('bad handshake: "advertisedServices" must be a list of strings');
    hello.advertisedServices = advertisedServices;
  }
  if (port !== undefined) {
    if (!isNonEmptyString(port)) return fail('bad handshake: "port" must be a non-empty string');
    hello.port = port;
  }
  if (vendorId !== undefined) {
    if (!isUint16(vendorId)) return fail('bad handshake: "vendorId" must be an integer 0..65535');
    hello.vendorId = vendorId;
  }
  if (productId !== undefined) {
    if (!isUint16(productId)) return fail('bad handshake: "productId" must be an integer 0..65535');
    hello.productId = productId;
  }
  if ((hello.transport === 'hid' || hello.transport === 'usb') && (hello.vendorId === undefined || hello.productId === undefined)) {
    return fail(`bad handshake: a ${hello.transport} device needs "vendorId" and "productId"`);
  }
  if (endpoints !== undefined) {
    if (!isStringArray(endpoints) || endpoints.some((name) => name === '')) {
      return fail('bad handshake: "endpoints" must be a list of endpoint names');
    }
    hello.endpoints = [...new Set(endpoints)];
  }
  if (messageGapMs !== undefined) {
    if (typeof messageGapMs !== 'number' || !Number.isFinite(messageGapMs) || messageGapMs < 0) {
      return fail('bad handshake: "messageGapMs" must be a number >= 0');
    }
    hello.messageGapMs = messageGapMs;
  }
  return { ok: true, value: hello };
}

function parseManufacturerData(value: unknown): ManufacturerData[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const entries: ManufacturerData[] = [];
  for (const entry of value) {
    if (!isObject(entry) || !isUint16(entry.company)) return undefined;
    if (entry.data === undefined) entries.push({ company: entry.company });
    else if (isByteArray(entry.data)) entries.push({ company: entry.company, data: [...entry.data] });
    else return undefined;
  }
  return entries;
}

/** A form-1 frame from the device after the handshake. */
export type DeviceFrame =
  | { readonly type: 'Notification'; readonly endpoint: Endpoint; readonly data: Uint8Array }
  | { readonly type: 'ReadReply'; readonly id: number; readonly data: Uint8Array }
  | { readonly type: 'ReadReply'; readonly id: number; readonly error: string };

/** Parses a form-1 device frame, or says why the server cannot understand it. */
export function parseDeviceFrame(text: string): Parsed<DeviceFrame> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('not JSON');
  }
  if (!isObject(json)) return fail('not a JSON object');
  // Unknown fields are ignored, as in the handshake; exactly one known frame name must be there.
  const known = Object.keys(json).filter((key) => key === 'Notification' || key === 'ReadReply');
  if (known.length !== 1) {
    const names = Object.keys(json).join(', ') || 'nothing';
    return fail(known.length === 0 ? `unknown frame (${names})` : 'a frame must hold one of Notification, ReadReply');
  }
  const body = json[known[0]];
  if (known[0] === 'Notification') {
    if (!isObject(body) || !isNonEmptyString(body.endpoint) || !isByteArray(body.data)) {
      return fail('Notification needs "endpoint" (string) and "data" (bytes 0..255)');
    }
    return { ok: true, value: { type: 'Notification', endpoint: body.endpoint, data: Uint8Array.from(body.data) } };
  }
  if (!isObject(body) || !Number.isInteger(body.id)) return fail('ReadReply needs an integer "id"');
  const id = body.id as number;
  if (typeof body.error === 'string') return { ok: true, value: { type: 'ReadReply', id, error: body.error } };
  if (isByteArray(body.data)) return { ok: true, value: { type: 'ReadReply', id, data: Uint8Array.from(body.data) } };
  return fail('ReadReply needs "data" (bytes 0..255) or "error" (string)');
}

/** Frames the server sends, as text. */
export const serverFrame = {
  write: (endpoint: Endpoint, data: Uint8Array, writeWithResponse: boolean): string =>
    JSON.stringify({ Write: { endpoint, data: [...data], writeWithResponse } }),
  read: (id: number, endpoint: Endpoint, length: number, timeoutMs: number): string =>
    JSON.stringify({ Read: { id, endpoint, length, timeoutMs } }),
  subscribe: (endpoint: Endpoint): string => JSON.stringify({ Subscribe: { endpoint } }),
  unsubscribe: (endpoint: Endpoint): string => JSON.stringify({ Unsubscribe: { endpoint } }),
  connected: (index: number, name: string, protocol: string): string =>
    JSON.stringify({ Connected: { index, name, protocol } }),
  rejected: (reason: string): string => JSON.stringify({ Rejected: { reason } }),
};
