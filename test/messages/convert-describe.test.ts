import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceInfo, FeatureDefinition, OutputSpec, OutputType } from '../../src/devices/features.ts';
import {
  describeDevice,
  deviceAddedMessage,
  deviceListMessage,
  deviceRemovedMessage,
} from '../../src/messages/convert/index.ts';
import type { DeviceAdded, DeviceMessagesV3, SpecVersion } from '../../src/messages/types.ts';
import { configDevice, loadConfigDevices } from '../fixtures/convert/config-devices.ts';
import { schemaErrors, wireFrame } from '../fixtures/convert/wire.ts';

const LEGACY_VERSIONS = [0, 1, 2, 3] as const;
const ALL_VERSIONS = [0, 1, 2, 3, 4] as const;

/** Exact wire text, key order included; `expected` is the spec's example. */
function sameJson(actual: unknown, expected: string): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(JSON.parse(expected)));
}

function feature(index: number, outputs: Partial<Record<OutputType, OutputSpec>>, extra: Partial<FeatureDefinition> = {}): FeatureDefinition {
  return { index, id: `feature-${index}`, description: '', outputs, inputs: {}, ...extra };
}

function device(features: FeatureDefinition[], extra: Partial<DeviceInfo> = {}): DeviceInfo {
  return { index: 3, name: 'Test Toy', messageTimingGap: 100, features, ...extra };
}

describe('every device of the bundled config validates against the message schema', () => {
  const cases = loadConfigDevices();

  it('reads the whole config', () => {
    // 139 protocols, each with defaults, plus their configurations.
    expect(cases.length).toBeGreaterThan(800);
  });

  it('the validator rejects what the schema forbids (so the checks below can fail)', () => {
    const zeroSteps: DeviceAdded = {
      type: 'DeviceAdded',
      Id: 0,
      DeviceIndex: 0,
      DeviceName: 'X',
      DeviceMessages: { ScalarCmd: [{ FeatureDescriptor: '', ActuatorType: 'Vibrate', StepCount: 0 }], StopDeviceCmd: {} },
    };
    expect(schemaErrors(wireFrame(zeroSteps), 3)).not.toEqual([]);
    expect(schemaErrors(wireFrame(deviceListMessage([], 2, 0)), 2)).not.toEqual([]);
    expect(schemaErrors(wireFrame(deviceAddedMessage(configDevice('lovense', 'Lovense Edge'), 3)), 2)).not.toEqual([]);
  });

  it.each(ALL_VERSIONS)('as a DeviceList entry in spec v%i', (version) => {
    const failures = cases.flatMap(({ label, device }) => {
      const errors = schemaErrors(wireFrame(deviceListMessage([device], version, 1)), version);
      return errors.length > 0 ? [`${label}: ${errors.join('; ')}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it('all together in one DeviceList event in spec v4 (Id 0)', () => {
    const devices = cases.map(({ device }) => device);
    expect(schemaErrors(wireFrame(deviceListMessage(devices, 4, 0)), 4)).toEqual([]);
  });

  it.each(LEGACY_VERSIONS)('as DeviceAdded in spec v%i', (version) => {
    const failures = cases.flatMap(({ label, device }) => {
      const errors = schemaErrors(wireFrame(deviceAddedMessage(device, version)), version);
      return errors.length > 0 ? [`${label}: ${errors.join('; ')}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it('with any user ranges and disabled outputs, in every version', () => {
    const devices = cases.map(({ device }) => device);
    const outputOverride = fc.record({
      disabled: fc.boolean(),
      userRange: fc.option(fc.tuple(fc.nat(300), fc.nat(300)).map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.constantFrom(...devices), fc.infiniteStream(outputOverride), fc.constantFrom(...ALL_VERSIONS), (base, overrides, version) => {
        const changed: DeviceInfo = {
          ...base,
          displayName: 'My Toy',
          features: base.features.map((f) => ({
            ...f,
            outputs: Object.fromEntries(
              Object.entries(f.outputs).map(([type, spec]) => {
                const { disabled, userRange } = overrides.next().value;
                return [type, { ...spec, disabled, ...(userRange ? { userRange } : {}) }];
              }),
            ),
          })),
        };
        const frames = [wireFrame(deviceListMessage([changed], version, 1))];
        if (version < 4) frames.push(wireFrame(deviceAddedMessage(changed, version as 0 | 1 | 2 | 3)));
        for (const frame of frames) expect(schemaErrors(frame, version)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('DeviceRemoved in every legacy version', () => {
    for (const version of LEGACY_VERSIONS) {
      expect(schemaErrors(wireFrame(deviceRemovedMessage(4)), version)).toEqual([]);
    }
  });
});

describe('worked example §4.8: Lovense Edge', () => {
  const edge = configDevice('lovense', 'Lovense Edge', 0);

  it('v4 DeviceList reply', () => {
    sameJson(
      wireFrame(deviceListMessage([edge], 4, 2)),
      `[{"DeviceList":{"Id":2,"Devices":{"0":{
        "DeviceIndex":0,"DeviceName":"Lovense Edge","DeviceMessageTimingGap":100,
        "DeviceFeatures":{
          "0":{"FeatureIndex":0,"FeatureDescription":"","Output":{"Vibrate":{"Value":[0,20]}}},
          "1":{"FeatureIndex":1,"FeatureDescription":"","Output":{"Vibrate":{"Value":[0,20]}}},
          "2":{"FeatureIndex":2,"FeatureDescription":"battery Level",
               "Input":{"Battery":{"Value":[[0,100]],"Command":["Read"]}}}}}}}}]`,
    );
  });

  it('v3 DeviceAdded', () => {
    sameJson(
      wireFrame(deviceAddedMessage(edge, 3)),
      `[{"DeviceAdded":{"Id":0,"DeviceIndex":0,"DeviceName":"Lovense Edge","DeviceMessageTimingGap":100,
        "DeviceMessages":{
          "ScalarCmd":[{"FeatureDescriptor":"","ActuatorType":"Vibrate","StepCount":20},
                       {"FeatureDescriptor":"","ActuatorType":"Vibrate","StepCount":20}],
          "SensorReadCmd":[{"FeatureDescriptor":"battery Level","SensorType":"Battery","SensorRange":[[0,100]]}],
          "StopDeviceCmd":{}}}}]`,
    );
  });

  it('v2 DeviceAdded', () => {
    sameJson(
      wireFrame(deviceAddedMessage(edge, 2)),
      `[{"DeviceAdded":{"Id":0,"DeviceIndex":0,"DeviceName":"Lovense Edge",
        "DeviceMessages":{"VibrateCmd":{"FeatureCount":2,"StepCount":[20,20]},"BatteryLevelCmd":{},"StopDeviceCmd":{}}}}]`,
    );
  });

  it('v1 DeviceAdded', () => {
    sameJson(
      wireFrame(deviceAddedMessage(edge, 1)),
      `[{"DeviceAdded":{"Id":0,"DeviceIndex":0,"DeviceName":"Lovense Edge",
        "DeviceMessages":{"VibrateCmd":{"FeatureCount":2},"StopDeviceCmd":{},"SingleMotorVibrateCmd":{}}}}]`,
    );
  });

  it('v0 DeviceAdded', () => {
    sameJson(
      wireFrame(deviceAddedMessage(edge, 0)),
      `[{"DeviceAdded":{"Id":0,"DeviceIndex":0,"DeviceName":"Lovense Edge","DeviceMessages":["SingleMotorVibrateCmd","StopDeviceCmd"]}}]`,
    );
  });

  it.each(LEGACY_VERSIONS)('a v%i DeviceList wraps the same object without Id', (version) => {
    const { type: _type, Id: _id, ...entry } = deviceAddedMessage(edge, version);
    expect(deviceListMessage([edge], version, 9)).toEqual({ type: 'DeviceList', Id: 9, Devices: [entry] });
  });
});

describe('worked example §4.8: Lovense Nora', () => {
  const nora = configDevice('lovense', 'Lovense Nora', 0);

  it('v4: feature 1 rotates both ways', () => {
    sameJson(describeDevice(nora, 4).DeviceFeatures['1'], `{"FeatureIndex":1,"FeatureDescription":"","Output":{"Rotate":{"Value":[-20,20]}}}`);
  });

  it('v3', () => {
    sameJson(
      describeDevice(nora, 3).DeviceMessages,
      `{"ScalarCmd":[{"FeatureDescriptor":"","ActuatorType":"Vibrate","StepCount":20},
                     {"FeatureDescriptor":"","ActuatorType":"Rotate","StepCount":20}],
        "RotateCmd":[{"FeatureDescriptor":"","ActuatorType":"Rotate","StepCount":20}],
        "SensorReadCmd":[{"FeatureDescriptor":"battery Level","SensorType":"Battery","SensorRange":[[0,100]]}],
        "StopDeviceCmd":{}}`,
    );
  });

  it('v2', () => {
    sameJson(
      describeDevice(nora, 2).DeviceMessages,
      `{"VibrateCmd":{"FeatureCount":1,"StepCount":[20]},"RotateCmd":{"FeatureCount":1,"StepCount":[20]},
        "BatteryLevelCmd":{},"StopDeviceCmd":{}}`,
    );
  });

  it('v1', () => {
    sameJson(
      describeDevice(nora, 1).DeviceMessages,
      `{"VibrateCmd":{"FeatureCount":1},"RotateCmd":{"FeatureCount":1},"StopDeviceCmd":{},"SingleMotorVibrateCmd":{}}`,
    );
  });

  it('v0', () => {
    expect(describeDevice(nora, 0).DeviceMessages).toEqual(['SingleMotorVibrateCmd', 'StopDeviceCmd']);
  });
});

describe('description rules', () => {
  it('v4 leaves out features with neither outputs nor inputs', () => {
    const toy = device([feature(0, { Vibrate: { value: [0, 10] } }), feature(1, {}), feature(2, { Rotate: { value: [0, 5] } })]);
    expect(Object.keys(describeDevice(toy, 4).DeviceFeatures)).toEqual(['0', '2']);
  });

  it('v4 drops disabled outputs but keeps "Output":{} when all were disabled', () => {
    const toy = device([
      feature(0, { Vibrate: { value: [0, 10], disabled: true }, Rotate: { value: [-5, 5] } }),
      feature(1, { Oscillate: { value: [0, 10], disabled: true } }),
    ]);
    const features = describeDevice(toy, 4).DeviceFeatures;
    expect(features['0']!.Output).toEqual({ Rotate: { Value: [-5, 5] } });
    expect(features['1']!.Output).toEqual({});
  });

  it('v4 lists outputs and inputs in the reference order, with advertised ranges', () => {
    const toy = device([
      feature(
        0,
        {
          Spray: { value: [0, 3] },
          HwPositionWithDuration: { value: [0, 99], duration: [0, 5000] },
          Vibrate: { value: [0, 20], userRange: [5, 15] },
          Rotate: { value: [-20, 20], userRange: [2, 12] },
        },
        {
          inputs: {
            Button: { value: [[0, 1]], commands: ['Subscribe'] },
            Battery: { value: [[0, 100]], commands: ['Read'] },
          },
        },
      ),
    ]);
    const entry = describeDevice(toy, 4).DeviceFeatures['0']!;
    expect(JSON.stringify(entry.Output)).toBe(
      JSON.stringify({
        Vibrate: { Value: [0, 10] },
        Rotate: { Value: [-10, 10] },
        HwPositionWithDuration: { Value: [0, 99], Duration: [0, 5000] },
        Spray: { Value: [0, 3] },
      }),
    );
    expect(Object.keys(entry.Input!)).toEqual(['Battery', 'Button']);
  });

  it('takes DeviceMessageTimingGap from the device and DeviceDisplayName only when set', () => {
    const named = device([feature(0, { Vibrate: { value: [0, 10] } })], { displayName: 'Bedside', messageTimingGap: 75 });
    const unnamed = device([feature(0, { Vibrate: { value: [0, 10] } })]);
    expect(describeDevice(named, 4)).toMatchObject({ DeviceDisplayName: 'Bedside', DeviceMessageTimingGap: 75 });
    expect(describeDevice(named, 3)).toMatchObject({ DeviceDisplayName: 'Bedside', DeviceMessageTimingGap: 75 });
    expect(describeDevice(unnamed, 4)).not.toHaveProperty('DeviceDisplayName');
    expect(describeDevice(unnamed, 3)).not.toHaveProperty('DeviceDisplayName');
    for (const version of [0, 1, 2] as const) {
      expect(describeDevice(named, version)).not.toHaveProperty('DeviceDisplayName');
      expect(describeDevice(named, version)).not.toHaveProperty('DeviceMessageTimingGap');
    }
  });

  it('v3 ScalarCmd lists each feature ascending, its types in the order Constrict…Vibrate, never HwPositionWithDuration', () => {
    const toy = device([
      feature(1, {
        Vibrate: { value: [0, 8] },
        Spray: { value: [0, 7] },
        Rotate: { value: [0, 6] },
        Position: { value: [0, 5] },
        Oscillate: { value: [0, 4] },
        Led: { value: [0, 3] },
        Temperature: { value: [-2, 2] },
        Constrict: { value: [0, 1] },
        HwPositionWithDuration: { value: [0, 99], duration: [0, 1000] },
      }),
      feature(0, { Vibrate: { value: [0, 20] } }),
    ]);
    const messages = describeDevice(toy, 3).DeviceMessages as DeviceMessagesV3;
    expect(messages.ScalarCmd!.map((a) => `${a.ActuatorType}:${a.StepCount}`)).toEqual([
      'Vibrate:20',
      'Constrict:1',
      'Temperature:2',
      'Led:3',
      'Oscillate:4',
      'Position:5',
      'Rotate:6',
      'Spray:7',
      'Vibrate:8',
    ]);
    // One-way Rotate is not a RotateCmd; the linear actuator is a LinearCmd named "Position".
    expect(messages.RotateCmd).toBeUndefined();
    expect(messages.LinearCmd).toEqual([{ FeatureDescriptor: '', ActuatorType: 'Position', StepCount: 99 }]);
  });

  it('lists only Battery inputs that can be read, and never subscriptions', () => {
    const toy = device([
      feature(0, {}, { inputs: { Battery: { value: [[0, 100]], commands: ['Subscribe'] } } }),
      feature(1, {}, { inputs: { Pressure: { value: [[0, 1000]], commands: ['Read', 'Subscribe'] } } }),
      feature(2, {}, { description: 'cell', inputs: { Battery: { value: [[0, 100]], commands: ['Read'] } } }),
    ]);
    const v3 = describeDevice(toy, 3).DeviceMessages as DeviceMessagesV3;
    expect(v3.SensorReadCmd).toEqual([{ FeatureDescriptor: 'cell', SensorType: 'Battery', SensorRange: [[0, 100]] }]);
    expect(v3).not.toHaveProperty('SensorSubscribeCmd');
    expect(describeDevice(toy, 2).DeviceMessages).toEqual({ BatteryLevelCmd: {}, StopDeviceCmd: {} });
  });

  it('never hides a device: a stroker still shows StopDeviceCmd to a v0 client', () => {
    const stroker = configDevice('fleshy-thrust', 'Fleshy Thrust Sync');
    expect(describeDevice(stroker, 0).DeviceMessages).toEqual(['StopDeviceCmd']);
    expect(describeDevice(stroker, 1).DeviceMessages).toEqual({ LinearCmd: { FeatureCount: 1 }, StopDeviceCmd: {} });
    const bare = device([]);
    for (const version of LEGACY_VERSIONS) {
      const messages = describeDevice(bare, version).DeviceMessages;
      expect(Array.isArray(messages) ? messages : Object.keys(messages)).toEqual(['StopDeviceCmd']);
    }
  });

  it('leaves an output with 0 steps (degenerate user range) out of the legacy lists', () => {
    const toy = device([
      feature(0, { Vibrate: { value: [0, 20], userRange: [7, 7] } }),
      feature(1, { Vibrate: { value: [0, 20] } }),
    ]);
    expect(describeDevice(toy, 2).DeviceMessages).toEqual({ VibrateCmd: { FeatureCount: 1, StepCount: [20] }, StopDeviceCmd: {} });
    expect(describeDevice(toy, 4).DeviceFeatures['0']!.Output).toEqual({ Vibrate: { Value: [0, 0] } });
  });

  it('orders DeviceList entries by device index', () => {
    const a = device([], { index: 5, name: 'A' });
    const b = device([], { index: 2, name: 'B' });
    const list = deviceListMessage([a, b], 1, 1).Devices as { DeviceIndex: number }[];
    expect(list.map((entry) => entry.DeviceIndex)).toEqual([2, 5]);
    expect(Object.keys(deviceListMessage([a, b], 4, 1).Devices)).toEqual(['2', '5']);
  });

  it.each(ALL_VERSIONS)('v%i DeviceList of no devices is empty', (version: SpecVersion) => {
    const { Devices } = deviceListMessage([], version, 1);
    expect(version === 4 ? Object.keys(Devices) : Devices).toEqual([]);
  });
});
