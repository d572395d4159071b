/** First-frame version sniffing and the ServerInfo reply per version. */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.ts';
import { negotiateVersion, serverInfoFor } from '../../src/messages/negotiate.ts';
import { serialize } from '../../src/messages/serialize.ts';
import { SPEC_VERSIONS, type SpecVersion } from '../../src/messages/types.ts';
import { schemaAccepts } from './support.ts';

const rsi = (fields: Record<string, unknown>) => JSON.stringify([{ RequestServerInfo: fields }]);

describe('each version’s RequestServerInfo shape', () => {
  const cases: [string, Record<string, unknown>, SpecVersion][] = [
    ['v0: no version field', { Id: 1, ClientName: 'App' }, 0],
    ['v0: MessageVersion 0', { Id: 1, ClientName: 'App', MessageVersion: 0 }, 0],
    ['v1', { Id: 2, ClientName: 'App', MessageVersion: 1 }, 1],
    ['v2', { Id: 3, ClientName: 'App', MessageVersion: 2 }, 2],
    ['v3', { Id: 4, ClientName: '', MessageVersion: 3 }, 3],
    ['v4', { Id: 5, ClientName: 'App', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 }, 4],
    ['v4 with a newer minor', { Id: 5, ClientName: 'App', ProtocolVersionMajor: 4, ProtocolVersionMinor: 7 }, 4],
  ];
  it.each(cases)('%s', (_name, fields, version) => {
    const result = negotiateVersion(rsi(fields));
    expect(result).toEqual({ ok: true, version, message: { type: 'RequestServerInfo', ...fields } });
  });

  it('accepts an already-parsed frame', () => {
    expect(negotiateVersion([{ RequestServerInfo: { Id: 1, ClientName: 'x', MessageVersion: 2 } }])).toMatchObject({ ok: true, version: 2 });
  });
});

describe('ProtocolVersionMajor beats MessageVersion', () => {
  it('picks v4 when both are present', () => {
    const result = negotiateVersion(rsi({ Id: 7, ClientName: 'x', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0, MessageVersion: 2 }));
    expect(result).toMatchObject({ ok: true, version: 4 });
  });

  it('a ProtocolVersionMajor of 5 is refused even when MessageVersion is 3', () => {
    const result = negotiateVersion(rsi({ Id: 7, ClientName: 'x', ProtocolVersionMajor: 5, ProtocolVersionMinor: 0, MessageVersion: 3 }));
    expect(result).toMatchObject({ ok: false, id: 7, error: { code: ErrorCode.Init } });
  });

  it('a v4-shaped request for v2 picks v2, whose rules reject the v4 fields (quirk §10 item 33 made explicit)', () => {
    const result = negotiateVersion(rsi({ Id: 8, ClientName: 'x', ProtocolVersionMajor: 2, ProtocolVersionMinor: 0 }));
    expect(result).toMatchObject({ ok: false, id: 8, error: { code: ErrorCode.Message } });
    if (result.ok) throw new Error('unreachable');
    expect(result.error.message).toContain('RequestServerInfo.ProtocolVersionMajor is not allowed: it belongs to spec v4, not v2');
  });
});

describe('reference quirk §10 item 2 (a version above 4 is dropped silently) — fixed: ERROR_INIT with the Id', () => {
  it.each([
    ['ProtocolVersionMajor 5', { Id: 11, ClientName: 'x', ProtocolVersionMajor: 5, ProtocolVersionMinor: 0 }, 5],
    ['MessageVersion 9', { Id: 12, ClientName: 'x', MessageVersion: 9 }, 9],
    ['largest u32', { Id: 13, ClientName: 'x', ProtocolVersionMajor: 4294967295, ProtocolVersionMinor: 0 }, 4294967295],
  ])('%s', (_name, fields, asked) => {
    const result = negotiateVersion(rsi(fields));
    expect(result).toMatchObject({ ok: false, id: fields.Id, error: { code: ErrorCode.Init } });
    if (result.ok) throw new Error('unreachable');
    expect(result.error.message).toBe(`client asks for spec v${asked}; this server speaks up to v4`);
  });
});

describe('the first message must be RequestServerInfo', () => {
  it.each([
    ['Ping', '[{"Ping":{"Id":7}}]', 7],
    ['a legacy command', '[{"VibrateCmd":{"Id":3,"DeviceIndex":0,"Speeds":[]}}]', 3],
    ['an unknown message', '[{"Hello":{"Id":4}}]', 4],
    ['Ping with Id 0', '[{"Ping":{"Id":0}}]', 0],
    ['an element that is not an object', '["RequestServerInfo"]', 0],
    ['an element with two keys', '[{"RequestServerInfo":{"Id":1,"ClientName":"x"},"Ping":{"Id":2}}]', 0],
  ])('%s → ERROR_INIT', (_name, frame, id) => {
    const result = negotiateVersion(frame);
    expect(result).toMatchObject({ ok: false, id, error: { code: ErrorCode.Init } });
    if (result.ok) throw new Error('unreachable');
    expect(result.error.message).toContain('RequestServerInfo must be the first message');
  });

  it('only the first message decides: RequestServerInfo followed by other messages negotiates', () => {
    const result = negotiateVersion('[{"RequestServerInfo":{"Id":5,"ClientName":"x","MessageVersion":3}},{"Ping":{"Id":6}}]');
    expect(result).toMatchObject({ ok: true, version: 3, message: { Id: 5 } });
    const streamed = negotiateVersion('[{"RequestServerInfo":{"Id":5,"ClientName":"x","MessageVersion":3}}][{"Ping":{"Id":6}}]');
    expect(streamed).toMatchObject({ ok: true, version: 3, message: { Id: 5 } });
  });
});

describe('an invalid RequestServerInfo → ERROR_MSG', () => {
  it.each([
    ['Id 0', { Id: 0, ClientName: 'x', MessageVersion: 3 }, 0, 'RequestServerInfo.Id must be an integer from 1'],
    ['missing Id', { ClientName: 'x', MessageVersion: 3 }, 0, 'RequestServerInfo.Id is missing'],
    ['missing ClientName', { Id: 9, MessageVersion: 3 }, 9, 'RequestServerInfo.ClientName is missing'],
    ['null ClientName', { Id: 9, ClientName: null }, 9, 'RequestServerInfo.ClientName must be a string (got null)'],
    ['v4 without the minor', { Id: 9, ClientName: 'x', ProtocolVersionMajor: 4 }, 9, 'ProtocolVersionMinor is missing'],
    ['version as text', { Id: 9, ClientName: 'x', MessageVersion: '3' }, 9, 'RequestServerInfo.MessageVersion must be an integer'],
    ['negative version', { Id: 9, ClientName: 'x', ProtocolVersionMajor: -1, ProtocolVersionMinor: 0 }, 9, 'ProtocolVersionMajor must be an integer from 0'],
    ['fractional version', { Id: 9, ClientName: 'x', MessageVersion: 2.5 }, 9, 'MessageVersion must be an integer'],
    ['unknown field', { Id: 9, ClientName: 'x', MessageVersion: 3, Extra: true }, 9, 'RequestServerInfo.Extra is not allowed'],
  ])('%s', (_name, fields, id, text) => {
    const result = negotiateVersion(rsi(fields));
    expect(result).toMatchObject({ ok: false, id, error: { code: ErrorCode.Message } });
    if (result.ok) throw new Error('unreachable');
    expect(result.error.message).toContain(text);
  });

  it.each([
    ['malformed JSON', '[{"RequestServerInfo":'],
    ['an empty array', '[]'],
    ['an empty frame', ''],
    ['a bare object', '{"RequestServerInfo":{"Id":1,"ClientName":"x"}}'],
    ['a body that is not an object', '[{"RequestServerInfo":3}]'],
  ])('%s → ERROR_MSG with Id 0', (_name, frame) => {
    expect(negotiateVersion(frame)).toMatchObject({ ok: false, id: 0, error: { code: ErrorCode.Message } });
  });

  it('garbage after a RequestServerInfo does not spoil the handshake (the session answers the garbage)', () => {
    const result = negotiateVersion('[{"RequestServerInfo":{"Id":4,"ClientName":"x"}}] trailing');
    expect(result).toMatchObject({ ok: true, version: 0, message: { Id: 4 } });
  });
});

describe('serverInfoFor', () => {
  const expected: Record<SpecVersion, string> = {
    0: '[{"ServerInfo":{"Id":1,"MajorVersion":0,"MinorVersion":0,"BuildVersion":0,"MessageVersion":0,"MaxPingTime":0,"ServerName":"Buttplug Server"}}]',
    1: '[{"ServerInfo":{"Id":1,"MajorVersion":0,"MinorVersion":0,"BuildVersion":0,"MessageVersion":1,"MaxPingTime":0,"ServerName":"Buttplug Server"}}]',
    2: '[{"ServerInfo":{"Id":1,"MessageVersion":2,"MaxPingTime":0,"ServerName":"Buttplug Server"}}]',
    3: '[{"ServerInfo":{"Id":1,"MessageVersion":3,"MaxPingTime":0,"ServerName":"Buttplug Server"}}]',
    4: '[{"ServerInfo":{"Id":1,"ProtocolVersionMajor":4,"ProtocolVersionMinor":0,"MaxPingTime":0,"ServerName":"Buttplug Server"}}]',
  };
  it.each(SPEC_VERSIONS)('v%i shape (§2.4)', (version) => {
    const text = serialize(serverInfoFor(version, { id: 1, serverName: 'Buttplug Server', maxPingTime: 0 }), version);
    expect(text).toBe(expected[version]);
    expect(schemaAccepts(version, JSON.parse(text))).toBe(true);
  });

  it('answers a negotiated client with its own version, never a higher one', () => {
    for (const version of SPEC_VERSIONS) {
      const negotiated = negotiateVersion(
        rsi(version === 4 ? { Id: 3, ClientName: 'x', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } : { Id: 3, ClientName: 'x', MessageVersion: version }),
      );
      if (!negotiated.ok) throw new Error(negotiated.error.message);
      const info = serverInfoFor(negotiated.version, { id: negotiated.message.Id, serverName: 'S', maxPingTime: 500 });
      expect(info.Id).toBe(3);
      expect(info.MaxPingTime).toBe(500);
      expect(info.ProtocolVersionMajor ?? info.MessageVersion).toBe(version);
    }
  });
});
