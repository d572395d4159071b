import { describe, expect, it } from 'vitest';
import type { DeviceRequest } from '../../src/devices/commands.ts';
import { toDeviceRequest } from '../../src/messages/convert/index.ts';
import { ButtplugError, ErrorCode } from '../../src/errors.ts';
import type { ClientMessage, SpecVersion } from '../../src/messages/types.ts';
import { ALL_TEST_DEVICES } from '../fixtures/convert/devices.ts';

// Device indexes in ALL_TEST_DEVICES.
const EDGE = 0;
const NORA = 1;
const TITAN = 2;
const RIG = 3;
const KGOAL = 5;
const ABSENT = 7;

function convert(message: ClientMessage, version: SpecVersion): ReturnType<typeof toDeviceRequest> {
  return toDeviceRequest(message, version, ALL_TEST_DEVICES);
}

function request(message: ClientMessage, version: SpecVersion): DeviceRequest {
  const result = convert(message, version);
  if (result instanceof ButtplugError) throw new Error(`expected a request, got ${result.name}: ${result.message}`);
  if (result === undefined) throw new Error('expected a request, got undefined');
  return result;
}

function failure(message: ClientMessage, version: SpecVersion): ButtplugError {
  const result = convert(message, version);
  if (!(result instanceof ButtplugError)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result;
}

describe('messages that are not device commands', () => {
  it.each<[ClientMessage, SpecVersion]>([
    [{ type: 'RequestServerInfo', Id: 1, ClientName: 'App', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 }, 4],
    [{ type: 'Ping', Id: 1 }, 3],
    [{ type: 'StartScanning', Id: 1 }, 2],
    [{ type: 'StopScanning', Id: 1 }, 4],
    [{ type: 'RequestDeviceList', Id: 1 }, 0],
    [{ type: 'Test', Id: 1, TestString: 'x' }, 1],
    [{ type: 'RequestLog', Id: 1, LogLevel: 'Debug' }, 1],
  ])('%o gives undefined', (message, version) => {
    expect(convert(message, version)).toBeUndefined();
  });
});

describe('the same action in every version (§4.8, Lovense Edge)', () => {
  const secondMotorHalf = { kind: 'outputs', deviceIndex: EDGE, commands: [{ featureIndex: 1, output: 'Vibrate', value: 10 }] };

  it('v4 OutputCmd', () => {
    expect(
      request({ type: 'OutputCmd', Id: 5, DeviceIndex: EDGE, FeatureIndex: 1, Command: { Vibrate: { Value: 10 } } }, 4),
    ).toEqual(secondMotorHalf);
  });

  it('v4 InputCmd battery read', () => {
    expect(request({ type: 'InputCmd', Id: 6, DeviceIndex: EDGE, FeatureIndex: 2, Type: 'Battery', Command: 'Read' }, 4)).toEqual({
      kind: 'input',
      deviceIndex: EDGE,
      featureIndex: 2,
      input: 'Battery',
      command: 'Read',
      reply: { kind: 'InputReading' },
    });
  });

  it('v3 ScalarCmd', () => {
    expect(
      request({ type: 'ScalarCmd', Id: 5, DeviceIndex: EDGE, Scalars: [{ Index: 1, Scalar: 0.5, ActuatorType: 'Vibrate' }] }, 3),
    ).toEqual(secondMotorHalf);
  });

  it('v3 SensorReadCmd', () => {
    expect(request({ type: 'SensorReadCmd', Id: 6, DeviceIndex: EDGE, SensorIndex: 0, SensorType: 'Battery' }, 3)).toEqual({
      kind: 'input',
      deviceIndex: EDGE,
      featureIndex: 2,
      input: 'Battery',
      command: 'Read',
      reply: { kind: 'SensorReading', sensorIndex: 0, sensorType: 'Battery' },
    });
  });

  it.each([1, 2, 3] as const)('v%i VibrateCmd', (version) => {
    expect(request({ type: 'VibrateCmd', Id: 5, DeviceIndex: EDGE, Speeds: [{ Index: 1, Speed: 0.5 }] }, version)).toEqual(
      secondMotorHalf,
    );
  });

  it('v2 BatteryLevelCmd', () => {
    expect(request({ type: 'BatteryLevelCmd', Id: 6, DeviceIndex: EDGE }, 2)).toMatchObject({
      kind: 'input',
      featureIndex: 2,
      input: 'Battery',
      command: 'Read',
      reply: { kind: 'BatteryLevelReading' },
    });
  });

  it.each([0, 1] as const)('v%i SingleMotorVibrateCmd drives both motors', (version) => {
    expect(request({ type: 'SingleMotorVibrateCmd', Id: 5, DeviceIndex: EDGE, Speed: 0.5 }, version)).toEqual({
      kind: 'outputs',
      deviceIndex: EDGE,
      commands: [
        { featureIndex: 0, output: 'Vibrate', value: 10 },
        { featureIndex: 1, output: 'Vibrate', value: 10 },
      ],
    });
  });
});

describe('legacy commands', () => {
  it('converts every subcommand and sorts the result by feature index', () => {
    const result = request(
      {
        type: 'ScalarCmd',
        Id: 1,
        DeviceIndex: RIG,
        Scalars: [
          { Index: 4, Scalar: 1, ActuatorType: 'Vibrate' },
          { Index: 2, Scalar: 0.5, ActuatorType: 'Position' },
          { Index: 0, Scalar: 0.5, ActuatorType: 'Rotate' },
        ],
      },
      3,
    );
    expect(result).toEqual({
      kind: 'outputs',
      deviceIndex: RIG,
      commands: [
        { featureIndex: 0, output: 'Rotate', value: 15 },
        { featureIndex: 1, output: 'Position', value: 50 },
        // User range [10,40]: 30 steps.
        { featureIndex: 7, output: 'Vibrate', value: 30 },
      ],
    });
  });

  it('ScalarCmd: the index picks the feature, the ActuatorType picks its output (lowercase accepted)', () => {
    // Rig feature 0 has Rotate (ScalarCmd 0) and Vibrate (ScalarCmd 1).
    const viaRotateIndex = request(
      { type: 'ScalarCmd', Id: 1, DeviceIndex: RIG, Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'vibrate' }] },
      3,
    );
    expect(viaRotateIndex).toEqual({ kind: 'outputs', deviceIndex: RIG, commands: [{ featureIndex: 0, output: 'Vibrate', value: 10 }] });
  });

  it('ScalarCmd Position has no near-zero cutoff, value outputs do', () => {
    const tiny = 0.0000005;
    const result = request(
      {
        type: 'ScalarCmd',
        Id: 1,
        DeviceIndex: RIG,
        Scalars: [
          { Index: 2, Scalar: tiny, ActuatorType: 'Position' },
          { Index: 3, Scalar: tiny, ActuatorType: 'Temperature' },
        ],
      },
      3,
    );
    expect(result).toEqual({
      kind: 'outputs',
      deviceIndex: RIG,
      commands: [
        { featureIndex: 1, output: 'Position', value: 1 },
        { featureIndex: 4, output: 'Temperature', value: 0 },
      ],
    });
  });

  it('RotateCmd signs the steps by Clockwise, and 0 is plain 0', () => {
    const result = request(
      {
        type: 'RotateCmd',
        Id: 1,
        DeviceIndex: NORA,
        Rotations: [{ Index: 0, Speed: 0.25, Clockwise: false }],
      },
      2,
    );
    expect(result).toEqual({ kind: 'outputs', deviceIndex: NORA, commands: [{ featureIndex: 1, output: 'Rotate', value: -5 }] });
    const clockwise = request({ type: 'RotateCmd', Id: 1, DeviceIndex: NORA, Rotations: [{ Index: 0, Speed: 0.25, Clockwise: true }] }, 2);
    expect(clockwise).toMatchObject({ commands: [{ value: 5 }] });
    const stopped = request({ type: 'RotateCmd', Id: 1, DeviceIndex: NORA, Rotations: [{ Index: 0, Speed: 0, Clockwise: false }] }, 2);
    expect(stopped.kind === 'outputs' && Object.is(stopped.commands[0]!.value, 0)).toBe(true);
  });

  it('LinearCmd passes Duration through; an empty Vectors array does nothing', () => {
    expect(
      request({ type: 'LinearCmd', Id: 1, DeviceIndex: TITAN, Vectors: [{ Index: 0, Duration: 500, Position: 0.5 }] }, 1),
    ).toEqual({
      kind: 'outputs',
      deviceIndex: TITAN,
      commands: [{ featureIndex: 1, output: 'HwPositionWithDuration', value: 49, duration: 500 }],
    });
    expect(request({ type: 'LinearCmd', Id: 1, DeviceIndex: TITAN, Vectors: [] }, 3)).toEqual({
      kind: 'outputs',
      deviceIndex: TITAN,
      commands: [],
    });
  });

  it('SensorReadCmd honours SensorIndex and echoes the client SensorType', () => {
    expect(request({ type: 'SensorReadCmd', Id: 1, DeviceIndex: NORA, SensorIndex: 0, SensorType: 'battery' }, 3)).toMatchObject({
      featureIndex: 2,
      reply: { kind: 'SensorReading', sensorIndex: 0, sensorType: 'battery' },
    });
    expect(failure({ type: 'SensorReadCmd', Id: 1, DeviceIndex: NORA, SensorIndex: 1, SensorType: 'Battery' }, 3).code).toBe(
      ErrorCode.Device,
    );
  });

  it('a subscribe-only battery is not readable from v2/v3', () => {
    expect(failure({ type: 'BatteryLevelCmd', Id: 1, DeviceIndex: RIG }, 2).message).toBe('device 3 (Test Rig) has no battery');
  });
});

describe('v4 commands', () => {
  it('OutputCmd accepts both ends of a signed range and passes HwPositionWithDuration Duration', () => {
    for (const value of [-30, 30]) {
      expect(
        request({ type: 'OutputCmd', Id: 1, DeviceIndex: RIG, FeatureIndex: 0, Command: { Rotate: { Value: value } } }, 4),
      ).toMatchObject({ commands: [{ featureIndex: 0, output: 'Rotate', value }] });
    }
    expect(
      request(
        { type: 'OutputCmd', Id: 1, DeviceIndex: RIG, FeatureIndex: 2, Command: { HwPositionWithDuration: { Value: 99, Duration: 250 } } },
        4,
      ),
    ).toEqual({
      kind: 'outputs',
      deviceIndex: RIG,
      commands: [{ featureIndex: 2, output: 'HwPositionWithDuration', value: 99, duration: 250 }],
    });
  });

  it('OutputCmd uses the advertised range, not the hardware one', () => {
    // Rig feature 7: hardware [0,255] narrowed to [10,40], so the client sees [0,30].
    const at = (value: number) =>
      convert({ type: 'OutputCmd', Id: 1, DeviceIndex: RIG, FeatureIndex: 7, Command: { Vibrate: { Value: value } } }, 4);
    expect(at(30)).not.toBeInstanceOf(ButtplugError);
    expect(at(31)).toBeInstanceOf(ButtplugError);
  });

  it('InputCmd: Subscribe where listed, Unsubscribe wherever Subscribe is, lowercase and RSSI spellings', () => {
    for (const command of ['Subscribe', 'Unsubscribe', 'subscribe'] as const) {
      expect(
        request({ type: 'InputCmd', Id: 1, DeviceIndex: KGOAL, FeatureIndex: 1, Type: 'pressure', Command: command as 'Subscribe' }, 4),
      ).toMatchObject({ kind: 'input', featureIndex: 1, input: 'Pressure', command: command === 'subscribe' ? 'Subscribe' : command });
    }
    const rssi = failure({ type: 'InputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 2, Type: 'RSSI', Command: 'Read' }, 4);
    expect(rssi.message).toBe('feature 2 of device 0 (Lovense Edge) has no Rssi input');
  });

  it.each<[string, Parameters<typeof toDeviceRequest>[0], object]>([
    ['everything', { type: 'StopCmd', Id: 1 }, { kind: 'stop', inputs: true, outputs: true }],
    ['one device', { type: 'StopCmd', Id: 1, DeviceIndex: NORA }, { kind: 'stop', deviceIndex: NORA, inputs: true, outputs: true }],
    [
      'one feature, outputs only',
      { type: 'StopCmd', Id: 1, DeviceIndex: NORA, FeatureIndex: 1, Inputs: false },
      { kind: 'stop', deviceIndex: NORA, featureIndex: 1, inputs: false, outputs: true },
    ],
  ])('StopCmd stops %s', (_label, message, expected) => {
    expect(request(message, 4)).toEqual(expected);
  });
});

describe('error cases of §6.2 give the right ErrorCode', () => {
  const D = ErrorCode.Device;
  const M = ErrorCode.Message;
  it.each<[string, ClientMessage, SpecVersion, ErrorCode]>([
    ['unknown device index (legacy)', { type: 'VibrateCmd', Id: 1, DeviceIndex: ABSENT, Speeds: [{ Index: 0, Speed: 1 }] }, 2, D],
    ['unknown device index (v4 OutputCmd)', { type: 'OutputCmd', Id: 1, DeviceIndex: ABSENT, FeatureIndex: 0, Command: { Vibrate: { Value: 1 } } }, 4, D],
    ['unknown device index (v4 StopCmd)', { type: 'StopCmd', Id: 1, DeviceIndex: ABSENT }, 4, D],
    ['unknown device index (BatteryLevelCmd)', { type: 'BatteryLevelCmd', Id: 1, DeviceIndex: ABSENT }, 2, D],
    ['v4 FeatureIndex not on the device (OutputCmd)', { type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 9, Command: { Vibrate: { Value: 1 } } }, 4, D],
    ['v4 FeatureIndex not on the device (InputCmd)', { type: 'InputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 9, Type: 'Battery', Command: 'Read' }, 4, D],
    ['v4 feature with neither outputs nor inputs', { type: 'OutputCmd', Id: 1, DeviceIndex: RIG, FeatureIndex: 5, Command: { Vibrate: { Value: 1 } } }, 4, D],
    ['ScalarCmd Index beyond the list', { type: 'ScalarCmd', Id: 1, DeviceIndex: EDGE, Scalars: [{ Index: 2, Scalar: 1, ActuatorType: 'Vibrate' }] }, 3, D],
    ['RotateCmd Index beyond the list', { type: 'RotateCmd', Id: 1, DeviceIndex: NORA, Rotations: [{ Index: 1, Speed: 1, Clockwise: true }] }, 3, D],
    ['LinearCmd Index beyond the list', { type: 'LinearCmd', Id: 1, DeviceIndex: TITAN, Vectors: [{ Index: 1, Duration: 1, Position: 1 }] }, 3, D],
    ['VibrateCmd Index > vibrator count', { type: 'VibrateCmd', Id: 1, DeviceIndex: EDGE, Speeds: [{ Index: 3, Speed: 1 }] }, 1, D],
    ['VibrateCmd on a device without vibrators', { type: 'VibrateCmd', Id: 1, DeviceIndex: KGOAL, Speeds: [{ Index: 0, Speed: 1 }] }, 2, D],
    ['v4 Value above the advertised range', { type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 0, Command: { Vibrate: { Value: 21 } } }, 4, D],
    ['v4 OutputType not on the feature', { type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 0, Command: { Rotate: { Value: 1 } } }, 4, D],
    ['v4 negative Value on Vibrate', { type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 0, Command: { Vibrate: { Value: -1 } } }, 4, D],
    ['v4 negative Value on a one-way Rotate', { type: 'OutputCmd', Id: 1, DeviceIndex: RIG, FeatureIndex: 8, Command: { Rotate: { Value: -1 } } }, 4, D],
    ['v4 negative Value on Position', { type: 'OutputCmd', Id: 1, DeviceIndex: RIG, FeatureIndex: 1, Command: { Position: { Value: -1 } } }, 4, D],
    ['OutputCmd on a feature without outputs', { type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 2, Command: { Vibrate: { Value: 1 } } }, 4, D],
    ['OutputCmd on a disabled output', { type: 'OutputCmd', Id: 1, DeviceIndex: RIG, FeatureIndex: 3, Command: { Oscillate: { Value: 1 } } }, 4, D],
    ['InputCmd type not on the feature', { type: 'InputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 2, Type: 'Pressure', Command: 'Read' }, 4, D],
    ['InputCmd command not offered (Subscribe on a read-only battery)', { type: 'InputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 2, Type: 'Battery', Command: 'Subscribe' }, 4, D],
    ['InputCmd Unsubscribe where Subscribe is not offered', { type: 'InputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 2, Type: 'Battery', Command: 'Unsubscribe' }, 4, D],
    ['InputCmd Read on a subscribe-only input', { type: 'InputCmd', Id: 1, DeviceIndex: KGOAL, FeatureIndex: 0, Type: 'Pressure', Command: 'Read' }, 4, D],
    ['RotateCmd without rotators', { type: 'RotateCmd', Id: 1, DeviceIndex: EDGE, Rotations: [{ Index: 0, Speed: 1, Clockwise: true }] }, 2, D],
    ['RotateCmd on a one-way rotator only', { type: 'RotateCmd', Id: 1, DeviceIndex: RIG, Rotations: [{ Index: 1, Speed: 1, Clockwise: true }] }, 3, D],
    ['ScalarCmd ActuatorType not on the feature', { type: 'ScalarCmd', Id: 1, DeviceIndex: EDGE, Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Rotate' }] }, 3, D],
    ['ScalarCmd Scalar above 1', { type: 'ScalarCmd', Id: 1, DeviceIndex: EDGE, Scalars: [{ Index: 0, Scalar: 1.5, ActuatorType: 'Vibrate' }] }, 3, D],
    ['ScalarCmd Scalar below 0', { type: 'ScalarCmd', Id: 1, DeviceIndex: EDGE, Scalars: [{ Index: 0, Scalar: -0.1, ActuatorType: 'Vibrate' }] }, 3, D],
    ['SensorReadCmd for a non-battery sensor', { type: 'SensorReadCmd', Id: 1, DeviceIndex: EDGE, SensorIndex: 0, SensorType: 'Pressure' }, 3, D],
    ['SensorSubscribeCmd', { type: 'SensorSubscribeCmd', Id: 1, DeviceIndex: EDGE, SensorIndex: 0, SensorType: 'Battery' }, 3, D],
    ['SensorUnsubscribeCmd', { type: 'SensorUnsubscribeCmd', Id: 1, DeviceIndex: EDGE, SensorIndex: 0, SensorType: 'Battery' }, 3, D],
    ['SingleMotorVibrateCmd without vibrators', { type: 'SingleMotorVibrateCmd', Id: 1, DeviceIndex: KGOAL, Speed: 1 }, 0, D],
    ['LinearCmd without linear actuators', { type: 'LinearCmd', Id: 1, DeviceIndex: EDGE, Vectors: [{ Index: 0, Duration: 1, Position: 1 }] }, 2, D],
    ['BatteryLevelCmd without a battery', { type: 'BatteryLevelCmd', Id: 1, DeviceIndex: TITAN }, 2, D],
    ['FleshlightLaunchFW12Cmd', { type: 'FleshlightLaunchFW12Cmd', Id: 1, DeviceIndex: TITAN, Position: 50, Speed: 50 }, 0, M],
    ['VorzeA10CycloneCmd', { type: 'VorzeA10CycloneCmd', Id: 1, DeviceIndex: NORA, Speed: 50, Clockwise: true }, 1, M],
    ['VibrateCmd Speed above 1', { type: 'VibrateCmd', Id: 1, DeviceIndex: EDGE, Speeds: [{ Index: 0, Speed: 1.01 }] }, 2, M],
    ['SingleMotorVibrateCmd Speed below 0', { type: 'SingleMotorVibrateCmd', Id: 1, DeviceIndex: EDGE, Speed: -1 }, 0, M],
    ['RotateCmd Speed not a number', { type: 'RotateCmd', Id: 1, DeviceIndex: NORA, Rotations: [{ Index: 0, Speed: Number.NaN, Clockwise: true }] }, 3, M],
    ['LinearCmd Position above 1', { type: 'LinearCmd', Id: 1, DeviceIndex: TITAN, Vectors: [{ Index: 0, Duration: 1, Position: 2 }] }, 3, M],
    ['LinearCmd Duration negative', { type: 'LinearCmd', Id: 1, DeviceIndex: TITAN, Vectors: [{ Index: 0, Duration: -1, Position: 1 }] }, 3, M],
    ['ScalarCmd unknown ActuatorType', { type: 'ScalarCmd', Id: 1, DeviceIndex: EDGE, Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Inflate' }] }, 3, M],
    ['OutputCmd Value not an integer', { type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 0, Command: { Vibrate: { Value: 10.5 } } }, 4, M],
    ['OutputCmd Command with two keys', { type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 0, Command: { Vibrate: { Value: 1 }, Rotate: { Value: 1 } } }, 4, M],
    ['OutputCmd Command key not in exact PascalCase', { type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 0, Command: { vibrate: { Value: 1 } } }, 4, M],
    ['OutputCmd HwPositionWithDuration without Duration', { type: 'OutputCmd', Id: 1, DeviceIndex: TITAN, FeatureIndex: 1, Command: { HwPositionWithDuration: { Value: 1 } } }, 4, M],
    ['OutputCmd HwPositionWithDuration with a fractional Duration', { type: 'OutputCmd', Id: 1, DeviceIndex: TITAN, FeatureIndex: 1, Command: { HwPositionWithDuration: { Value: 1, Duration: 1.5 } } }, 4, M],
    ['InputCmd unknown Type', { type: 'InputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 2, Type: 'Heat', Command: 'Read' }, 4, M],
    ['StopCmd FeatureIndex without DeviceIndex', { type: 'StopCmd', Id: 1, FeatureIndex: 0 }, 4, M],
    ['KiirooCmd', { type: 'KiirooCmd', Id: 1, DeviceIndex: EDGE, Command: '1' }, 1, M],
    ['LovenseCmd', { type: 'LovenseCmd', Id: 1, DeviceIndex: EDGE, Command: 'Vibrate:20;' }, 0, M],
    ['RSSILevelCmd', { type: 'RSSILevelCmd', Id: 1, DeviceIndex: EDGE }, 2, M],
    ['RawWriteCmd', { type: 'RawWriteCmd', Id: 1, DeviceIndex: EDGE, Endpoint: 'tx', Data: [1], WriteWithResponse: false }, 3, M],
    ['RawReadCmd', { type: 'RawReadCmd', Id: 1, DeviceIndex: EDGE, Endpoint: 'rx', Length: 0, WaitForData: false }, 2, M],
    ['RawSubscribeCmd', { type: 'RawSubscribeCmd', Id: 1, DeviceIndex: EDGE, Endpoint: 'rx' }, 3, M],
    ['RawUnsubscribeCmd', { type: 'RawUnsubscribeCmd', Id: 1, DeviceIndex: EDGE, Endpoint: 'rx' }, 2, M],
    ['a legacy command on a v4 connection', { type: 'StopDeviceCmd', Id: 1, DeviceIndex: EDGE }, 4, M],
    ['a v4 command on a legacy connection', { type: 'StopCmd', Id: 1 }, 3, M],
  ])('%s', (_situation, message, version, code) => {
    expect(failure(message, version).code).toBe(code);
  });
});

describe('error messages say what was wrong and where', () => {
  it('names an absent device', () => {
    expect(failure({ type: 'StopDeviceCmd', Id: 1, DeviceIndex: ABSENT }, 2).message).toBe('device 7 is not connected');
  });

  it('names device and index for a missing vibrator', () => {
    expect(failure({ type: 'VibrateCmd', Id: 1, DeviceIndex: EDGE, Speeds: [{ Index: 2, Speed: 1 }] }, 2).message).toMatch(
      /^device 0 \(Lovense Edge\) has no vibrator with index 2/,
    );
  });

  it('names feature and device for v4 lookups', () => {
    const missing = failure({ type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 9, Command: { Vibrate: { Value: 1 } } }, 4);
    expect(missing.message).toBe('device 0 (Lovense Edge) has no feature 9');
    const wrongType = failure({ type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 0, Command: { Rotate: { Value: 1 } } }, 4);
    expect(wrongType.message).toMatch(/^feature 0 of device 0 \(Lovense Edge\) has no Rotate output/);
    const sign = failure({ type: 'OutputCmd', Id: 1, DeviceIndex: EDGE, FeatureIndex: 0, Command: { Vibrate: { Value: -1 } } }, 4);
    expect(sign.message).toMatch(/negative/);
  });

  it('tells the developer what to use instead of retired commands', () => {
    expect(failure({ type: 'FleshlightLaunchFW12Cmd', Id: 1, DeviceIndex: ABSENT, Position: 1, Speed: 1 }, 0).message).toMatch(/LinearCmd/);
    expect(failure({ type: 'VorzeA10CycloneCmd', Id: 1, DeviceIndex: ABSENT, Speed: 1, Clockwise: true }, 0).message).toMatch(/RotateCmd/);
    expect(failure({ type: 'SensorSubscribeCmd', Id: 1, DeviceIndex: ABSENT, SensorIndex: 0, SensorType: 'Battery' }, 3).message).toBe(
      'SensorSubscribeCmd is not supported; use spec v4 InputCmd Subscribe',
    );
    expect(failure({ type: 'KiirooCmd', Id: 1, DeviceIndex: EDGE, Command: '1' }, 0).message).toBe(
      'KiirooCmd is not supported by this server',
    );
  });

  it('a bad subcommand rejects the whole message', () => {
    const result = failure(
      {
        type: 'VibrateCmd',
        Id: 1,
        DeviceIndex: EDGE,
        Speeds: [
          { Index: 0, Speed: 0.5 },
          { Index: 1, Speed: 7 },
        ],
      },
      2,
    );
    expect(result.code).toBe(ErrorCode.Message);
  });
});
