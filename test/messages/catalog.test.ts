/** The catalog against protocol.md §9 (message × version) and the upstream schema's lists. */
import { describe, expect, it } from 'vitest';
import {
  MESSAGE_TYPES,
  clientMessageTypesIn,
  isDeprecatedIn,
  messageDirection,
  messageExistsIn,
  messageVersions,
  notInVersionExplanation,
  serverMessageTypesIn,
} from '../../src/messages/catalog.ts';
import { SPEC_VERSIONS, type MessageType, type SpecVersion } from '../../src/messages/types.ts';
import { SCHEMA_LIST_GAPS, schemaMessageList } from './support.ts';

/** protocol.md §9, transcribed: versions each message is part of (● or D), and its direction. */
const SECTION_9: Record<MessageType, { versions: SpecVersion[]; direction: 'client' | 'server' | 'both' }> = {
  RequestServerInfo: { versions: [0, 1, 2, 3, 4], direction: 'client' },
  Ping: { versions: [0, 1, 2, 3, 4], direction: 'client' },
  StartScanning: { versions: [0, 1, 2, 3, 4], direction: 'client' },
  StopScanning: { versions: [0, 1, 2, 3, 4], direction: 'client' },
  RequestDeviceList: { versions: [0, 1, 2, 3, 4], direction: 'client' },
  StopDeviceCmd: { versions: [0, 1, 2, 3], direction: 'client' },
  StopAllDevices: { versions: [0, 1, 2, 3], direction: 'client' },
  StopCmd: { versions: [4], direction: 'client' },
  SingleMotorVibrateCmd: { versions: [0, 1], direction: 'client' },
  FleshlightLaunchFW12Cmd: { versions: [0, 1], direction: 'client' },
  VorzeA10CycloneCmd: { versions: [0, 1], direction: 'client' },
  KiirooCmd: { versions: [0, 1], direction: 'client' },
  LovenseCmd: { versions: [0, 1], direction: 'client' },
  Test: { versions: [0, 1], direction: 'both' },
  RequestLog: { versions: [0, 1, 2], direction: 'client' },
  VibrateCmd: { versions: [1, 2, 3], direction: 'client' },
  RotateCmd: { versions: [1, 2, 3], direction: 'client' },
  LinearCmd: { versions: [1, 2, 3], direction: 'client' },
  BatteryLevelCmd: { versions: [2], direction: 'client' },
  RSSILevelCmd: { versions: [2], direction: 'client' },
  RawWriteCmd: { versions: [2, 3], direction: 'client' },
  RawReadCmd: { versions: [2, 3], direction: 'client' },
  RawSubscribeCmd: { versions: [2, 3], direction: 'client' },
  RawUnsubscribeCmd: { versions: [2, 3], direction: 'client' },
  ScalarCmd: { versions: [3], direction: 'client' },
  SensorReadCmd: { versions: [3], direction: 'client' },
  SensorSubscribeCmd: { versions: [3], direction: 'client' },
  SensorUnsubscribeCmd: { versions: [3], direction: 'client' },
  OutputCmd: { versions: [4], direction: 'client' },
  InputCmd: { versions: [4], direction: 'client' },
  Ok: { versions: [0, 1, 2, 3, 4], direction: 'server' },
  Error: { versions: [0, 1, 2, 3, 4], direction: 'server' },
  ServerInfo: { versions: [0, 1, 2, 3, 4], direction: 'server' },
  DeviceList: { versions: [0, 1, 2, 3, 4], direction: 'server' },
  DeviceAdded: { versions: [0, 1, 2, 3], direction: 'server' },
  DeviceRemoved: { versions: [0, 1, 2, 3], direction: 'server' },
  ScanningFinished: { versions: [0, 1, 2, 3, 4], direction: 'server' },
  Log: { versions: [0, 1], direction: 'server' },
  BatteryLevelReading: { versions: [2], direction: 'server' },
  RSSILevelReading: { versions: [2], direction: 'server' },
  RawReading: { versions: [2, 3], direction: 'server' },
  SensorReading: { versions: [3], direction: 'server' },
  InputReading: { versions: [4], direction: 'server' },
};

describe('message × version membership (protocol.md §9)', () => {
  it.each(Object.entries(SECTION_9))('%s', (type, expected) => {
    expect(messageVersions(type)).toEqual(expected.versions);
    expect(messageDirection(type)).toBe(expected.direction);
    for (const version of SPEC_VERSIONS) expect(messageExistsIn(type, version)).toBe(expected.versions.includes(version));
  });

  it('lists every type of types.ts once', () => {
    expect([...MESSAGE_TYPES].sort()).toEqual(Object.keys(SECTION_9).sort());
  });

  it('marks the deprecated-but-accepted entries (D in §9)', () => {
    const deprecated = MESSAGE_TYPES.flatMap((type) =>
      SPEC_VERSIONS.filter((version) => isDeprecatedIn(type, version)).map((version) => `${type}@v${version}`),
    );
    expect(deprecated.sort()).toEqual(['RequestLog@v2', 'SingleMotorVibrateCmd@v1', 'VibrateCmd@v3']);
  });

  it('knows nothing by other names', () => {
    expect(messageVersions('Disconnect')).toEqual([]);
    expect(messageDirection('__proto__')).toBeUndefined();
    expect(messageExistsIn('toString', 4)).toBe(false);
  });
});

describe.each(SPEC_VERSIONS)('spec v%i against the upstream schema list', (version) => {
  it('holds the schema list plus exactly the documented gaps', () => {
    const catalog = [...clientMessageTypesIn(version), ...serverMessageTypesIn(version)];
    const expected = new Set([...schemaMessageList(version), ...SCHEMA_LIST_GAPS[version]]);
    expect(new Set(catalog)).toEqual(expected);
  });
});

describe('explanations for messages outside a version', () => {
  it.each([
    ['VibrateCmd', 4, 'VibrateCmd is not part of spec v4 (it was removed after spec v3); use OutputCmd with a Vibrate command'],
    ['VibrateCmd', 0, 'VibrateCmd is not part of spec v0 (it was added in spec v1); use SingleMotorVibrateCmd'],
    ['SingleMotorVibrateCmd', 2, 'use VibrateCmd'],
    ['SingleMotorVibrateCmd', 3, 'use ScalarCmd with ActuatorType Vibrate'],
    ['ScalarCmd', 4, 'use OutputCmd'],
    ['StopDeviceCmd', 4, 'use StopCmd with DeviceIndex'],
    ['StopAllDevices', 4, 'use StopCmd without DeviceIndex'],
    ['StopCmd', 2, 'use StopDeviceCmd or StopAllDevices'],
    ['BatteryLevelCmd', 3, 'use SensorReadCmd with SensorType Battery'],
    ['BatteryLevelCmd', 4, 'use InputCmd with Type Battery and Command Read'],
    ['SensorReadCmd', 4, 'use InputCmd with Command Read'],
    ['SensorSubscribeCmd', 4, 'use InputCmd with Command Subscribe'],
    ['Test', 3, 'use Ping'],
    ['OutputCmd', 3, 'use ScalarCmd, RotateCmd or LinearCmd'],
    ['InputCmd', 3, 'use SensorReadCmd'],
    ['FleshlightLaunchFW12Cmd', 4, 'use OutputCmd with an HwPositionWithDuration command'],
    ['VorzeA10CycloneCmd', 2, 'use RotateCmd'],
    ['RequestLog', 3, 'RequestLog is not part of spec v3 (it was removed after spec v2)'],
  ] as const)('%s in v%i', (type, version, text) => {
    expect(notInVersionExplanation(type, version)).toContain(text);
  });

  it('every legacy device command names its v4 replacement', () => {
    const legacy = clientMessageTypesIn(1)
      .concat(clientMessageTypesIn(2), clientMessageTypesIn(3))
      .filter((type) => !messageExistsIn(type, 4) && /Cmd$|StopAllDevices/.test(type) && !type.startsWith('Raw') && type !== 'RSSILevelCmd');
    expect(legacy.length).toBeGreaterThan(10);
    for (const type of new Set(legacy)) expect(notInVersionExplanation(type, 4)).toMatch(/; use (OutputCmd|InputCmd|StopCmd)/);
  });
});
