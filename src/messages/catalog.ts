/**
 * Every Buttplug message of spec v0–v4: which versions it exists in, who sends it, and the
 * exact shape of its fields in each version. Membership follows the protocol's message × version
 * table; shapes and ranges follow the reference's message schema (buttplug-message-schema.json),
 * with the deviations noted inline. The shapes are data for validate.ts, which both the parser
 * (client messages) and the serializer (server messages) run.
 */
import { INPUT_COMMANDS, INPUT_TYPES, OUTPUT_TYPES } from '../devices/features.ts';
import {
  U32_MAX,
  arrayOf,
  boolean,
  byte,
  clientId,
  empty,
  enumOf,
  i32,
  indexMap,
  integer,
  intRange,
  number,
  object,
  oneKeyOf,
  opt,
  req,
  serverId,
  string,
  systemId,
  u32,
  unit,
  type FieldEntry,
  type FieldSpec,
  type ObjectSpec,
} from './fields.ts';
import { SPEC_VERSIONS, type MessageType, type SpecVersion } from './types.ts';

export type Direction = 'client' | 'server' | 'both';

interface MessageEntry {
  readonly direction: Direction;
  readonly bodies: Partial<Record<SpecVersion, ObjectSpec>>;
  /** Versions in which the message is deprecated but still accepted. */
  readonly deprecatedIn?: readonly SpecVersion[];
  /** For versions lacking the message: what a client should send instead. */
  readonly instead?: Partial<Record<SpecVersion, string>>;
}

// ---- enumerations used on the wire (output/input types and commands: src/devices/features.ts) ----

export const LOG_LEVELS = ['Off', 'Fatal', 'Error', 'Warn', 'Info', 'Debug', 'Trace'] as const;
/** Input types that have a reading (InputReading / SensorReading). */
export const READABLE_INPUT_TYPES = ['Battery', 'Rssi', 'Pressure', 'Button'] as const;
/** v0 DeviceMessages names the schema permits. */
const V0_DEVICE_MESSAGES = [
  'FleshlightLaunchFW12Cmd',
  'SingleMotorVibrateCmd',
  'StopDeviceCmd',
  'KiirooCmd',
  'LovenseCmd',
  'VorzeA10CycloneCmd',
] as const;

/** ScalarCmd ActuatorType: the reference's set, plus its lowercase aliases. */
const actuatorType = enumOf(
  ['Vibrate', 'Rotate', 'Oscillate', 'Constrict', 'Temperature', 'Led', 'Position', 'Spray', 'Unknown', 'HwPositionWithDuration'],
  { lowercaseAliases: true },
);
/** SensorType (v3) and InputCmd Type (v4): lowercase aliases, and "RSSI" as docs and js clients spell it. */
const inputType = enumOf([...INPUT_TYPES, 'Unknown'], { lowercaseAliases: true, extraAliases: { RSSI: 'Rssi' } });
const inputCommand = enumOf(INPUT_COMMANDS, { lowercaseAliases: true });
const logLevel = enumOf(LOG_LEVELS);

// ---- building blocks ----

const ALL: readonly SpecVersion[] = SPEC_VERSIONS;
const UP_TO_V3: readonly SpecVersion[] = [0, 1, 2, 3];

function inVersions(versions: readonly SpecVersion[], body: ObjectSpec): Partial<Record<SpecVersion, ObjectSpec>> {
  return Object.fromEntries(versions.map((version) => [version, body]));
}

const idOnly = (id: FieldSpec) => object([req('Id', id)]);
const withDevice = (...fields: FieldEntry[]) => object([req('Id', clientId), req('DeviceIndex', u32), ...fields]);

// ---- client → server bodies ----

const sensorCmd = withDevice(req('SensorIndex', u32), req('SensorType', inputType));
const rawEndpointCmd = withDevice(req('Endpoint', string));

/** OutputCmd.Command: one output type → its value. Inner objects are open in the schema. */
const outputCommand = oneKeyOf(
  OUTPUT_TYPES.map((type) => {
    if (type === 'HwPositionWithDuration') {
      return req(type, object([req('Value', u32), req('Duration', u32)], { unknownKeys: 'ignore' }));
    }
    // Position is unsigned; the other value outputs are signed (Rotate/Temperature use the sign).
    return req(type, object([req('Value', type === 'Position' ? u32 : i32)], { unknownKeys: 'ignore' }));
  }),
  `an output type (${OUTPUT_TYPES.join(', ')})`,
);

const requestServerInfo = {
  // v0 clients may still say MessageVersion 0; the reference accepts that.
  v0: object([req('Id', clientId), req('ClientName', string), opt('MessageVersion', integer(0, 0))]),
  v1to3: object([req('Id', clientId), req('ClientName', string), req('MessageVersion', u32)]),
  // A v4 client may also send MessageVersion for old servers; ProtocolVersionMajor decides.
  v4: object([
    req('Id', clientId),
    req('ClientName', string),
    req('ProtocolVersionMajor', u32),
    req('ProtocolVersionMinor', u32),
    opt('MessageVersion', u32),
  ]),
};

// ---- server → client bodies ----

const serverInfoLong = (version: SpecVersion) =>
  object([
    req('Id', clientId),
    req('MajorVersion', u32),
    req('MinorVersion', u32),
    req('BuildVersion', u32),
    // Never above the client's version (spec v3 patch 1).
    req('MessageVersion', integer(version, version)),
    req('MaxPingTime', u32),
    req('ServerName', string),
  ]);
const serverInfoShort = (version: SpecVersion) =>
  object([req('Id', clientId), req('MessageVersion', integer(version, version)), req('MaxPingTime', u32), req('ServerName', string)]);
const serverInfoV4 = object([
  req('Id', clientId),
  req('ProtocolVersionMajor', integer(4, 4)),
  req('ProtocolVersionMinor', u32),
  req('MaxPingTime', u32),
  req('ServerName', string),
]);

const featureCount = integer(1, U32_MAX);
const genericAttributesV1 = object([opt('FeatureCount', featureCount)]);
const genericAttributesV2 = object([opt('FeatureCount', featureCount), opt('StepCount', arrayOf(integer(1, U32_MAX), 1))]);
const genericAttributesV3 = object([
  req('FeatureDescriptor', string),
  req('ActuatorType', string),
  req('StepCount', integer(1, U32_MAX)),
]);
const sensorAttributesV3 = object([req('FeatureDescriptor', string), req('SensorType', string), req('SensorRange', arrayOf(intRange, 1))]);
const rawAttributes = object([req('Endpoints', arrayOf(string, 1))]);

const deviceMessages: Record<SpecVersion, FieldSpec | undefined> = {
  0: arrayOf(enumOf(V0_DEVICE_MESSAGES)),
  1: object([
    opt('VibrateCmd', genericAttributesV1),
    opt('RotateCmd', genericAttributesV1),
    opt('LinearCmd', genericAttributesV1),
    req('StopDeviceCmd', empty),
    opt('SingleMotorVibrateCmd', empty),
    opt('FleshlightLaunchFW12Cmd', empty),
    opt('VorzeA10CycloneCmd', empty),
    opt('KiirooCmd', empty),
    opt('LovenseCmd', empty),
  ]),
  2: object([
    opt('VibrateCmd', genericAttributesV2),
    opt('RotateCmd', genericAttributesV2),
    opt('LinearCmd', genericAttributesV2),
    opt('BatteryLevelCmd', empty),
    opt('RSSILevelCmd', empty),
    opt('RawReadCmd', rawAttributes),
    opt('RawWriteCmd', rawAttributes),
    opt('RawSubscribeCmd', rawAttributes),
    opt('RawUnsubscribeCmd', rawAttributes),
    req('StopDeviceCmd', empty),
  ]),
  3: object([
    opt('ScalarCmd', arrayOf(genericAttributesV3, 1)),
    opt('RotateCmd', arrayOf(genericAttributesV3)),
    opt('LinearCmd', arrayOf(genericAttributesV3)),
    opt('SensorReadCmd', arrayOf(sensorAttributesV3)),
    opt('SensorSubscribeCmd', arrayOf(sensorAttributesV3)),
    opt('RawReadCmd', rawAttributes),
    opt('RawWriteCmd', rawAttributes),
    opt('RawSubscribeCmd', rawAttributes),
    req('StopDeviceCmd', empty),
  ]),
  4: undefined,
};

/** A v0–v3 device description; DeviceAdded carries the same fields after an event Id. */
function legacyDeviceFields(version: SpecVersion): FieldEntry[] {
  const messages = deviceMessages[version]!;
  const v3Extras = version === 3 ? [opt('DeviceDisplayName', string), opt('DeviceMessageTimingGap', u32)] : [];
  return [req('DeviceIndex', u32), req('DeviceName', string), ...v3Extras, req('DeviceMessages', messages)];
}

const featureV4 = object([
  req('FeatureIndex', u32),
  req('FeatureDescription', string),
  opt(
    'Output',
    object(
      OUTPUT_TYPES.map((type) =>
        opt(type, type === 'HwPositionWithDuration' ? object([req('Value', intRange), req('Duration', intRange)]) : object([req('Value', intRange)])),
      ),
    ),
  ),
  opt(
    'Input',
    object(
      INPUT_TYPES.map((type) =>
        opt(type, object([req('Value', arrayOf(intRange)), req('Command', arrayOf(enumOf(INPUT_COMMANDS)))])),
      ),
    ),
  ),
]);
const deviceV4 = object([
  req('DeviceIndex', u32),
  req('DeviceName', string),
  opt('DeviceDisplayName', string),
  req('DeviceMessageTimingGap', u32),
  req('DeviceFeatures', indexMap(featureV4, 'FeatureIndex')),
]);

/** Reading values by input type: Battery %, RSSI dBm (i8), Pressure (u32), Button 0/1. */
const reading = oneKeyOf(
  [
    req('Battery', object([req('Value', byte)])),
    req('Rssi', object([req('Value', integer(-128, 127))])),
    req('Pressure', object([req('Value', u32)])),
    req('Button', object([req('Value', byte)])),
  ],
  `an input type (${READABLE_INPUT_TYPES.join(', ')})`,
);

// ---- the table ----

const CATALOG: Record<MessageType, MessageEntry> = {
  // status / system
  Ok: { direction: 'server', bodies: inVersions(ALL, idOnly(clientId)) },
  Error: {
    direction: 'server',
    bodies: inVersions(ALL, object([req('Id', serverId), req('ErrorCode', integer(0, 4)), req('ErrorMessage', string)])),
  },
  Ping: { direction: 'client', bodies: inVersions(ALL, idOnly(clientId)) },
  Test: {
    direction: 'both',
    bodies: inVersions([0, 1], object([req('Id', clientId), req('TestString', string)])),
    instead: { 2: 'Ping', 3: 'Ping', 4: 'Ping' },
  },
  RequestLog: {
    direction: 'client',
    bodies: inVersions([0, 1, 2], object([req('Id', clientId), req('LogLevel', logLevel)])),
    deprecatedIn: [2],
  },
  Log: {
    direction: 'server',
    bodies: inVersions([0, 1], object([req('Id', systemId), req('LogLevel', logLevel), req('LogMessage', string)])),
  },

  // handshake
  RequestServerInfo: {
    direction: 'client',
    bodies: {
      0: requestServerInfo.v0,
      1: requestServerInfo.v1to3,
      2: requestServerInfo.v1to3,
      3: requestServerInfo.v1to3,
      4: requestServerInfo.v4,
    },
  },
  ServerInfo: {
    direction: 'server',
    bodies: { 0: serverInfoLong(0), 1: serverInfoLong(1), 2: serverInfoShort(2), 3: serverInfoShort(3), 4: serverInfoV4 },
  },

  // enumeration
  StartScanning: { direction: 'client', bodies: inVersions(ALL, idOnly(clientId)) },
  StopScanning: { direction: 'client', bodies: inVersions(ALL, idOnly(clientId)) },
  ScanningFinished: { direction: 'server', bodies: inVersions(ALL, idOnly(systemId)) },
  RequestDeviceList: { direction: 'client', bodies: inVersions(ALL, idOnly(clientId)) },
  DeviceList: {
    direction: 'server',
    bodies: {
      0: object([req('Id', clientId), req('Devices', arrayOf(object(legacyDeviceFields(0))))]),
      1: object([req('Id', clientId), req('Devices', arrayOf(object(legacyDeviceFields(1))))]),
      2: object([req('Id', clientId), req('Devices', arrayOf(object(legacyDeviceFields(2))))]),
      3: object([req('Id', clientId), req('Devices', arrayOf(object(legacyDeviceFields(3))))]),
      // v4 also pushes the list as an event, with Id 0.
      4: object([req('Id', serverId), req('Devices', indexMap(deviceV4, 'DeviceIndex'))]),
    },
  },
  DeviceAdded: {
    direction: 'server',
    bodies: Object.fromEntries(UP_TO_V3.map((v) => [v, object([req('Id', systemId), ...legacyDeviceFields(v)])])),
  },
  DeviceRemoved: {
    direction: 'server',
    bodies: inVersions(UP_TO_V3, object([req('Id', systemId), req('DeviceIndex', u32)])),
  },

  // stop
  StopDeviceCmd: { direction: 'client', bodies: inVersions(UP_TO_V3, withDevice()), instead: { 4: 'StopCmd with DeviceIndex' } },
  StopAllDevices: {
    direction: 'client',
    bodies: inVersions(UP_TO_V3, idOnly(clientId)),
    instead: { 4: 'StopCmd without DeviceIndex' },
  },
  StopCmd: {
    direction: 'client',
    bodies: {
      4: object([
        req('Id', clientId),
        opt('DeviceIndex', u32),
        // A feature index means nothing without its device.
        opt('FeatureIndex', u32, 'DeviceIndex'),
        opt('Inputs', boolean),
        opt('Outputs', boolean),
      ]),
    },
    instead: { 0: 'StopDeviceCmd or StopAllDevices', 1: 'StopDeviceCmd or StopAllDevices', 2: 'StopDeviceCmd or StopAllDevices', 3: 'StopDeviceCmd or StopAllDevices' },
  },

  // v0 device-specific
  SingleMotorVibrateCmd: {
    direction: 'client',
    bodies: inVersions([0, 1], withDevice(req('Speed', unit))),
    deprecatedIn: [1],
    instead: { 2: 'VibrateCmd', 3: 'ScalarCmd with ActuatorType Vibrate', 4: 'OutputCmd with a Vibrate command' },
  },
  FleshlightLaunchFW12Cmd: {
    direction: 'client',
    bodies: inVersions([0, 1], withDevice(req('Position', integer(0, 99)), req('Speed', integer(0, 99)))),
    instead: { 2: 'LinearCmd', 3: 'LinearCmd', 4: 'OutputCmd with an HwPositionWithDuration command' },
  },
  VorzeA10CycloneCmd: {
    direction: 'client',
    bodies: inVersions([0, 1], withDevice(req('Speed', integer(0, 100)), req('Clockwise', boolean))),
    instead: { 2: 'RotateCmd', 3: 'RotateCmd', 4: 'OutputCmd with a Rotate command' },
  },
  KiirooCmd: {
    direction: 'client',
    bodies: inVersions([0, 1], withDevice(req('Command', string))),
    instead: { 2: 'LinearCmd', 3: 'LinearCmd', 4: 'OutputCmd with a Position or HwPositionWithDuration command' },
  },
  LovenseCmd: {
    direction: 'client',
    bodies: inVersions([0, 1], withDevice(req('Command', string))),
    instead: { 2: 'VibrateCmd', 3: 'ScalarCmd', 4: 'OutputCmd' },
  },

  // v1–v3 generic
  VibrateCmd: {
    direction: 'client',
    bodies: inVersions([1, 2, 3], withDevice(req('Speeds', arrayOf(object([req('Index', u32), req('Speed', unit)]), 1)))),
    // Deprecated in v3 (replaced by ScalarCmd) but still accepted, as the reference does.
    deprecatedIn: [3],
    instead: { 0: 'SingleMotorVibrateCmd', 4: 'OutputCmd with a Vibrate command' },
  },
  RotateCmd: {
    direction: 'client',
    bodies: inVersions(
      [1, 2, 3],
      withDevice(req('Rotations', arrayOf(object([req('Index', u32), req('Speed', unit), req('Clockwise', boolean)]), 1))),
    ),
    instead: { 0: 'VorzeA10CycloneCmd', 4: 'OutputCmd with a Rotate command' },
  },
  LinearCmd: {
    direction: 'client',
    bodies: inVersions(
      [1, 2, 3],
      // Duration is milliseconds as u32 in the reference; the schema's "number" would let 1.5 through.
      withDevice(req('Vectors', arrayOf(object([req('Index', u32), req('Duration', u32), req('Position', unit)])))),
    ),
    instead: { 0: 'FleshlightLaunchFW12Cmd', 4: 'OutputCmd with an HwPositionWithDuration command' },
  },
  ScalarCmd: {
    direction: 'client',
    bodies: {
      // Scalar is unbounded in the schema; values outside 0..1 are a device error later on.
      3: withDevice(req('Scalars', arrayOf(object([req('Index', u32), req('Scalar', number()), req('ActuatorType', actuatorType)]), 1))),
    },
    instead: {
      0: 'SingleMotorVibrateCmd',
      1: 'VibrateCmd, RotateCmd or LinearCmd',
      2: 'VibrateCmd, RotateCmd or LinearCmd',
      4: 'OutputCmd',
    },
  },

  // v2 sensors
  BatteryLevelCmd: {
    direction: 'client',
    bodies: { 2: withDevice() },
    instead: { 3: 'SensorReadCmd with SensorType Battery', 4: 'InputCmd with Type Battery and Command Read' },
  },
  BatteryLevelReading: {
    direction: 'server',
    bodies: { 2: object([req('Id', clientId), req('DeviceIndex', u32), req('BatteryLevel', unit)]) },
  },
  RSSILevelCmd: {
    direction: 'client',
    bodies: { 2: withDevice() },
    instead: { 4: 'InputCmd with Type Rssi and Command Read' },
  },
  RSSILevelReading: {
    direction: 'server',
    // dBm as a signed byte; the schema's 0..1 is a known upstream mistake.
    bodies: { 2: object([req('Id', clientId), req('DeviceIndex', u32), req('RSSILevel', integer(-128, 127))]) },
  },

  // v3 sensors
  SensorReadCmd: { direction: 'client', bodies: { 3: sensorCmd }, instead: { 2: 'BatteryLevelCmd', 4: 'InputCmd with Command Read' } },
  SensorSubscribeCmd: { direction: 'client', bodies: { 3: sensorCmd }, instead: { 4: 'InputCmd with Command Subscribe' } },
  SensorUnsubscribeCmd: { direction: 'client', bodies: { 3: sensorCmd }, instead: { 4: 'InputCmd with Command Unsubscribe' } },
  SensorReading: {
    direction: 'server',
    bodies: {
      3: object([
        req('Id', serverId),
        req('DeviceIndex', u32),
        req('SensorIndex', u32),
        req('SensorType', string),
        req('Data', arrayOf(byte)),
      ]),
    },
  },

  // v2–v3 raw
  RawWriteCmd: {
    direction: 'client',
    bodies: inVersions([2, 3], withDevice(req('Endpoint', string), req('Data', arrayOf(byte, 1)), req('WriteWithResponse', boolean))),
  },
  RawReadCmd: {
    direction: 'client',
    // Sources disagree on the length/wait fields (docs, schema, bp7); every spelling is accepted.
    bodies: inVersions(
      [2, 3],
      withDevice(
        req('Endpoint', string),
        opt('ExpectedLength', u32),
        opt('Length', u32),
        opt('WaitForData', boolean),
        opt('Timeout', u32),
      ),
    ),
  },
  RawSubscribeCmd: { direction: 'client', bodies: inVersions([2, 3], rawEndpointCmd) },
  RawUnsubscribeCmd: { direction: 'client', bodies: inVersions([2, 3], rawEndpointCmd) },
  RawReading: {
    direction: 'server',
    bodies: inVersions(
      [2, 3],
      object([req('Id', serverId), req('DeviceIndex', u32), req('Endpoint', string), req('Data', arrayOf(byte, 1))]),
    ),
  },

  // v4
  OutputCmd: {
    direction: 'client',
    bodies: { 4: withDevice(req('FeatureIndex', u32), req('Command', outputCommand)) },
    instead: {
      0: 'SingleMotorVibrateCmd',
      1: 'VibrateCmd, RotateCmd or LinearCmd',
      2: 'VibrateCmd, RotateCmd or LinearCmd',
      3: 'ScalarCmd, RotateCmd or LinearCmd',
    },
  },
  InputCmd: {
    direction: 'client',
    bodies: { 4: withDevice(req('FeatureIndex', u32), req('Type', inputType), req('Command', inputCommand)) },
    instead: { 2: 'BatteryLevelCmd', 3: 'SensorReadCmd' },
  },
  InputReading: {
    direction: 'server',
    bodies: { 4: object([req('Id', serverId), req('DeviceIndex', u32), req('FeatureIndex', u32), req('Reading', reading)]) },
  },
};

const ENTRIES = new Map<string, MessageEntry>(Object.entries(CATALOG));

// ---- queries ----

export const MESSAGE_TYPES: readonly MessageType[] = Object.keys(CATALOG) as MessageType[];

export function isMessageType(name: string): name is MessageType {
  return ENTRIES.has(name);
}

export function messageDirection(type: string): Direction | undefined {
  return ENTRIES.get(type)?.direction;
}

/** The spec versions a message exists in, ascending. */
export function messageVersions(type: string): SpecVersion[] {
  const entry = ENTRIES.get(type);
  return entry ? SPEC_VERSIONS.filter((version) => entry.bodies[version] !== undefined) : [];
}

export function messageExistsIn(type: string, version: SpecVersion): boolean {
  return ENTRIES.get(type)?.bodies[version] !== undefined;
}

export function isDeprecatedIn(type: string, version: SpecVersion): boolean {
  return ENTRIES.get(type)?.deprecatedIn?.includes(version) ?? false;
}

/** Can a client send this message (in some version)? */
export function isClientMessageType(type: string): boolean {
  const direction = messageDirection(type);
  return direction === 'client' || direction === 'both';
}

/** Can a server send this message (in some version)? */
export function isServerMessageType(type: string): boolean {
  const direction = messageDirection(type);
  return direction === 'server' || direction === 'both';
}

export function clientMessageTypesIn(version: SpecVersion): MessageType[] {
  return MESSAGE_TYPES.filter((type) => isClientMessageType(type) && messageExistsIn(type, version));
}

export function serverMessageTypesIn(version: SpecVersion): MessageType[] {
  return MESSAGE_TYPES.filter((type) => isServerMessageType(type) && messageExistsIn(type, version));
}

/** The field spec of a message body in one version, or undefined when it does not exist there. */
export function messageBodySpec(type: string, version: SpecVersion): ObjectSpec | undefined {
  return ENTRIES.get(type)?.bodies[version];
}

/** "spec v4", "specs v0 and v1", "specs v1, v2 and v3". */
function formatVersions(versions: readonly SpecVersion[]): string {
  const names = versions.map((version) => `v${version}`);
  if (names.length <= 1) return `spec ${names.join('')}`;
  return `specs ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Why a message is absent from a version, and what to send instead. */
export function notInVersionExplanation(type: string, version: SpecVersion): string {
  const versions = messageVersions(type);
  const when =
    versions.length === 0
      ? ''
      : versions[0] > version
        ? ` (it was added in spec v${versions[0]})`
        : versions[versions.length - 1] < version
          ? ` (it was removed after spec v${versions[versions.length - 1]})`
          : ` (it exists only in ${formatVersions(versions)})`;
  const instead = ENTRIES.get(type)?.instead?.[version];
  return `${type} is not part of spec v${version}${when}${instead ? `; use ${instead}` : ''}`;
}

/** For an unknown field of a message: the other versions in which that field exists, if any. */
export function fieldVersionHint(type: string, field: string, version: SpecVersion): string | undefined {
  const entry = ENTRIES.get(type);
  if (!entry) return undefined;
  const versions = SPEC_VERSIONS.filter(
    (other) => other !== version && entry.bodies[other]?.fields.some((candidate) => candidate.name === field),
  );
  return versions.length > 0 ? `it belongs to ${formatVersions(versions)}, not v${version}` : undefined;
}
