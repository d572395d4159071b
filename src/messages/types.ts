/**
 * Typed Buttplug messages of spec v0–v4. A message is `{ type: <wire name>, ...<wire fields> }`:
 * the fields keep their exact PascalCase wire names, so serialization is `{[type]: fields}`.
 * Which versions each message exists in, and its field rules, live in catalog.ts.
 */

export type SpecVersion = 0 | 1 | 2 | 3 | 4;
export const SPEC_VERSIONS: readonly SpecVersion[] = [0, 1, 2, 3, 4];
export const CURRENT_SPEC_VERSION: SpecVersion = 4;

type Msg<T extends string, F = object> = { readonly type: T; readonly Id: number } & F;

// ---- status / system ----
export type Ok = Msg<'Ok'>;
export type ErrorMsg = Msg<'Error', { ErrorCode: number; ErrorMessage: string }>;
export type Ping = Msg<'Ping'>;
export type Test = Msg<'Test', { TestString: string }>;
export type LogLevel = 'Off' | 'Fatal' | 'Error' | 'Warn' | 'Info' | 'Debug' | 'Trace';
export type RequestLog = Msg<'RequestLog', { LogLevel: LogLevel }>;
export type Log = Msg<'Log', { LogLevel: LogLevel; LogMessage: string }>;

// ---- handshake ----
export type RequestServerInfo = Msg<
  'RequestServerInfo',
  { ClientName: string; MessageVersion?: number; ProtocolVersionMajor?: number; ProtocolVersionMinor?: number }
>;
/** v0/v1 carry Major/Minor/BuildVersion + MessageVersion; v2/v3 MessageVersion; v4 ProtocolVersion*. */
export type ServerInfo = Msg<
  'ServerInfo',
  {
    ServerName: string;
    MaxPingTime: number;
    MessageVersion?: number;
    MajorVersion?: number;
    MinorVersion?: number;
    BuildVersion?: number;
    ProtocolVersionMajor?: number;
    ProtocolVersionMinor?: number;
  }
>;

// ---- enumeration ----
export type StartScanning = Msg<'StartScanning'>;
export type StopScanning = Msg<'StopScanning'>;
export type ScanningFinished = Msg<'ScanningFinished'>;
export type RequestDeviceList = Msg<'RequestDeviceList'>;

/** v0: array of message names. */
export type DeviceMessagesV0 = string[];
/** v1: {VibrateCmd:{FeatureCount}, StopDeviceCmd:{}, …}. */
export type DeviceMessagesV1 = Record<string, { FeatureCount?: number }>;
/** v2: adds StepCount arrays, BatteryLevelCmd, Raw*. */
export type DeviceMessagesV2 = Record<string, { FeatureCount?: number; StepCount?: number[]; Endpoints?: string[] }>;
export interface ActuatorAttributeV3 {
  FeatureDescriptor: string;
  ActuatorType: string;
  StepCount: number;
}
export interface SensorAttributeV3 {
  FeatureDescriptor: string;
  SensorType: string;
  SensorRange: [number, number][];
}
export interface DeviceMessagesV3 {
  ScalarCmd?: ActuatorAttributeV3[];
  RotateCmd?: ActuatorAttributeV3[];
  LinearCmd?: ActuatorAttributeV3[];
  SensorReadCmd?: SensorAttributeV3[];
  SensorSubscribeCmd?: SensorAttributeV3[];
  RawReadCmd?: { Endpoints: string[] };
  RawWriteCmd?: { Endpoints: string[] };
  RawSubscribeCmd?: { Endpoints: string[] };
  StopDeviceCmd: Record<string, never>;
}
/** One device as v0–v3 describe it (DeviceList entry; DeviceAdded adds Id). */
export interface DeviceEntryLegacy {
  DeviceIndex: number;
  DeviceName: string;
  DeviceDisplayName?: string;
  DeviceMessageTimingGap?: number;
  DeviceMessages: DeviceMessagesV0 | DeviceMessagesV1 | DeviceMessagesV2 | DeviceMessagesV3;
}
export interface FeatureEntryV4 {
  FeatureIndex: number;
  FeatureDescription: string;
  Output?: Record<string, { Value: [number, number]; Duration?: [number, number] }>;
  Input?: Record<string, { Value: [number, number][]; Command: string[] }>;
}
export interface DeviceEntryV4 {
  DeviceIndex: number;
  DeviceName: string;
  DeviceDisplayName?: string;
  DeviceMessageTimingGap: number;
  DeviceFeatures: Record<string, FeatureEntryV4>;
}
export type DeviceList = Msg<'DeviceList', { Devices: DeviceEntryLegacy[] | Record<string, DeviceEntryV4> }>;
export type DeviceAdded = Msg<'DeviceAdded', DeviceEntryLegacy>;
export type DeviceRemoved = Msg<'DeviceRemoved', { DeviceIndex: number }>;

// ---- stop ----
export type StopDeviceCmd = Msg<'StopDeviceCmd', { DeviceIndex: number }>;
export type StopAllDevices = Msg<'StopAllDevices'>;
export type StopCmd = Msg<'StopCmd', { DeviceIndex?: number; FeatureIndex?: number; Inputs?: boolean; Outputs?: boolean }>;

// ---- v0 device-specific ----
export type SingleMotorVibrateCmd = Msg<'SingleMotorVibrateCmd', { DeviceIndex: number; Speed: number }>;
export type FleshlightLaunchFW12Cmd = Msg<'FleshlightLaunchFW12Cmd', { DeviceIndex: number; Position: number; Speed: number }>;
export type VorzeA10CycloneCmd = Msg<'VorzeA10CycloneCmd', { DeviceIndex: number; Speed: number; Clockwise: boolean }>;
export type KiirooCmd = Msg<'KiirooCmd', { DeviceIndex: number; Command: string }>;
export type LovenseCmd = Msg<'LovenseCmd', { DeviceIndex: number; Command: string }>;

// ---- v1–v3 generic ----
export type VibrateCmd = Msg<'VibrateCmd', { DeviceIndex: number; Speeds: { Index: number; Speed: number }[] }>;
export type RotateCmd = Msg<
  'RotateCmd',
  { DeviceIndex: number; Rotations: { Index: number; Speed: number; Clockwise: boolean }[] }
>;
export type LinearCmd = Msg<
  'LinearCmd',
  { DeviceIndex: number; Vectors: { Index: number; Duration: number; Position: number }[] }
>;
export type ScalarCmd = Msg<
  'ScalarCmd',
  { DeviceIndex: number; Scalars: { Index: number; Scalar: number; ActuatorType: string }[] }
>;

// ---- v2 sensors ----
export type BatteryLevelCmd = Msg<'BatteryLevelCmd', { DeviceIndex: number }>;
export type BatteryLevelReading = Msg<'BatteryLevelReading', { DeviceIndex: number; BatteryLevel: number }>;
export type RSSILevelCmd = Msg<'RSSILevelCmd', { DeviceIndex: number }>;
export type RSSILevelReading = Msg<'RSSILevelReading', { DeviceIndex: number; RSSILevel: number }>;

// ---- v3 sensors ----
type SensorFields = { DeviceIndex: number; SensorIndex: number; SensorType: string };
export type SensorReadCmd = Msg<'SensorReadCmd', SensorFields>;
export type SensorSubscribeCmd = Msg<'SensorSubscribeCmd', SensorFields>;
export type SensorUnsubscribeCmd = Msg<'SensorUnsubscribeCmd', SensorFields>;
export type SensorReading = Msg<'SensorReading', SensorFields & { Data: number[] }>;

// ---- v2–v3 raw ----
export type RawWriteCmd = Msg<'RawWriteCmd', { DeviceIndex: number; Endpoint: string; Data: number[]; WriteWithResponse: boolean }>;
/** Sources disagree on the length/wait fields; all spellings are accepted. */
export type RawReadCmd = Msg<
  'RawReadCmd',
  { DeviceIndex: number; Endpoint: string; ExpectedLength?: number; Length?: number; WaitForData?: boolean; Timeout?: number }
>;
export type RawReading = Msg<'RawReading', { DeviceIndex: number; Endpoint: string; Data: number[] }>;
export type RawSubscribeCmd = Msg<'RawSubscribeCmd', { DeviceIndex: number; Endpoint: string }>;
export type RawUnsubscribeCmd = Msg<'RawUnsubscribeCmd', { DeviceIndex: number; Endpoint: string }>;

// ---- v4 ----
export type OutputCmd = Msg<
  'OutputCmd',
  {
    DeviceIndex: number;
    FeatureIndex: number;
    /** Exactly one key: an OutputType in PascalCase. */
    Command: Record<string, { Value: number; Duration?: number }>;
  }
>;
export type InputCmd = Msg<
  'InputCmd',
  { DeviceIndex: number; FeatureIndex: number; Type: string; Command: 'Read' | 'Subscribe' | 'Unsubscribe' }
>;
export type InputReading = Msg<
  'InputReading',
  { DeviceIndex: number; FeatureIndex: number; Reading: Record<string, { Value: number }> }
>;

export type ClientMessage =
  | Ping
  | Test
  | RequestLog
  | RequestServerInfo
  | StartScanning
  | StopScanning
  | RequestDeviceList
  | StopDeviceCmd
  | StopAllDevices
  | StopCmd
  | SingleMotorVibrateCmd
  | FleshlightLaunchFW12Cmd
  | VorzeA10CycloneCmd
  | KiirooCmd
  | LovenseCmd
  | VibrateCmd
  | RotateCmd
  | LinearCmd
  | ScalarCmd
  | BatteryLevelCmd
  | RSSILevelCmd
  | SensorReadCmd
  | SensorSubscribeCmd
  | SensorUnsubscribeCmd
  | RawWriteCmd
  | RawReadCmd
  | RawSubscribeCmd
  | RawUnsubscribeCmd
  | OutputCmd
  | InputCmd;

export type ServerMessage =
  | Ok
  | ErrorMsg
  | Test
  | Log
  | ServerInfo
  | ScanningFinished
  | DeviceList
  | DeviceAdded
  | DeviceRemoved
  | BatteryLevelReading
  | RSSILevelReading
  | SensorReading
  | RawReading
  | InputReading;

export type AnyMessage = ClientMessage | ServerMessage;
export type MessageType = AnyMessage['type'];
export type ClientMessageType = ClientMessage['type'];
export type ServerMessageType = ServerMessage['type'];
export type MessageOf<T extends MessageType> = Extract<AnyMessage, { type: T }>;
