/** parseFrame: framing, per-element judgement, field rules, aliases, and hostile input. */
import { describe, expect, it } from 'vitest';
import { ButtplugError, ErrorCode } from '../../src/errors.ts';
import { parseFrame, type ParsedItem } from '../../src/messages/parse.ts';
import type { SpecVersion } from '../../src/messages/types.ts';
import { expectLegalItems } from './support.ts';

const ping = (id: number) => `{"Ping":{"Id":${id}}}`;
const vibrate = (id: number, speed: unknown) =>
  `{"VibrateCmd":{"Id":${id},"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":${JSON.stringify(speed)}}]}}`;

/** `{id, text}` of an error item, for compact table assertions. */
function failureOf(item: ParsedItem | undefined): { id: number; code: ErrorCode; text: string } {
  if (!item || item.ok) throw new Error(`expected an error item, got ${JSON.stringify(item)}`);
  return { id: item.id, code: item.error.code, text: item.error.message };
}

describe('reference quirk §10 item 1 (bad input is dropped without a reply) — fixed: each gets an ERROR_MSG', () => {
  const cases: [string, string, SpecVersion, number, string][] = [
    ['malformed JSON', '[{"Ping":{"Id":1}', 4, 0, 'malformed JSON'],
    ['broken token', '[{"Ping":{"Id":x}}]', 4, 0, 'malformed JSON'],
    ['empty frame', '', 4, 0, 'frame is empty'],
    ['whitespace frame', ' \n\t', 4, 0, 'frame is empty'],
    ['empty array', '[]', 4, 0, 'empty array'],
    ['a bare object', '{"Ping":{"Id":1}}', 4, 0, 'wrap the message in [ ]'],
    ['a number', '42', 4, 0, 'must be a JSON array'],
    ['a string element', '["Ping"]', 4, 0, 'frame element 0 must be an object'],
    ['a null element', '[null]', 4, 0, 'frame element 0 must be an object'],
    ['an array element', '[[{"Ping":{"Id":1}}]]', 4, 0, 'frame element 0 must be an object'],
    ['an empty element', '[{}]', 4, 0, 'empty object'],
    ['several keys in one element', '[{"Ping":{"Id":1},"StartScanning":{"Id":2}}]', 4, 0, 'has 2 keys (Ping, StartScanning)'],
    ['unknown message', '[{"Vibrate":{"Id":5}}]', 4, 5, 'unknown message type "Vibrate"'],
    ['wrong capitalisation', '[{"ping":{"Id":5}}]', 4, 5, 'did you mean Ping?'],
    ['documented but never implemented', '[{"Disconnect":{"Id":5}}]', 4, 5, 'Disconnect is not supported'],
    ['server message Ok from a client', '[{"Ok":{"Id":6}}]', 4, 6, 'Ok is sent by the server'],
    ['server message DeviceList from a client', '[{"DeviceList":{"Id":6,"Devices":{}}}]', 4, 6, 'DeviceList is sent by the server'],
    ['Id 0 is reserved', '[{"Ping":{"Id":0}}]', 4, 0, 'Ping.Id must be an integer from 1 to 4294967295 (got 0)'],
    ['negative Id', '[{"Ping":{"Id":-1}}]', 4, 0, 'Ping.Id must be an integer from 1 to 4294967295'],
    ['Id above u32', '[{"Ping":{"Id":4294967296}}]', 4, 0, 'Ping.Id must be an integer'],
    ['fractional Id', '[{"Ping":{"Id":1.5}}]', 4, 0, 'Ping.Id must be an integer'],
    ['string Id', '[{"Ping":{"Id":"1"}}]', 4, 0, 'got the string "1"'],
    ['missing Id', '[{"Ping":{}}]', 4, 0, 'Ping.Id is missing'],
    ['body not an object', '[{"Ping":7}]', 4, 0, 'Ping must be an object holding its fields (got 7)'],
    ['unknown field', '[{"Ping":{"Id":3,"Extra":1}}]', 4, 3, 'Ping.Extra is not allowed (allowed: Id)'],
    ['speed out of range', `[${vibrate(7, 1.5)}]`, 2, 7, 'VibrateCmd.Speeds[0].Speed must be a number from 0 to 1 (got 1.5)'],
    ['speed as text', `[${vibrate(7, '0.5')}]`, 2, 7, 'VibrateCmd.Speeds[0].Speed must be a number from 0 to 1 (got the string "0.5")'],
    ['empty Speeds', '[{"VibrateCmd":{"Id":7,"DeviceIndex":0,"Speeds":[]}}]', 2, 7, 'VibrateCmd.Speeds must be an array of at least 1 item'],
    ['negative DeviceIndex', '[{"StopDeviceCmd":{"Id":8,"DeviceIndex":-1}}]', 3, 8, 'StopDeviceCmd.DeviceIndex must be an integer from 0 to 4294967295'],
    ['fractional LinearCmd Duration', '[{"LinearCmd":{"Id":9,"DeviceIndex":0,"Vectors":[{"Index":0,"Duration":1.5,"Position":0.5}]}}]', 3, 9, 'LinearCmd.Vectors[0].Duration must be an integer'],
    ['fractional OutputCmd Value', '[{"OutputCmd":{"Id":9,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":10.5}}}}]', 4, 9, 'OutputCmd.Command.Vibrate.Value must be an integer'],
    ['Vorze speed above 100', '[{"VorzeA10CycloneCmd":{"Id":9,"DeviceIndex":0,"Speed":101,"Clockwise":true}}]', 1, 9, 'VorzeA10CycloneCmd.Speed must be an integer from 0 to 100'],
    ['FW12 position above 99', '[{"FleshlightLaunchFW12Cmd":{"Id":9,"DeviceIndex":0,"Position":100,"Speed":0}}]', 0, 9, 'FleshlightLaunchFW12Cmd.Position must be an integer from 0 to 99'],
    ['RawWriteCmd byte above 255', '[{"RawWriteCmd":{"Id":9,"DeviceIndex":0,"Endpoint":"tx","Data":[256],"WriteWithResponse":false}}]', 3, 9, 'RawWriteCmd.Data[0] must be an integer from 0 to 255'],
    ['unknown log level', '[{"RequestLog":{"Id":9,"LogLevel":"Verbose"}}]', 1, 9, 'RequestLog.LogLevel must be one of Off, Fatal, Error, Warn, Info, Debug, Trace'],
    ['ScalarCmd actuator the reference does not know', '[{"ScalarCmd":{"Id":9,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.5,"ActuatorType":"Inflate"}]}}]', 3, 9, 'ActuatorType must be one of'],
    ['two output types in one OutputCmd', '[{"OutputCmd":{"Id":9,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":1},"Rotate":{"Value":1}}}}]', 4, 9, 'OutputCmd.Command must hold exactly one key, an output type'],
    ['no output type in OutputCmd', '[{"OutputCmd":{"Id":9,"DeviceIndex":0,"FeatureIndex":0,"Command":{}}}]', 4, 9, 'must hold exactly one key'],
    ['HwPositionWithDuration without Duration', '[{"OutputCmd":{"Id":9,"DeviceIndex":0,"FeatureIndex":0,"Command":{"HwPositionWithDuration":{"Value":1}}}}]', 4, 9, 'OutputCmd.Command.HwPositionWithDuration.Duration is missing'],
    ['negative Position', '[{"OutputCmd":{"Id":9,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Position":{"Value":-1}}}}]', 4, 9, 'Position.Value must be an integer from 0'],
    ['StopCmd FeatureIndex without DeviceIndex', '[{"StopCmd":{"Id":9,"FeatureIndex":1}}]', 4, 9, 'StopCmd.FeatureIndex is only allowed together with StopCmd.DeviceIndex'],
    ['InputCmd unknown command', '[{"InputCmd":{"Id":9,"DeviceIndex":0,"FeatureIndex":0,"Type":"Battery","Command":"Poll"}}]', 4, 9, 'InputCmd.Command must be one of Read, Subscribe, Unsubscribe'],
    ['a v4 field in a v2 RequestServerInfo', '[{"RequestServerInfo":{"Id":1,"ClientName":"x","MessageVersion":2,"ProtocolVersionMinor":0}}]', 2, 1, 'ProtocolVersionMinor is not allowed: it belongs to spec v4, not v2'],
    ['a v3 field in a v2 VibrateCmd subcommand', `[{"VibrateCmd":{"Id":4,"DeviceIndex":0,"Speeds":[{"Index":0,"Speed":0.5,"ActuatorType":"Vibrate"}]}}]`, 2, 4, 'VibrateCmd.Speeds[0].ActuatorType is not allowed (allowed: Index, Speed)'],
  ];

  it.each(cases)('%s', (_name, frame, version, id, text) => {
    const items = parseFrame(frame, version);
    expect(items).toHaveLength(1);
    const failure = failureOf(items[0]);
    expect(failure.id).toBe(id);
    expect(failure.code).toBe(ErrorCode.Message);
    expect(failure.text).toContain(text);
    expectLegalItems(items, version);
  });
});

describe('messages outside the negotiated version get an error naming the replacement', () => {
  const cases: [string, SpecVersion, string][] = [
    [vibrate(3, 0.5), 4, 'VibrateCmd is not part of spec v4 (it was removed after spec v3); use OutputCmd with a Vibrate command'],
    [vibrate(3, 0.5), 0, 'use SingleMotorVibrateCmd'],
    ['{"SingleMotorVibrateCmd":{"Id":3,"DeviceIndex":0,"Speed":0.5}}', 2, 'use VibrateCmd'],
    ['{"SingleMotorVibrateCmd":{"Id":3,"DeviceIndex":0,"Speed":0.5}}', 4, 'use OutputCmd with a Vibrate command'],
    ['{"ScalarCmd":{"Id":3,"DeviceIndex":0,"Scalars":[]}}', 4, 'use OutputCmd'],
    ['{"RotateCmd":{"Id":3,"DeviceIndex":0,"Rotations":[]}}', 4, 'use OutputCmd with a Rotate command'],
    ['{"LinearCmd":{"Id":3,"DeviceIndex":0,"Vectors":[]}}', 4, 'use OutputCmd with an HwPositionWithDuration command'],
    ['{"StopDeviceCmd":{"Id":3,"DeviceIndex":0}}', 4, 'use StopCmd with DeviceIndex'],
    ['{"StopAllDevices":{"Id":3}}', 4, 'use StopCmd without DeviceIndex'],
    ['{"SensorReadCmd":{"Id":3,"DeviceIndex":0,"SensorIndex":0,"SensorType":"Battery"}}', 4, 'use InputCmd with Command Read'],
    ['{"BatteryLevelCmd":{"Id":3,"DeviceIndex":0}}', 3, 'use SensorReadCmd with SensorType Battery'],
    ['{"Test":{"Id":3,"TestString":"x"}}', 2, 'use Ping'],
    ['{"OutputCmd":{"Id":3,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":1}}}}', 3, 'use ScalarCmd, RotateCmd or LinearCmd'],
    ['{"StopCmd":{"Id":3}}', 1, 'use StopDeviceCmd or StopAllDevices'],
    ['{"RequestLog":{"Id":3,"LogLevel":"Off"}}', 3, 'RequestLog is not part of spec v3 (it was removed after spec v2)'],
    ['{"RawWriteCmd":{"Id":3,"DeviceIndex":0,"Endpoint":"tx","Data":[1],"WriteWithResponse":true}}', 4, 'RawWriteCmd is not part of spec v4'],
  ];
  it.each(cases)('%s on v%i', (element, version, text) => {
    const [item] = parseFrame(`[${element}]`, version);
    const failure = failureOf(item);
    expect(failure).toMatchObject({ id: 3, code: ErrorCode.Message });
    expect(failure.text).toContain(text);
  });
});

describe('reference quirk §1.3 (one bad element drops the whole frame) — fixed: each element is judged on its own', () => {
  it('keeps the good messages around a bad one, in order', () => {
    const frame = `[${ping(1)},${vibrate(2, 7)},{"Nope":{"Id":3}},5,${ping(4)}]`;
    const items = parseFrame(frame, 2);
    expect(items.map((item) => (item.ok ? `ok:${item.message.Id}` : `error:${item.id}`))).toEqual([
      'ok:1',
      'error:2',
      'error:3',
      'error:0',
      'ok:4',
    ]);
  });

  it('accepts messages of different spec versions in one frame when the negotiated version has them all', () => {
    // The reference's schema rejects mixing v3-only ScalarCmd and VibrateCmd in one array (quirk §10 item 19).
    const scalar = '{"ScalarCmd":{"Id":2,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.5,"ActuatorType":"Vibrate"}]}}';
    const items = parseFrame(`[${vibrate(1, 0.5)},${scalar}]`, 3);
    expect(items.every((item) => item.ok)).toBe(true);
  });

  it('keeps earlier arrays when a later array in the frame is malformed', () => {
    const items = parseFrame(`[${ping(1)}][${ping(2)}][{"Ping":`, 4);
    expect(items.slice(0, 2).map((item) => item.ok && item.message.Id)).toEqual([1, 2]);
    expect(failureOf(items[2])).toMatchObject({ id: 0 });
    expect(items).toHaveLength(3);
  });
});

describe('streamed arrays (the reference parser accepts several arrays per frame)', () => {
  it.each([
    ['back to back', `[${ping(1)}][${ping(2)},${ping(3)}]`],
    ['separated by whitespace', ` [${ping(1)}]\n\t[${ping(2)}] \r\n[${ping(3)}] `],
  ])('%s', (_name, frame) => {
    const items = parseFrame(frame, 4);
    expect(items.map((item) => item.ok && item.message.Id)).toEqual([1, 2, 3]);
  });

  it('brackets inside strings do not end an array early', () => {
    const items = parseFrame('[{"RequestServerInfo":{"Id":1,"ClientName":"a]b[\\"]}"}}][{"Ping":{"Id":2}}]', 4);
    expect(items).toHaveLength(2);
    expect(failureOf(items[0]).text).toContain('ProtocolVersionMajor is missing');
    expect(items[1]).toEqual({ ok: true, message: { type: 'Ping', Id: 2 } });
  });

  it('rejects a comma between arrays but keeps the first array', () => {
    const items = parseFrame(`[${ping(1)}],[${ping(2)}]`, 4);
    expect(items[0]).toEqual({ ok: true, message: { type: 'Ping', Id: 1 } });
    expect(failureOf(items[1]).text).toContain('unexpected text after message array 1');
  });
});

describe('reference quirk §10 item 20 (spellings): lowercase aliases are accepted and normalized', () => {
  it.each([
    ['ScalarCmd ActuatorType', '{"ScalarCmd":{"Id":1,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.5,"ActuatorType":"oscillate"}]}}', 3, ['Scalars', 0, 'ActuatorType'], 'Oscillate'],
    ['ScalarCmd snake_case ActuatorType', '{"ScalarCmd":{"Id":1,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":0.5,"ActuatorType":"hw_position_with_duration"}]}}', 3, ['Scalars', 0, 'ActuatorType'], 'HwPositionWithDuration'],
    ['SensorReadCmd SensorType', '{"SensorReadCmd":{"Id":1,"DeviceIndex":0,"SensorIndex":0,"SensorType":"battery"}}', 3, ['SensorType'], 'Battery'],
    ['SensorReadCmd SensorType RSSI', '{"SensorReadCmd":{"Id":1,"DeviceIndex":0,"SensorIndex":0,"SensorType":"RSSI"}}', 3, ['SensorType'], 'Rssi'],
    ['InputCmd Type rssi', '{"InputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Type":"rssi","Command":"Read"}}', 4, ['Type'], 'Rssi'],
    ['InputCmd Type RSSI', '{"InputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Type":"RSSI","Command":"Read"}}', 4, ['Type'], 'Rssi'],
    ['InputCmd Command', '{"InputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Type":"Battery","Command":"subscribe"}}', 4, ['Command'], 'Subscribe'],
  ] as const)('%s', (_name, element, version, path, canonical) => {
    const [item] = parseFrame(`[${element}]`, version);
    if (!item.ok) throw new Error(item.error.message);
    let value: unknown = item.message;
    for (const step of path) value = (value as Record<string | number, unknown>)[step];
    expect(value).toBe(canonical);
  });

  it('does not alias the OutputCmd Command key (exact PascalCase, as the reference)', () => {
    const [item] = parseFrame('[{"OutputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Command":{"vibrate":{"Value":1}}}}]', 4);
    expect(failureOf(item).text).toContain('OutputCmd.Command.vibrate is not allowed');
  });

  it('does not accept other capitalisations', () => {
    const [item] = parseFrame('[{"InputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Type":"BATTERY","Command":"Read"}}]', 4);
    expect(failureOf(item).text).toContain('InputCmd.Type must be one of');
  });
});

describe('field rules', () => {
  it('float fields accept integer literals', () => {
    const [item] = parseFrame(`[${vibrate(1, 1)}]`, 1);
    expect(item).toEqual({ ok: true, message: { type: 'VibrateCmd', Id: 1, DeviceIndex: 0, Speeds: [{ Index: 0, Speed: 1 }] } });
  });

  it('ScalarCmd Scalar is unbounded here (the schema sets no range; devices judge it later)', () => {
    const [item] = parseFrame('[{"ScalarCmd":{"Id":1,"DeviceIndex":0,"Scalars":[{"Index":0,"Scalar":2.5,"ActuatorType":"Vibrate"}]}}]', 3);
    expect(item.ok).toBe(true);
  });

  it('drops unknown keys inside an OutputCmd value object (open in the schema)', () => {
    const [item] = parseFrame('[{"OutputCmd":{"Id":1,"DeviceIndex":0,"FeatureIndex":0,"Command":{"Vibrate":{"Value":3,"Duration":100}}}}]', 4);
    expect(item).toEqual({
      ok: true,
      message: { type: 'OutputCmd', Id: 1, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 3 } } },
    });
  });

  it('accepts every RawReadCmd length spelling the sources use', () => {
    for (const fields of ['"Length":4,"WaitForData":true', '"ExpectedLength":4,"WaitForData":false', '"ExpectedLength":4,"Timeout":500']) {
      const [item] = parseFrame(`[{"RawReadCmd":{"Id":1,"DeviceIndex":0,"Endpoint":"rx",${fields}}}]`, 2);
      expect(item.ok).toBe(true);
    }
  });

  it('a v0 RequestServerInfo may say MessageVersion 0, as old clients do', () => {
    const [item] = parseFrame('[{"RequestServerInfo":{"Id":1,"ClientName":"old","MessageVersion":0}}]', 0);
    expect(item.ok).toBe(true);
  });

  it('outputs fields in catalog order with the type first', () => {
    const [item] = parseFrame('[{"VibrateCmd":{"Speeds":[{"Speed":0.5,"Index":1}],"DeviceIndex":2,"Id":3}}]', 2);
    if (!item.ok) throw new Error(item.error.message);
    expect(JSON.stringify(item.message)).toBe('{"type":"VibrateCmd","Id":3,"DeviceIndex":2,"Speeds":[{"Index":1,"Speed":0.5}]}');
  });

  it('keys named like Object.prototype members stay harmless', () => {
    const items = parseFrame('[{"__proto__":{"Id":1}},{"Ping":{"Id":2,"__proto__":{"polluted":true}}},{"constructor":{"Id":3}}]', 4);
    expect(items.map((item) => (item.ok ? 'ok' : item.id))).toEqual([1, 2, 3]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hostile input never throws', () => {
  it('100k nested arrays as the frame', () => {
    const depth = 100_000;
    const items = parseFrame('['.repeat(depth) + ']'.repeat(depth), 4);
    expect(failureOf(items[0]).text).toContain('frame element 0 must be an object');
    expectLegalItems(items, 4);
  });

  it('100k nested arrays inside a field', () => {
    const depth = 100_000;
    const items = parseFrame(`[{"Ping":{"Id":9,"Deep":${'['.repeat(depth)}${']'.repeat(depth)}}}]`, 4);
    expect(failureOf(items[0])).toMatchObject({ id: 9 });
  });

  it('an unbalanced 1M-deep prefix', () => {
    const items = parseFrame('['.repeat(1_000_000), 4);
    expect(failureOf(items[0]).text).toContain('not closed');
  });

  it('a deeply nested in-process value (not JSON text)', () => {
    let value: unknown = [];
    for (let i = 0; i < 200_000; i++) value = [value];
    const items = parseFrame([{ Ping: { Id: 1, Deep: value } }, value], 4);
    expect(items.map((item) => (item.ok ? 'ok' : item.id))).toEqual([1, 0]);
  });

  it('a cyclic in-process value', () => {
    const cyclic: Record<string, unknown> = { Id: 1 };
    cyclic.Self = cyclic;
    const items = parseFrame([{ Ping: cyclic }], 4);
    expect(failureOf(items[0]).text).toContain('Ping.Self is not allowed');
  });

  it('a throwing getter in an in-process value', () => {
    const body = {
      get Id(): number {
        throw new Error('boom');
      },
    };
    const items = parseFrame([{ Ping: body }], 4);
    expect(failureOf(items[0]).text).toContain('could not be read');
  });

  it('binary frames, undefined and functions', () => {
    for (const frame of [new Uint8Array([91, 93]), undefined, () => 1, Symbol('x'), 12n]) {
      const items = parseFrame(frame, 4);
      expect(items).toHaveLength(1);
      expect(items[0].ok).toBe(false);
    }
  });

  it('a long key and a long string are cut in error texts', () => {
    const key = 'K'.repeat(100_000);
    const [item] = parseFrame(`[{"${key}":{"Id":1}}]`, 4);
    expect(failureOf(item).text.length).toBeLessThan(200);
    const [other] = parseFrame(`[{"Test":{"Id":1,"TestString":5}},{"RequestLog":{"Id":2,"LogLevel":"${'x'.repeat(100_000)}"}}]`, 1).slice(1);
    expect(failureOf(other).text.length).toBeLessThan(300);
  });

  it('a large batch of messages', () => {
    const frame = `[${Array.from({ length: 10_000 }, (_, i) => ping(i + 1)).join(',')}]`;
    const items = parseFrame(frame, 4);
    expect(items).toHaveLength(10_000);
    expect(items.every((item) => item.ok)).toBe(true);
  });

  it('errors are ButtplugErrors of class ERROR_MSG', () => {
    const [item] = parseFrame('nope', 4);
    if (item.ok) throw new Error('expected failure');
    expect(item.error).toBeInstanceOf(ButtplugError);
    expect(item.error.name).toBe('ButtplugMessageError');
  });
});
