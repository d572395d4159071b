/**
 * Incoming frames → typed client messages, judged element by element against the negotiated
 * spec version. Unlike the reference, which drops a whole frame silently when anything in it is
 * wrong, every bad element becomes an ERROR_MSG item (with the message's Id when it is readable,
 * else 0) and the good elements around it still go through.
 */
import { isMessageType, isClientMessageType, MESSAGE_TYPES } from './catalog.ts';
import { checkBody, readableId, splitElement } from './codec.ts';
import { messageError, type ButtplugError } from '../errors.ts';
import { errorText, readFrame, type FramePart } from './frame.ts';
import type { ClientMessage, SpecVersion } from './types.ts';
import { shortKey } from './validate.ts';

export type ParsedItem =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly id: number; readonly error: ButtplugError };

const failure = (id: number, problem: string): ParsedItem => ({ ok: false, id, error: messageError(problem) });

/** Message names that exist only in documentation, with what to do instead. */
const UNSUPPORTED_NAMES: ReadonlyMap<string, string> = new Map([
  ['RawCmd', 'RawCmd was described for spec v0 but never implemented; it is not supported'],
  ['Disconnect', 'Disconnect is not supported; close the connection instead'],
]);

function unknownTypeProblem(name: string): string {
  const known = UNSUPPORTED_NAMES.get(name);
  if (known) return known;
  const lower = name.toLowerCase();
  const similar = MESSAGE_TYPES.find((type) => type.toLowerCase() === lower);
  return `unknown message type ${JSON.stringify(shortKey(name))}${similar ? `; did you mean ${similar}?` : ''}`;
}

/** Judges one frame element. */
function parseElement(element: unknown, position: number, version: SpecVersion): ParsedItem {
  try {
    const split = splitElement(element, position);
    if (!split.ok) return failure(0, split.problem);
    const { name, body } = split;
    const id = readableId(body);
    if (!isMessageType(name)) return failure(id, unknownTypeProblem(name));
    if (!isClientMessageType(name)) return failure(id, `${name} is sent by the server; a client cannot send it`);
    const checked = checkBody(name, body, version);
    if (!checked.ok) return failure(id, checked.problem);
    return { ok: true, message: checked.message as ClientMessage };
  } catch (error) {
    // Only reachable with exotic in-process input (throwing getters, proxies).
    return failure(0, `frame element ${position} could not be read (${errorText(error)})`);
  }
}

/**
 * Parses one frame (JSON text, or an already-parsed array) for a connection speaking `version`.
 * Returns one item per message, in order; never throws.
 */
export function parseFrame(frame: string | unknown, version: SpecVersion): ParsedItem[] {
  try {
    return parseParts(readFrame(frame), version);
  } catch (error) {
    return [failure(0, `the frame could not be read (${errorText(error)})`)];
  }
}

/** Judges frame parts already read, for a connection speaking `version`; one item per part. */
export function parseParts(parts: readonly FramePart[], version: SpecVersion): ParsedItem[] {
  return parts.map((part) => (part.kind === 'problem' ? failure(0, part.problem) : parseElement(part.value, part.position, version)));
}
