/**
 * The handshake's first frame: find the spec version the client speaks, and build the
 * ServerInfo reply in that version's shape.
 *
 * Version sniffing follows the reference: ProtocolVersionMajor if present, else MessageVersion,
 * else v0. Only the first message decides; the messages after it in the same frame are judged at
 * the negotiated version and handed back, so the frame is read once. Where the reference drops a
 * frame silently (not RequestServerInfo, a version above 4), we answer with an error the client
 * can act on.
 */
import { checkBody, readableId, splitElement } from './codec.ts';
import { initError, messageError, type ButtplugError } from '../errors.ts';
import { U32_MAX } from './fields.ts';
import { errorText, readFrame, type FramePart } from './frame.ts';
import { parseParts, type ParsedItem } from './parse.ts';
import { CURRENT_SPEC_VERSION, type RequestServerInfo, type ServerInfo, type SpecVersion } from './types.ts';
import { describeValue, isPlainRecord } from './validate.ts';

export type Negotiation =
  | { readonly ok: true; readonly version: SpecVersion; readonly message: RequestServerInfo }
  | { readonly ok: false; readonly id: number; readonly error: ButtplugError };

/** A connection's first frame, read once. */
export interface FirstFrame {
  readonly negotiation: Negotiation;
  /** The frame's messages after the RequestServerInfo, judged at the negotiated version; none if it failed. */
  readonly rest: readonly ParsedItem[];
}

const refuse = (id: number, error: ButtplugError): Negotiation => ({ ok: false, id, error });

/** Which field names the version, and the version it asks for (undefined = field missing). */
function requestedVersion(body: Record<string, unknown>): { field: string; value: unknown } | undefined {
  for (const field of ['ProtocolVersionMajor', 'MessageVersion']) {
    if (Object.prototype.hasOwnProperty.call(body, field) && body[field] !== undefined) return { field, value: body[field] };
  }
  return undefined;
}

function negotiate(parts: readonly FramePart[]): Negotiation {
  const first = parts[0];
  if (first.kind === 'problem') return refuse(0, messageError(first.problem));

  const split = splitElement(first.value, 0);
  if (!split.ok) return refuse(0, initError(`RequestServerInfo must be the first message; ${split.problem}`));
  const id = readableId(split.body);
  if (split.name !== 'RequestServerInfo') {
    return refuse(id, initError(`RequestServerInfo must be the first message (got ${describeName(split.name)})`));
  }
  if (!isPlainRecord(split.body)) {
    return refuse(id, messageError(`RequestServerInfo must be an object holding its fields (got ${describeValue(split.body)})`));
  }

  const asked = requestedVersion(split.body);
  const wanted = asked === undefined ? 0 : asked.value;
  if (!Number.isInteger(wanted) || (wanted as number) < 0 || (wanted as number) > U32_MAX) {
    return refuse(id, messageError(`RequestServerInfo.${asked!.field} must be an integer from 0 to ${U32_MAX} (got ${describeValue(wanted)})`));
  }
  if ((wanted as number) > CURRENT_SPEC_VERSION) {
    return refuse(
      id,
      initError(`client asks for spec v${wanted as number}; this server speaks up to v${CURRENT_SPEC_VERSION}`),
    );
  }
  const version = wanted as SpecVersion;
  const checked = checkBody('RequestServerInfo', split.body, version);
  if (!checked.ok) return refuse(id, messageError(checked.problem));
  return { ok: true, version, message: checked.message as RequestServerInfo };
}

function describeName(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

/** Reads the first frame of a connection: the negotiation and the messages after it. Never throws. */
export function readFirstFrame(frame: string | unknown): FirstFrame {
  try {
    const parts = readFrame(frame);
    const negotiation = negotiate(parts);
    return { negotiation, rest: negotiation.ok ? parseParts(parts.slice(1), negotiation.version) : [] };
  } catch (error) {
    return { negotiation: refuse(0, messageError(`the first frame could not be read (${errorText(error)})`)), rest: [] };
  }
}

/** The negotiation alone, for callers that do not serve the rest of the frame. Never throws. */
export function negotiateVersion(frame: string | unknown): Negotiation {
  return readFirstFrame(frame).negotiation;
}

export interface ServerInfoOptions {
  /** The RequestServerInfo's Id. */
  readonly id: number;
  readonly serverName: string;
  /** Milliseconds; 0 disables the ping watchdog. */
  readonly maxPingTime: number;
}

/**
 * ServerInfo in `version`'s shape. It reports the client's own version, never a higher one:
 * v0/v1 clients reject a newer server (spec v3 patch 1), and v1 still uses the long v0 shape.
 */
export function serverInfoFor(version: SpecVersion, { id, serverName, maxPingTime }: ServerInfoOptions): ServerInfo {
  const common = { MaxPingTime: maxPingTime, ServerName: serverName };
  switch (version) {
    case 0:
    case 1:
      return { type: 'ServerInfo', Id: id, MajorVersion: 0, MinorVersion: 0, BuildVersion: 0, MessageVersion: version, ...common };
    case 2:
    case 3:
      return { type: 'ServerInfo', Id: id, MessageVersion: version, ...common };
    case 4:
      return { type: 'ServerInfo', Id: id, ProtocolVersionMajor: 4, ProtocolVersionMinor: 0, ...common };
  }
}
