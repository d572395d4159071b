/**
 * fast-check properties over the catalog: round trips for generated valid messages of every
 * version, no higher-version output, and parseFrame / negotiateVersion never throwing on any
 * input while every item they return is a message or an error with a legal Id.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES, isClientMessageType, messageExistsIn } from '../../src/messages/catalog.ts';
import { ButtplugError, ErrorCode } from '../../src/errors.ts';
import { negotiateVersion } from '../../src/messages/negotiate.ts';
import { parseFrame } from '../../src/messages/parse.ts';
import { serialize } from '../../src/messages/serialize.ts';
import { SPEC_VERSIONS, type AnyMessage, type ServerMessage, type SpecVersion } from '../../src/messages/types.ts';
import {
  U32_MAX,
  arbitraryMessage,
  encodeClientForTest,
  expectLegalItems,
  fixturesFor,
  schemaAccepts,
  schemaErrors,
  typedOf,
} from './support.ts';

const RUNS = { numRuns: 150 };

const wireFrame = (messages: readonly { type: string; body: unknown }[]) =>
  JSON.stringify(messages.map(({ type, body }) => ({ [type]: body })));

/** Anything at all, including the exotic shapes fast-check can build. */
const anyValue = fc.anything({
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withBigInt: true,
  withDate: true,
  withObjectString: true,
});

/** Client fixture frames of one version, as JSON text. */
function fixtureFrames(version: SpecVersion): string[] {
  return Object.entries(fixturesFor(version))
    .filter(([type]) => isClientMessageType(type))
    .flatMap(([type, bodies]) => bodies.map((body) => wireFrame([{ type, body }])));
}

const MUTATION_CHARS = ['[', ']', '{', '}', '"', ',', ':', '\\', '0', '-', '.', 'e', '1e999', 'x', ' ', 'null', '\u0000', '\ud800'];

/** Character-level edits of a text. */
function mutateText(text: string, edits: readonly [number, 'insert' | 'delete' | 'replace', string][]): string {
  let out = text;
  for (const [at, op, chars] of edits) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    if (op === 'insert') out = out.slice(0, i) + chars + out.slice(i);
    else if (op === 'delete') out = out.slice(0, i) + out.slice(i + 1);
    else out = out.slice(0, i) + chars + out.slice(i + 1);
  }
  return out;
}

/** Every container path in a JSON value (iteratively; fixtures are small). */
function containerPaths(root: unknown): (string | number)[][] {
  const paths: (string | number)[][] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    paths.push(path);
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: [...path, Array.isArray(value) ? Number(key) : key] });
  }
  return paths;
}

type ValueEdit = { pick: number; op: 'set' | 'delete' | 'add'; key: string; value: unknown };

/** Replaces, removes or adds one field somewhere inside a parsed frame. */
function mutateValue(frame: unknown, edit: ValueEdit): unknown {
  const copy = structuredClone(frame);
  const paths = containerPaths(copy);
  const path = paths[edit.pick % paths.length];
  let target = copy as Record<string | number, unknown>;
  for (const step of path) target = target[step] as Record<string | number, unknown>;
  if (Array.isArray(target)) {
    // Arrays only take index edits (a key like "length" would not be JSON data).
    const index = edit.pick % (target.length + 1);
    if (edit.op === 'delete') target.splice(index, 1);
    else target[edit.op === 'add' ? target.length : index] = edit.value;
    return copy;
  }
  const keys = Object.keys(target);
  const key = edit.op === 'add' || keys.length === 0 ? edit.key : keys[edit.pick % keys.length];
  if (edit.op === 'delete') delete target[key];
  else target[key] = edit.value;
  return copy;
}

describe.each(SPEC_VERSIONS)('spec v%i', (version) => {
  it('client messages: parsing the wire form gives the typed message, and encoding it gives the same text', () => {
    fc.assert(
      fc.property(fc.array(arbitraryMessage(version, 'client'), { minLength: 1, maxLength: 3 }), (generated) => {
        const frame = wireFrame(generated);
        const items = parseFrame(frame, version);
        expect(items).toEqual(generated.map(({ type, body }) => ({ ok: true, message: typedOf(type, body) })));
        expect(encodeClientForTest(items.map((item) => (item as { message: AnyMessage }).message))).toBe(frame);
      }),
      RUNS,
    );
  });

  it('server messages: serialize writes exactly the wire form, valid for this version’s schema', () => {
    fc.assert(
      fc.property(fc.array(arbitraryMessage(version, 'server'), { minLength: 1, maxLength: 3 }), (generated) => {
        const text = serialize(generated.map(({ type, body }) => typedOf(type, body) as ServerMessage), version);
        expect(text).toBe(wireFrame(generated));
        const accepted = schemaAccepts(version, JSON.parse(text));
        if (!accepted) throw new Error(`${text}\n${JSON.stringify(schemaErrors(version))}`);
      }),
      RUNS,
    );
  });

  it('nothing another version added is ever written to this version’s client', () => {
    const anyVersionMessage = fc
      .constantFrom(...SPEC_VERSIONS)
      .chain((other) => arbitraryMessage(other, 'server'));
    fc.assert(
      fc.property(anyVersionMessage, ({ type, body }) => {
        let text: string;
        try {
          text = serialize(typedOf(type, body) as ServerMessage, version);
        } catch (error) {
          expect(error).toBeInstanceOf(ButtplugError);
          expect((error as ButtplugError).code).toBe(ErrorCode.Unknown);
          return;
        }
        expect(messageExistsIn(type, version)).toBe(true);
        expect(schemaAccepts(version, JSON.parse(text))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('parseFrame never throws on arbitrary strings, JSON and values', () => {
    const input = fc.oneof(fc.string({ unit: 'binary' }), fc.json(), fc.jsonValue(), anyValue);
    fc.assert(
      fc.property(input, (frame) => expectLegalItems(parseFrame(frame, version), version)),
      { numRuns: 300 },
    );
  });

  it('parseFrame never throws on arbitrary bodies under real message names', () => {
    const frame = fc.array(
      fc.tuple(fc.constantFrom(...MESSAGE_TYPES), fc.oneof(fc.jsonValue(), anyValue, fc.record({ Id: fc.integer() }))),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(frame, fc.boolean(), (elements, asText) => {
        const value = elements.map(([type, body]) => ({ [type]: body }));
        let input: unknown = value;
        if (asText) {
          try {
            input = JSON.stringify(value);
          } catch {
            input = value; // BigInt and friends cannot be JSON text
          }
        }
        const items = parseFrame(input, version);
        expectLegalItems(items, version);
        expect(items).toHaveLength(elements.length);
      }),
      { numRuns: 300 },
    );
  });

  it('parseFrame on character-mutated valid frames: never throws, legal items', () => {
    const frames = fixtureFrames(version);
    const edits = fc.array(
      fc.tuple(fc.nat(), fc.constantFrom('insert' as const, 'delete' as const, 'replace' as const), fc.constantFrom(...MUTATION_CHARS)),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...frames), edits, (frame, edit) => expectLegalItems(parseFrame(mutateText(frame, edit), version), version)),
      { numRuns: 400 },
    );
  });

  it('parseFrame on value-mutated valid frames: legal items, and accepted ones are stable', () => {
    const frames = fixtureFrames(version).map((text) => JSON.parse(text) as unknown);
    const edit = fc.record({
      pick: fc.nat(),
      op: fc.constantFrom('set' as const, 'delete' as const, 'add' as const),
      key: fc.oneof(fc.constantFrom('Id', 'DeviceIndex', 'Extra', '__proto__', 'Value'), fc.string()),
      value: fc.jsonValue(),
    });
    fc.assert(
      fc.property(fc.constantFrom(...frames), edit, (frame, change) => {
        const mutated = JSON.stringify(mutateValue(frame, change));
        const items = parseFrame(mutated, version);
        expectLegalItems(items, version);
        for (const item of items) {
          if (!item.ok) continue;
          const again = parseFrame(encodeClientForTest([item.message]), version);
          expect(again).toEqual([item]);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('negotiateVersion', () => {
  it('never throws, and always returns a version 0–4 or an error with a legal Id', () => {
    const rsiBody = fc.record(
      {
        Id: fc.oneof(fc.integer(), fc.constant(1), fc.jsonValue()),
        ClientName: fc.oneof(fc.string(), fc.jsonValue()),
        MessageVersion: fc.oneof(fc.integer({ min: -1, max: 6 }), fc.jsonValue()),
        ProtocolVersionMajor: fc.oneof(fc.integer({ min: -1, max: 6 }), fc.jsonValue()),
        ProtocolVersionMinor: fc.oneof(fc.nat(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    const input = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.json(),
      anyValue,
      rsiBody.map((body) => JSON.stringify([{ RequestServerInfo: body }])),
      rsiBody.map((body) => [{ RequestServerInfo: body }]),
    );
    fc.assert(
      fc.property(input, (frame) => {
        const result = negotiateVersion(frame);
        if (result.ok) {
          expect(SPEC_VERSIONS).toContain(result.version);
          expect(result.message.type).toBe('RequestServerInfo');
          // What was accepted is also a valid message of the negotiated version.
          expect(parseFrame(encodeClientForTest([result.message]), result.version)).toEqual([{ ok: true, message: result.message }]);
        } else {
          expect(Number.isInteger(result.id) && result.id >= 0 && result.id <= U32_MAX).toBe(true);
          expect(result.error).toBeInstanceOf(ButtplugError);
          expect([ErrorCode.Init, ErrorCode.Message]).toContain(result.error.code);
        }
      }),
      { numRuns: 600 },
    );
  });
});
