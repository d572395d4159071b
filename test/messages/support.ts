/**
 * Shared test helpers for the message layer: fixtures, the upstream JSON schema (with the
 * documented upstream gaps patched), a test-only client-message encoder, and fast-check
 * arbitraries derived from the catalog's field specs.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  MESSAGE_TYPES,
  isClientMessageType,
  isServerMessageType,
  messageBodySpec,
  messageExistsIn,
} from '../../src/messages/catalog.ts';
import type { FieldSpec, ObjectSpec } from '../../src/messages/fields.ts';
import { ButtplugError, ErrorCode } from '../../src/errors.ts';
import type { ParsedItem } from '../../src/messages/parse.ts';
import { SPEC_VERSIONS, type AnyMessage, type MessageType, type SpecVersion } from '../../src/messages/types.ts';

export const U32_MAX = 4294967295;

// ---- fixtures ----

export type WireBody = Record<string, unknown>;
export type VersionFixtures = Record<string, WireBody[]>;

const fixtureCache = new Map<SpecVersion, VersionFixtures>();

/** test/fixtures/messages/v<N>.json: message type → example wire bodies for spec vN. */
export function fixturesFor(version: SpecVersion): VersionFixtures {
  let fixtures = fixtureCache.get(version);
  if (!fixtures) {
    const url = new URL(`../fixtures/messages/v${version}.json`, import.meta.url);
    fixtures = JSON.parse(readFileSync(url, 'utf8')) as VersionFixtures;
    fixtureCache.set(version, fixtures);
  }
  return fixtures;
}

/** One frame holding one message. */
export const frameOf = (type: string, body: unknown): string => JSON.stringify([{ [type]: body }]);

/** Typed message from a wire body. */
export const typedOf = (type: string, body: WireBody): AnyMessage => ({ type, ...body }) as AnyMessage;

/**
 * Test-only serializer for client messages (the server never writes them): the wire form of a
 * typed message, fields in the order the object holds them.
 */
export function encodeClientForTest(messages: readonly AnyMessage[]): string {
  return JSON.stringify(
    messages.map((message) => {
      const { type, ...fields } = message as { type: string } & Record<string, unknown>;
      return { [type]: fields };
    }),
  );
}

// ---- the upstream schema ----

const schemaUrl = new URL('../fixtures/upstream/buttplug-message-schema.json', import.meta.url);
const upstreamSchema = (): Record<string, any> => JSON.parse(readFileSync(schemaUrl, 'utf8'));

/**
 * Messages protocol.md §9 places in a version whose per-version list in the upstream schema
 * leaves them out. The reference still accepts them because the schema root is anyOf over all
 * versions. catalog.test.ts asserts this list is exactly the difference.
 */
export const SCHEMA_LIST_GAPS: Record<SpecVersion, readonly string[]> = {
  0: ['ScanningFinished', 'LovenseCmd'],
  1: ['ScanningFinished', 'LovenseCmd', 'SingleMotorVibrateCmd'],
  2: [],
  3: ['VibrateCmd'],
  4: [],
};

/** The upstream per-version message list, as the schema has it. */
export function schemaMessageList(version: SpecVersion): string[] {
  return Object.keys(upstreamSchema().specs[`MessageSpecV${version}`].items.properties);
}

/** JSON pointer of the newest message definition at or below `version` (e.g. "#/messages/SpecV0Messages/Ok"). */
function schemaDefinitionOf(schema: Record<string, any>, version: SpecVersion, name: string): string | undefined {
  for (let candidate = version; candidate >= 0; candidate--) {
    if (schema.messages[`SpecV${candidate}Messages`]?.[name]) return `#/messages/SpecV${candidate}Messages/${name}`;
  }
  return undefined;
}

/** Whether the upstream schema defines `name` for `version` or an older one. */
export function schemaDefines(version: SpecVersion, name: string): boolean {
  return schemaDefinitionOf(upstreamSchema(), version, name) !== undefined;
}

function patchedSchema(): Record<string, any> {
  const schema = upstreamSchema();
  for (const version of SPEC_VERSIONS) {
    const list = schema.specs[`MessageSpecV${version}`].items.properties;
    for (const name of SCHEMA_LIST_GAPS[version]) list[name] = { $ref: schemaDefinitionOf(schema, version, name)! };
  }
  // RSSILevel is dBm (a negative integer); the schema's number 0..1 is an upstream mistake (protocol.md §3.7).
  schema.messages.SpecV2Messages.RSSILevelReading.properties.RSSILevel = { type: 'integer', minimum: -128, maximum: 127 };
  return schema;
}

function compileSpecs(schema: Record<string, any>): Record<SpecVersion, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addSchema(schema, 'buttplug');
  return Object.fromEntries(
    SPEC_VERSIONS.map((version) => [version, ajv.getSchema(`buttplug#/specs/MessageSpecV${version}`)!]),
  ) as Record<SpecVersion, ValidateFunction>;
}

let patchedValidators: Record<SpecVersion, ValidateFunction> | undefined;
let upstreamValidators: Record<SpecVersion, ValidateFunction> | undefined;

/** Validates a frame against one version's definition, with SCHEMA_LIST_GAPS and RSSILevel patched. */
export function schemaAccepts(version: SpecVersion, frame: unknown): boolean {
  patchedValidators ??= compileSpecs(patchedSchema());
  return patchedValidators[version](frame) as boolean;
}

/** The same against the schema exactly as upstream ships it. */
export function upstreamSchemaAccepts(version: SpecVersion, frame: unknown): boolean {
  upstreamValidators ??= compileSpecs(upstreamSchema());
  return upstreamValidators[version](frame) as boolean;
}

export function schemaErrors(version: SpecVersion): unknown {
  return patchedValidators?.[version].errors;
}

// ---- item checks ----

/** Every parse result is a message of this version or an ERROR_MSG with a legal Id. */
export function expectLegalItems(items: readonly ParsedItem[], version: SpecVersion): void {
  expect(Array.isArray(items)).toBe(true);
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    if (item.ok) {
      expect(isClientMessageType(item.message.type)).toBe(true);
      expect(messageExistsIn(item.message.type, version)).toBe(true);
      expect(Number.isInteger(item.message.Id) && item.message.Id >= 1 && item.message.Id <= U32_MAX).toBe(true);
    } else {
      expect(Number.isInteger(item.id) && item.id >= 0 && item.id <= U32_MAX).toBe(true);
      expect(item.error).toBeInstanceOf(ButtplugError);
      expect(item.error.code).toBe(ErrorCode.Message);
      expect(item.error.message.length).toBeGreaterThan(0);
    }
  }
}

// ---- arbitraries derived from the catalog ----

function integerArbitrary(min: number, max: number): fc.Arbitrary<number> {
  if (min >= -0x80000000 && max <= 0x7fffffff) return fc.integer({ min, max });
  return fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number);
}

/** Rebuilds an object with its keys in the spec's field order (the order serialize writes). */
function inSpecOrder(spec: ObjectSpec, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (value[field.name] === undefined) continue;
    if (field.requires !== undefined && value[field.requires] === undefined) continue;
    out[field.name] = value[field.name];
  }
  return out;
}

/** Valid JSON values for a field spec, in canonical form (no aliases, no extra keys). */
export function arbitraryFor(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'integer':
      return integerArbitrary(spec.min, spec.max);
    case 'number':
      return fc
        .double({ min: spec.min, max: spec.max, noNaN: true, noDefaultInfinity: true })
        .map((value) => (Object.is(value, -0) ? 0 : value));
    case 'string':
      return fc.string({ unit: 'binary', maxLength: 12 });
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...spec.values);
    case 'array':
      return fc.array(arbitraryFor(spec.items), {
        minLength: spec.minItems,
        maxLength: Math.max(spec.minItems, Math.min(spec.maxItems ?? 3, 3)),
      });
    case 'object': {
      if (spec.maxKeys === 1) {
        return fc.oneof(...spec.fields.map((field) => arbitraryFor(field.spec).map((value) => ({ [field.name]: value }))));
      }
      const model = Object.fromEntries(spec.fields.map((field) => [field.name, arbitraryFor(field.spec)]));
      const required = spec.fields.filter((field) => !field.optional).map((field) => field.name);
      return fc.record(model, { requiredKeys: required }).map((value) => inSpecOrder(spec, value as Record<string, unknown>));
    }
    case 'map':
      return fc.array(arbitraryFor(spec.values), { maxLength: 3 }).map((values) =>
        Object.fromEntries(
          values.map((value, index) => [spec.keyField ? String((value as Record<string, unknown>)[spec.keyField]) : String(index), value]),
        ),
      );
  }
}

export interface GeneratedMessage {
  readonly type: MessageType;
  readonly body: WireBody;
}

/** Messages of one version and direction, as `{ type, body }` with wire bodies. */
export function arbitraryMessage(version: SpecVersion, direction: 'client' | 'server'): fc.Arbitrary<GeneratedMessage> {
  const types = MESSAGE_TYPES.filter(
    (type) => messageExistsIn(type, version) && (direction === 'client' ? isClientMessageType(type) : isServerMessageType(type)),
  );
  return fc.oneof(
    ...types.map((type) => arbitraryFor(messageBodySpec(type, version)!).map((body) => ({ type, body: body as WireBody }))),
  );
}
