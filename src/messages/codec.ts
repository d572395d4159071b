/**
 * Message-level checks shared by the parser, the negotiator and the serializer: split one frame
 * element into its type name and body, and check a body against the catalog for one version.
 */
import { fieldVersionHint, messageBodySpec, notInVersionExplanation } from './catalog.ts';
import { U32_MAX } from './fields.ts';
import type { AnyMessage, MessageType, SpecVersion } from './types.ts';
import { describeValue, isPlainRecord, shortKey, validate } from './validate.ts';

type ElementSplit =
  | { readonly ok: true; readonly name: string; readonly body: unknown }
  | { readonly ok: false; readonly problem: string };

/** A frame element is `{ "<MessageType>": { …fields } }`: an object with exactly one key. */
export function splitElement(element: unknown, position: number): ElementSplit {
  const where = `frame element ${position}`;
  if (!isPlainRecord(element)) {
    return { ok: false, problem: `${where} must be an object like {"Ping":{"Id":1}} (got ${describeValue(element)})` };
  }
  const keys = Object.keys(element);
  if (keys.length === 0) return { ok: false, problem: `${where} is an empty object; it must hold one message type as its key` };
  if (keys.length > 1) {
    const shown = keys.slice(0, 4).map(shortKey).join(', ');
    return {
      ok: false,
      problem: `${where} has ${keys.length} keys (${shown}${keys.length > 4 ? ', …' : ''}); put each message in its own object`,
    };
  }
  const name = keys[0];
  return { ok: true, name, body: element[name] };
}

/** The message's Id if it is a legal client Id (1…4294967295), else 0. */
export function readableId(body: unknown): number {
  if (!isPlainRecord(body)) return 0;
  const id = body.Id;
  return Number.isInteger(id) && (id as number) >= 1 && (id as number) <= U32_MAX ? (id as number) : 0;
}

type BodyCheck =
  | { readonly ok: true; readonly message: AnyMessage }
  | { readonly ok: false; readonly problem: string };

/** Validates a body against `type`'s shape in `version` and builds the typed message. */
export function checkBody(type: MessageType, body: unknown, version: SpecVersion): BodyCheck {
  const spec = messageBodySpec(type, version);
  if (!spec) return { ok: false, problem: notInVersionExplanation(type, version) };
  if (!isPlainRecord(body)) {
    return { ok: false, problem: `${type} must be an object holding its fields (got ${describeValue(body)})` };
  }
  const checked = validate(spec, body, type, { rootUnknownKeyHint: (key) => fieldVersionHint(type, key, version) });
  if (!checked.ok) return checked;
  return { ok: true, message: { type, ...(checked.value as object) } as AnyMessage };
}
