/**
 * Reference-server bugs (protocol §10) this server deliberately does not copy. Each test is
 * named after the quirk it guards against.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../src/devices/features.ts';
import { describeDevice, readingMessage, toDeviceRequest } from '../../src/messages/convert/index.ts';
import { ButtplugError, ErrorCode } from '../../src/errors.ts';
import type { ClientMessage, DeviceMessagesV3, SpecVersion } from '../../src/messages/types.ts';
import { ALL_TEST_DEVICES, EDGE, NORA, PARTLY_DISABLED, TITAN } from '../fixtures/convert/devices.ts';
import { schemaErrors, wireFrame } from '../fixtures/convert/wire.ts';

function convert(message: ClientMessage, version: SpecVersion, devices: ReadonlyMap<number, DeviceInfo> = ALL_TEST_DEVICES) {
  return toDeviceRequest(message, version, devices);
}

function errorCode(result: ReturnType<typeof toDeviceRequest>): ErrorCode | undefined {
  return result instanceof ButtplugError ? result.code : undefined;
}

describe('§10 item 9: stops are scoped to what they name', () => {
  it('StopDeviceCmd stops only its own device (the reference stopped every device)', () => {
    expect(convert({ type: 'StopDeviceCmd', Id: 1, DeviceIndex: NORA.index }, 1)).toEqual({
      kind: 'stop',
      deviceIndex: NORA.index,
      inputs: true,
      outputs: true,
    });
  });

  it('StopDeviceCmd with an unknown index is ERROR_DEVICE (the reference answered Ok)', () => {
    for (const version of [0, 1, 2, 3] as const) {
      expect(errorCode(convert({ type: 'StopDeviceCmd', Id: 1, DeviceIndex: 42 }, version))).toBe(ErrorCode.Device);
    }
  });

  it('StopCmd honours DeviceIndex and FeatureIndex (the reference stopped every device)', () => {
    expect(convert({ type: 'StopCmd', Id: 1, DeviceIndex: EDGE.index, FeatureIndex: 1, Outputs: true, Inputs: false }, 4)).toEqual({
      kind: 'stop',
      deviceIndex: EDGE.index,
      featureIndex: 1,
      inputs: false,
      outputs: true,
    });
  });

  it('StopCmd with an unknown device or feature is ERROR_DEVICE', () => {
    expect(errorCode(convert({ type: 'StopCmd', Id: 1, DeviceIndex: 42 }, 4))).toBe(ErrorCode.Device);
    expect(errorCode(convert({ type: 'StopCmd', Id: 1, DeviceIndex: EDGE.index, FeatureIndex: 9 }, 4))).toBe(ErrorCode.Device);
  });
});

describe('§10 item 10: v2 BatteryLevelCmd gets BatteryLevelReading with its own Id (the reference sent Error Id 0)', () => {
  it('becomes a battery read that replies BatteryLevelReading', () => {
    const request = convert({ type: 'BatteryLevelCmd', Id: 6, DeviceIndex: EDGE.index }, 2);
    expect(request).toEqual({
      kind: 'input',
      deviceIndex: EDGE.index,
      featureIndex: 2,
      input: 'Battery',
      command: 'Read',
      reply: { kind: 'BatteryLevelReading' },
    });
  });

  it('the reading goes out as BatteryLevelReading = percent / 100, valid for spec v2', () => {
    const reply = readingMessage(
      { deviceIndex: EDGE.index, featureIndex: 2, input: 'Battery', value: 87 },
      { kind: 'BatteryLevelReading' },
      6,
      2,
    );
    expect(reply).toEqual({ type: 'BatteryLevelReading', Id: 6, DeviceIndex: EDGE.index, BatteryLevel: 0.87 });
    expect(schemaErrors(wireFrame(reply), 2)).toEqual([]);
  });
});

describe('§10 item 11: out-of-range indexes are errors, not handler panics', () => {
  it('VibrateCmd with Index == number of vibrators is ERROR_DEVICE (DeviceFeatureIndexError)', () => {
    const result = convert({ type: 'VibrateCmd', Id: 1, DeviceIndex: EDGE.index, Speeds: [{ Index: 2, Speed: 0.5 }] }, 2);
    expect(errorCode(result)).toBe(ErrorCode.Device);
    expect((result as ButtplugError).message).toBe('device 0 (Lovense Edge) has no vibrator with index 2 (it has 2)');
  });

  it('ScalarCmd with ActuatorType HwPositionWithDuration is ERROR_DEVICE', () => {
    const result = convert(
      { type: 'ScalarCmd', Id: 1, DeviceIndex: TITAN.index, Scalars: [{ Index: 0, Scalar: 0.5, ActuatorType: 'HwPositionWithDuration' }] },
      3,
    );
    expect(errorCode(result)).toBe(ErrorCode.Device);
    expect((result as ButtplugError).message).toMatch(/use LinearCmd/);
  });
});

describe('§10 item 12: LinearCmd drives the feature it addresses (the reference sent feature index 0)', () => {
  it('Kiiroo Titan 1.1: the stroker is feature 1', () => {
    expect(convert({ type: 'LinearCmd', Id: 1, DeviceIndex: TITAN.index, Vectors: [{ Index: 0, Duration: 300, Position: 1 }] }, 3)).toEqual({
      kind: 'outputs',
      deviceIndex: TITAN.index,
      commands: [{ featureIndex: 1, output: 'HwPositionWithDuration', value: 99, duration: 300 }],
    });
  });

  it('a two-axis device: each vector reaches its own axis', () => {
    const axis = (index: number) => ({
      index,
      id: `axis-${index}`,
      description: `axis ${index}`,
      outputs: { HwPositionWithDuration: { value: [0, 999] as const, duration: [0, 10000] as const } },
      inputs: {},
    });
    const twoAxis: DeviceInfo = { index: 0, name: 'Two Axis', messageTimingGap: 100, features: [axis(0), axis(3)] };
    const result = convert(
      {
        type: 'LinearCmd',
        Id: 1,
        DeviceIndex: 0,
        Vectors: [
          { Index: 1, Duration: 100, Position: 0.5 },
          { Index: 0, Duration: 200, Position: 0.25 },
        ],
      },
      2,
      new Map([[0, twoAxis]]),
    );
    expect(result).toEqual({
      kind: 'outputs',
      deviceIndex: 0,
      commands: [
        { featureIndex: 0, output: 'HwPositionWithDuration', value: 249, duration: 200 },
        { featureIndex: 3, output: 'HwPositionWithDuration', value: 499, duration: 100 },
      ],
    });
  });
});

describe('§10 item 34: disabled outputs leave both the advertised lists and index resolution', () => {
  it('the v3 ScalarCmd list starts with the first enabled output', () => {
    const messages = describeDevice(PARTLY_DISABLED, 3).DeviceMessages as DeviceMessagesV3;
    expect(messages.ScalarCmd!.map((entry) => entry.ActuatorType)).toEqual(['Vibrate', 'Rotate']);
  });

  it('ScalarCmd indexes resolve to the outputs the client was shown', () => {
    const result = convert(
      {
        type: 'ScalarCmd',
        Id: 1,
        DeviceIndex: PARTLY_DISABLED.index,
        Scalars: [
          { Index: 0, Scalar: 1, ActuatorType: 'Vibrate' },
          { Index: 1, Scalar: 1, ActuatorType: 'Rotate' },
        ],
      },
      3,
    );
    expect(result).toEqual({
      kind: 'outputs',
      deviceIndex: PARTLY_DISABLED.index,
      commands: [
        { featureIndex: 1, output: 'Vibrate', value: 10 },
        { featureIndex: 2, output: 'Rotate', value: 20 },
      ],
    });
  });

  it('VibrateCmd counts only enabled vibrators', () => {
    expect(describeDevice(PARTLY_DISABLED, 2).DeviceMessages).toMatchObject({ VibrateCmd: { FeatureCount: 1, StepCount: [10] } });
    expect(convert({ type: 'VibrateCmd', Id: 1, DeviceIndex: PARTLY_DISABLED.index, Speeds: [{ Index: 0, Speed: 1 }] }, 2)).toMatchObject({
      commands: [{ featureIndex: 1, value: 10 }],
    });
    expect(errorCode(convert({ type: 'VibrateCmd', Id: 1, DeviceIndex: PARTLY_DISABLED.index, Speeds: [{ Index: 1, Speed: 1 }] }, 2))).toBe(
      ErrorCode.Device,
    );
  });

  it('SingleMotorVibrateCmd leaves disabled vibrators alone', () => {
    expect(convert({ type: 'SingleMotorVibrateCmd', Id: 1, DeviceIndex: PARTLY_DISABLED.index, Speed: 1 }, 0)).toEqual({
      kind: 'outputs',
      deviceIndex: PARTLY_DISABLED.index,
      commands: [{ featureIndex: 1, output: 'Vibrate', value: 10 }],
    });
  });

  it('OutputCmd refuses the disabled output', () => {
    expect(
      errorCode(
        convert({ type: 'OutputCmd', Id: 1, DeviceIndex: PARTLY_DISABLED.index, FeatureIndex: 0, Command: { Vibrate: { Value: 1 } } }, 4),
      ),
    ).toBe(ErrorCode.Device);
  });
});
