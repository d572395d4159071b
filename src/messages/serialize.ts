/**
 * Typed server messages → the JSON text of one frame for a client speaking `version`.
 *
 * Every message is checked against its shape in that version before it is written, so nothing
 * a client's version does not know (a message, a field, a ServerInfo version above its own) can
 * ever reach it. A failed check is a server bug: it throws ERROR_UNKNOWN, and the session sends
 * an Error with Id 0 instead, as the reference does when its outgoing schema check fails.
 */
import { isMessageType, isServerMessageType } from './catalog.ts';
import { checkBody } from './codec.ts';
import { unknownError, type ButtplugError } from '../errors.ts';
import type { ErrorMsg, ServerMessage, SpecVersion } from './types.ts';
import { describeValue, isPlainRecord, shortKey } from './validate.ts';

const serverBug = (problem: string) => unknownError(`server bug: ${problem}`);

function encode(message: ServerMessage, version: SpecVersion): Record<string, unknown> {
  if (!isPlainRecord(message) || typeof message.type !== 'string') {
    throw serverBug(`asked to send ${describeValue(message)} instead of a message`);
  }
  const { type, ...body } = message as { type: string } & Record<string, unknown>;
  if (!isMessageType(type)) throw serverBug(`unknown message type ${JSON.stringify(shortKey(type))}`);
  if (!isServerMessageType(type)) throw serverBug(`${type} is a client-to-server message`);
  const checked = checkBody(type, body, version);
  if (!checked.ok) throw serverBug(checked.problem);
  const { type: _type, ...fields } = checked.message as { type: string } & Record<string, unknown>;
  return { [type]: fields };
}

/** Serializes one message, or several into one array; throws a ButtplugError on a server bug. */
export function serialize(messages: ServerMessage | readonly ServerMessage[], version: SpecVersion): string {
  const list: readonly ServerMessage[] = Array.isArray(messages) ? messages : [messages as ServerMessage];
  if (list.length === 0) throw serverBug('asked to send a frame with no messages');
  return JSON.stringify(list.map((message) => encode(message, version)));
}

/** The Error message reporting `error` for the request `id` (0 for unsolicited errors). */
export function errorMessage(id: number, error: ButtplugError): ErrorMsg {
  return { type: 'Error', Id: id, ErrorCode: error.code, ErrorMessage: error.message };
}
