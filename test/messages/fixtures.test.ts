/**
 * Every message in every version it exists in has a JSON fixture; client fixtures parse into the
 * typed message and encode back to the same JSON, server fixtures serialize to exactly the
 * fixture JSON, and every fixture validates against that version's definition in the upstream
 * schema.
 */
import { describe, expect, it } from 'vitest';
import {
  MESSAGE_TYPES,
  isClientMessageType,
  isServerMessageType,
  messageExistsIn,
  messageVersions,
} from '../../src/messages/catalog.ts';
import { parseFrame } from '../../src/messages/parse.ts';
import { serialize } from '../../src/messages/serialize.ts';
import { SPEC_VERSIONS, type ServerMessage } from '../../src/messages/types.ts';
import {
  SCHEMA_LIST_GAPS,
  encodeClientForTest,
  fixturesFor,
  frameOf,
  schemaAccepts,
  schemaDefines,
  schemaErrors,
  typedOf,
  upstreamSchemaAccepts,
} from './support.ts';

describe.each(SPEC_VERSIONS)('fixtures of spec v%i', (version) => {
  const fixtures = fixturesFor(version);

  it('cover exactly the messages of this version', () => {
    const expected = MESSAGE_TYPES.filter((type) => messageExistsIn(type, version)).sort();
    expect(Object.keys(fixtures).sort()).toEqual(expected);
  });

  const entries = Object.entries(fixtures);

  it.each(entries.filter(([type]) => isClientMessageType(type)))('client %s parses and encodes back', (type, bodies) => {
    for (const body of bodies) {
      const frame = frameOf(type, body);
      const items = parseFrame(frame, version);
      expect(items).toEqual([{ ok: true, message: typedOf(type, body) }]);
      const [item] = items;
      if (!item.ok) throw new Error('unreachable');
      expect(encodeClientForTest([item.message])).toBe(frame);
    }
  });

  it.each(entries.filter(([type]) => isServerMessageType(type)))('server %s serializes to the fixture JSON', (type, bodies) => {
    for (const body of bodies) {
      expect(serialize(typedOf(type, body) as ServerMessage, version)).toBe(frameOf(type, body));
    }
  });

  it.each(entries)('%s validates against the schema definition of this version', (type, bodies) => {
    for (const body of bodies) {
      const frame = [{ [type]: body }];
      const accepted = schemaAccepts(version, frame);
      if (!accepted) console.error(type, JSON.stringify(schemaErrors(version)));
      expect(accepted).toBe(true);
    }
  });

  it.each(SCHEMA_LIST_GAPS[version].map((type) => [type]))(
    `%s is defined by the upstream schema but missing from its v${version} list (a real gap)`,
    (type) => {
      const [body] = fixtures[type];
      expect(upstreamSchemaAccepts(version, [{ [type]: body }])).toBe(false);
      expect(schemaDefines(version, type)).toBe(true);
    },
  );
});

it('the fixture set spans every message type', () => {
  for (const type of MESSAGE_TYPES) expect(messageVersions(type).length).toBeGreaterThan(0);
  const covered = new Set(SPEC_VERSIONS.flatMap((version) => Object.keys(fixturesFor(version))));
  expect([...covered].sort()).toEqual([...MESSAGE_TYPES].sort());
});
