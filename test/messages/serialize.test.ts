/** serialize: version guard, field order, and errorMessage. */
import { describe, expect, it } from 'vitest';
import { ButtplugError, ErrorCode, deviceError, initError } from '../../src/errors.ts';
import { errorMessage, serialize } from '../../src/messages/serialize.ts';
import type { ServerMessage, SpecVersion } from '../../src/messages/types.ts';

function serverBug(message: unknown, version: SpecVersion): string {
  try {
    serialize(message as ServerMessage, version);
  } catch (error) {
    expect(error).toBeInstanceOf(ButtplugError);
    expect((error as ButtplugError).code).toBe(ErrorCode.Unknown);
    expect((error as ButtplugError).message).toMatch(/^server bug: /);
    return (error as ButtplugError).message;
  }
  throw new Error('serialize did not throw');
}

const v2Device = { DeviceIndex: 0, DeviceName: 'Toy', DeviceMessages: { StopDeviceCmd: {} } };

describe('nothing outside the client’s version is ever written', () => {
  it.each([
    ['DeviceAdded on v4', { type: 'DeviceAdded', Id: 0, ...v2Device }, 4, 'DeviceAdded is not part of spec v4'],
    ['DeviceRemoved on v4', { type: 'DeviceRemoved', Id: 0, DeviceIndex: 1 }, 4, 'DeviceRemoved is not part of spec v4'],
    ['InputReading on v3', { type: 'InputReading', Id: 0, DeviceIndex: 0, FeatureIndex: 0, Reading: { Battery: { Value: 1 } } }, 3, 'InputReading is not part of spec v3 (it was added in spec v4)'],
    ['SensorReading on v2', { type: 'SensorReading', Id: 1, DeviceIndex: 0, SensorIndex: 0, SensorType: 'Battery', Data: [1] }, 2, 'SensorReading is not part of spec v2'],
    ['Log on v2', { type: 'Log', Id: 0, LogLevel: 'Info', LogMessage: 'x' }, 2, 'Log is not part of spec v2'],
    ['BatteryLevelReading on v3', { type: 'BatteryLevelReading', Id: 1, DeviceIndex: 0, BatteryLevel: 0.5 }, 3, 'BatteryLevelReading is not part of spec v3'],
    ['DeviceDisplayName on v2', { type: 'DeviceAdded', Id: 0, ...v2Device, DeviceDisplayName: 'Mine' }, 2, 'DeviceAdded.DeviceDisplayName is not allowed: it belongs to spec v3, not v2'],
    ['DeviceMessageTimingGap in a v1 list entry', { type: 'DeviceList', Id: 1, Devices: [{ ...v2Device, DeviceMessageTimingGap: 100 }] }, 1, 'DeviceList.Devices[0].DeviceMessageTimingGap is not allowed'],
    ['v2 StepCount on v1', { type: 'DeviceList', Id: 1, Devices: [{ ...v2Device, DeviceMessages: { VibrateCmd: { FeatureCount: 1, StepCount: [20] }, StopDeviceCmd: {} } }] }, 1, 'DeviceList.Devices[0].DeviceMessages.VibrateCmd.StepCount is not allowed'],
    ['v3 ScalarCmd attributes on v2', { type: 'DeviceList', Id: 1, Devices: [{ ...v2Device, DeviceMessages: { ScalarCmd: [], StopDeviceCmd: {} } }] }, 2, 'DeviceMessages.ScalarCmd is not allowed'],
    ['a v4 device map on v3', { type: 'DeviceList', Id: 1, Devices: {} }, 3, 'DeviceList.Devices must be an array'],
    ['a v0 ServerInfo shape on v2', { type: 'ServerInfo', Id: 1, MajorVersion: 0, MinorVersion: 0, BuildVersion: 0, MessageVersion: 2, MaxPingTime: 0, ServerName: '' }, 2, 'ServerInfo.MajorVersion is not allowed'],
    ['a ServerInfo version above the client’s', { type: 'ServerInfo', Id: 1, MessageVersion: 3, MaxPingTime: 0, ServerName: '' }, 2, 'ServerInfo.MessageVersion must be the integer 2 (got 3)'],
    ['a v4 ServerInfo on v3', { type: 'ServerInfo', Id: 1, ProtocolVersionMajor: 4, ProtocolVersionMinor: 0, MaxPingTime: 0, ServerName: '' }, 3, 'ServerInfo.ProtocolVersionMajor is not allowed'],
    ['RSSI reading on v3', { type: 'SensorReading', Id: 1, DeviceIndex: 0, SensorIndex: 0, SensorType: 'Rssi', Data: [-60] }, 3, 'SensorReading.Data[0] must be an integer from 0 to 255'],
  ])('%s', (_name, message, version, text) => {
    expect(serverBug(message, version as SpecVersion)).toContain(text);
  });
});

describe('malformed server messages are server bugs too', () => {
  it.each([
    ['a client message', { type: 'VibrateCmd', Id: 1, DeviceIndex: 0, Speeds: [] }, 4, 'VibrateCmd is a client-to-server message'],
    ['an unknown type', { type: 'Hello', Id: 1 }, 4, 'unknown message type "Hello"'],
    ['no type', { Id: 1 }, 4, 'instead of a message'],
    ['Ok with Id 0 (Rust clients reject it)', { type: 'Ok', Id: 0 }, 4, 'Ok.Id must be an integer from 1'],
    ['an event with a request Id', { type: 'ScanningFinished', Id: 3 }, 4, 'ScanningFinished.Id must be the integer 0'],
    ['an unknown ErrorCode', { type: 'Error', Id: 0, ErrorCode: 5, ErrorMessage: 'x' }, 4, 'Error.ErrorCode must be an integer from 0 to 4'],
    ['BatteryLevel above 1', { type: 'BatteryLevelReading', Id: 1, DeviceIndex: 0, BatteryLevel: 87 }, 2, 'BatteryLevel must be a number from 0 to 1'],
    ['a v4 map key that differs from DeviceIndex', { type: 'DeviceList', Id: 0, Devices: { '1': { DeviceIndex: 0, DeviceName: 'x', DeviceMessageTimingGap: 0, DeviceFeatures: {} } } }, 4, 'Devices["1"].DeviceIndex must equal its key 1'],
    ['a v4 map key that is not an index', { type: 'DeviceList', Id: 0, Devices: { first: {} } }, 4, 'the key must be a decimal index'],
    ['two readings in one InputReading', { type: 'InputReading', Id: 1, DeviceIndex: 0, FeatureIndex: 0, Reading: { Battery: { Value: 1 }, Button: { Value: 1 } } }, 4, 'must hold exactly one key'],
    ['an output type v4 does not know', { type: 'DeviceList', Id: 0, Devices: { '0': { DeviceIndex: 0, DeviceName: 'x', DeviceMessageTimingGap: 0, DeviceFeatures: { '0': { FeatureIndex: 0, FeatureDescription: '', Output: { Inflate: { Value: [0, 1] } } } } } } }, 4, 'Output.Inflate is not allowed'],
  ])('%s', (_name, message, version, text) => {
    expect(serverBug(message, version as SpecVersion)).toContain(text);
  });

  it('an empty batch', () => {
    expect(serverBug([], 4)).toContain('no messages');
  });
});

describe('output form', () => {
  it('writes Id first and fields in catalog order, whatever order the object has', () => {
    const message = { ErrorMessage: 'nope', ErrorCode: 3, Id: 9, type: 'Error' } as unknown as ServerMessage;
    expect(serialize(message, 4)).toBe('[{"Error":{"Id":9,"ErrorCode":3,"ErrorMessage":"nope"}}]');
  });

  it('leaves out optional fields set to undefined', () => {
    const message = { type: 'DeviceAdded', Id: 0, ...v2Device, DeviceDisplayName: undefined } as unknown as ServerMessage;
    expect(serialize(message, 2)).toBe('[{"DeviceAdded":{"Id":0,"DeviceIndex":0,"DeviceName":"Toy","DeviceMessages":{"StopDeviceCmd":{}}}}]');
  });

  it('puts several messages into one array', () => {
    expect(serialize([{ type: 'Ok', Id: 1 }, { type: 'ScanningFinished', Id: 0 }], 3)).toBe('[{"Ok":{"Id":1}},{"ScanningFinished":{"Id":0}}]');
  });

  it('escapes text safely', () => {
    const text = serialize({ type: 'Error', Id: 1, ErrorCode: 3, ErrorMessage: '"]}\u2028\ud800' }, 4);
    expect(JSON.parse(text)).toEqual([{ Error: { Id: 1, ErrorCode: 3, ErrorMessage: '"]}\u2028\ud800' } }]);
  });
});

describe('errorMessage', () => {
  it('carries the request Id, the error class and its text', () => {
    expect(errorMessage(7, deviceError('device 3 is not connected'))).toEqual({
      type: 'Error',
      Id: 7,
      ErrorCode: ErrorCode.Device,
      ErrorMessage: 'device 3 is not connected',
    });
    expect(serialize(errorMessage(0, initError('RequestServerInfo expected')), 0)).toBe(
      '[{"Error":{"Id":0,"ErrorCode":1,"ErrorMessage":"RequestServerInfo expected"}}]',
    );
  });
});
