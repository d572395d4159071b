/**
 * Client messages of any spec version → the internal DeviceRequest the device layer runs
 * (protocol §5). Pure: the caller supplies the connected devices.
 */
import type { DeviceInfo } from '../../devices/features.ts';
import type { DeviceRequest } from '../../devices/commands.ts';
import { ButtplugError, deviceError, messageError } from '../../errors.ts';
import type { ClientMessage, ClientMessageType, SpecVersion } from '../types.ts';
import {
  convertBatteryLevel,
  convertLinear,
  convertRotate,
  convertScalar,
  convertSensorRead,
  convertSingleMotorVibrate,
  convertVibrate,
} from './legacy-commands.ts';
import { findDevice } from './lookup.ts';
import { convertRaw } from './raw-commands.ts';
import { convertInput, convertOutput, convertStop } from './v4-commands.ts';

const V4_DEVICE_COMMANDS: ReadonlySet<ClientMessageType> = new Set(['OutputCmd', 'InputCmd', 'StopCmd']);

const LEGACY_DEVICE_COMMANDS: ReadonlySet<ClientMessageType> = new Set([
  'StopDeviceCmd',
  'StopAllDevices',
  'SingleMotorVibrateCmd',
  'VibrateCmd',
  'RotateCmd',
  'LinearCmd',
  'ScalarCmd',
  'BatteryLevelCmd',
  'SensorReadCmd',
]);

/** Guards the core against a command from the other side of the v3/v4 divide. */
function versionMismatch(type: ClientMessageType, version: SpecVersion): ButtplugError | undefined {
  if (version === 4 && LEGACY_DEVICE_COMMANDS.has(type)) {
    return messageError(`${type} is not part of spec v4; use OutputCmd, InputCmd or StopCmd`);
  }
  if (version < 4 && V4_DEVICE_COMMANDS.has(type)) {
    return messageError(`${type} needs spec v4, but this connection speaks spec v${version}`);
  }
  return undefined;
}

function onDevice(
  devices: ReadonlyMap<number, DeviceInfo>,
  deviceIndex: number,
  convert: (device: DeviceInfo) => DeviceRequest | ButtplugError,
): DeviceRequest | ButtplugError {
  const device = findDevice(devices, deviceIndex);
  return device instanceof ButtplugError ? device : convert(device);
}

export interface ConversionOptions {
  /** Raw*Cmd (v2/v3) are served; off by default, as in the reference. */
  readonly allowRaw?: boolean;
}

/**
 * The request a device command asks for, or the error to answer it with. `undefined` for
 * messages that are not device commands (handshake, ping, scanning, device list, log, test).
 */
export function toDeviceRequest(
  message: ClientMessage,
  version: SpecVersion,
  devices: ReadonlyMap<number, DeviceInfo>,
  options: ConversionOptions = {},
): DeviceRequest | ButtplugError | undefined {
  // Refused before any device check, as the reference does.
  switch (message.type) {
    case 'RequestServerInfo':
    case 'Ping':
    case 'StartScanning':
    case 'StopScanning':
    case 'RequestDeviceList':
    case 'Test':
    case 'RequestLog':
      return undefined;
    case 'FleshlightLaunchFW12Cmd':
      return messageError('FleshlightLaunchFW12Cmd is not supported by this server; use LinearCmd (spec v1 or later)');
    case 'VorzeA10CycloneCmd':
      return messageError('VorzeA10CycloneCmd is not supported by this server; use RotateCmd (spec v1 or later)');
    case 'SensorSubscribeCmd':
    case 'SensorUnsubscribeCmd':
      return deviceError(`${message.type} is not supported; use spec v4 InputCmd Subscribe`);
    case 'KiirooCmd':
    case 'LovenseCmd':
    case 'RSSILevelCmd':
      return messageError(`${message.type} is not supported by this server`);
    case 'RawWriteCmd':
    case 'RawReadCmd':
    case 'RawSubscribeCmd':
    case 'RawUnsubscribeCmd':
      return convertRaw(message, version, devices, options.allowRaw ?? false);
  }

  const mismatch = versionMismatch(message.type, version);
  if (mismatch) return mismatch;

  switch (message.type) {
    case 'StopAllDevices':
      return { kind: 'stop', inputs: true, outputs: true };
    case 'StopDeviceCmd':
      // Scoped to its device, and an unknown index is an error (the reference stopped everything: §10 item 9).
      return onDevice(devices, message.DeviceIndex, (device) => ({
        kind: 'stop',
        deviceIndex: device.index,
        inputs: true,
        outputs: true,
      }));
    case 'StopCmd':
      return convertStop(devices, message);
    case 'OutputCmd':
      return convertOutput(devices, message);
    case 'InputCmd':
      return convertInput(devices, message);
    case 'SingleMotorVibrateCmd':
      return onDevice(devices, message.DeviceIndex, (device) => convertSingleMotorVibrate(device, message));
    case 'VibrateCmd':
      return onDevice(devices, message.DeviceIndex, (device) => convertVibrate(device, message));
    case 'ScalarCmd':
      return onDevice(devices, message.DeviceIndex, (device) => convertScalar(device, message));
    case 'RotateCmd':
      return onDevice(devices, message.DeviceIndex, (device) => convertRotate(device, message));
    case 'LinearCmd':
      return onDevice(devices, message.DeviceIndex, (device) => convertLinear(device, message));
    case 'BatteryLevelCmd':
      return onDevice(devices, message.DeviceIndex, (device) => convertBatteryLevel(device, message));
    case 'SensorReadCmd':
      return onDevice(devices, message.DeviceIndex, (device) => convertSensorRead(device, message));
    default: {
      // Every client message type is handled above; this keeps it so when types.ts grows.
      const unhandled: never = message;
      return messageError(`${(unhandled as ClientMessage).type} cannot be converted`);
    }
  }
}
