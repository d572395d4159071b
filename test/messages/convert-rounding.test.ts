/**
 * Float → step conversion of v0–v3 commands (protocol §5.3), checked through toDeviceRequest
 * against the descriptions real devices advertise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceRequest, OutputCommand } from '../../src/devices/commands.ts';
import type { DeviceInfo } from '../../src/devices/features.ts';
import { advertisedRange } from '../../src/devices/ranges.ts';
import { describeDevice, toDeviceRequest } from '../../src/messages/convert/index.ts';
import { ButtplugError } from '../../src/errors.ts';
import type { ClientMessage, DeviceMessagesV2, DeviceMessagesV3, SpecVersion } from '../../src/messages/types.ts';
import { loadConfigDevices } from '../fixtures/convert/config-devices.ts';

const DEVICES = loadConfigDevices().map(({ device }) => device);

function outputs(device: DeviceInfo, message: ClientMessage, version: SpecVersion): readonly OutputCommand[] {
  const result: DeviceRequest | ButtplugError | undefined = toDeviceRequest(message, version, new Map([[device.index, device]]));
  if (result instanceof ButtplugError) throw result;
  if (result?.kind !== 'outputs') throw new Error(`expected outputs, got ${JSON.stringify(result)}`);
  return result.commands;
}

/** The command lies within the advertised range of the output it targets. */
function withinAdvertisedRange(device: DeviceInfo, command: OutputCommand): boolean {
  const spec = device.features.find((f) => f.index === command.featureIndex)?.outputs[command.output];
  if (spec === undefined) return false;
  const [min, max] = advertisedRange(spec);
  return Number.isInteger(command.value) && command.value >= min && command.value <= max;
}

/** §5.3 value outputs: 0 below 1e-6, otherwise ceil(N × f) in doubles. */
const expectedValueSteps = (n: number, f: number) => (f < 0.000001 ? 0 : Math.ceil(n * f));

const unit = fc.double({ min: 0, max: 1, noNaN: true });

/** One device of a kind, plus one of its advertised entries. */
function deviceWith<T>(pick: (device: DeviceInfo) => readonly T[] | undefined) {
  const candidates = DEVICES.filter((device) => (pick(device)?.length ?? 0) > 0);
  return fc
    .constantFrom(...candidates)
    .chain((device) => fc.nat(pick(device)!.length - 1).map((index) => ({ device, index, entry: pick(device)![index]! })));
}

describe('§5.3 test vectors', () => {
  function vibrator(n: number): DeviceInfo {
    return {
      index: 0,
      name: 'Vector',
      messageTimingGap: 100,
      features: [
        { index: 0, id: 'v', description: '', inputs: {}, outputs: { Vibrate: { value: [0, n] } } },
        { index: 1, id: 'l', description: '', inputs: {}, outputs: { HwPositionWithDuration: { value: [0, n], duration: [0, 1000] } } },
      ],
    };
  }
  const vibrate = (n: number, f: number) =>
    outputs(vibrator(n), { type: 'VibrateCmd', Id: 1, DeviceIndex: 0, Speeds: [{ Index: 0, Speed: f }] }, 2)[0]!.value;
  const scalar = (n: number, f: number) =>
    outputs(vibrator(n), { type: 'ScalarCmd', Id: 1, DeviceIndex: 0, Scalars: [{ Index: 0, Scalar: f, ActuatorType: 'Vibrate' }] }, 3)[0]!
      .value;
  const linear = (n: number, f: number) =>
    outputs(vibrator(n), { type: 'LinearCmd', Id: 1, DeviceIndex: 0, Vectors: [{ Index: 0, Duration: 10, Position: f }] }, 3)[0]!.value;

  it.each([
    [20, 0.5, 10],
    [20, 0.51, 11],
    [20, 0.01, 1],
    [20, 0.000001, 1],
    [20, 0.0000009, 0],
    [20, 0.99, 20],
    [20, 1.0, 20],
    [20, 0, 0],
    [100, 0.07, 8],
    [100, 0.14, 15],
    [100, 0.28, 29],
    [100, 0.55, 56],
    [100, 0.56, 57],
    [100, 0.29, 29],
    [100, 0.57, 57],
  ])('N=%i, f=%d → %i (rounded up)', (n, f, steps) => {
    expect(vibrate(n, f)).toBe(steps);
    expect(scalar(n, f)).toBe(steps);
  });

  it.each([
    [100, 0.29, 28],
    [100, 0.57, 56],
    [100, 0.999, 99],
    [100, 1.0, 100],
    [100, 0, 0],
  ])('LinearCmd N=%i, f=%d → %i (truncated)', (n, f, steps) => {
    expect(linear(n, f)).toBe(steps);
  });
});

describe('legacy commands built from a device description land inside the advertised range', () => {
  const scalarEntries = (device: DeviceInfo) => (describeDevice(device, 3).DeviceMessages as DeviceMessagesV3).ScalarCmd;
  const rotateEntries = (device: DeviceInfo) => (describeDevice(device, 3).DeviceMessages as DeviceMessagesV3).RotateCmd;
  const linearEntries = (device: DeviceInfo) => (describeDevice(device, 3).DeviceMessages as DeviceMessagesV3).LinearCmd;
  const vibrateSteps = (device: DeviceInfo) => (describeDevice(device, 2).DeviceMessages as DeviceMessagesV2).VibrateCmd?.StepCount;

  it('ScalarCmd: ceil(f × StepCount), 0 below 1e-6 (Position: no cutoff)', () => {
    fc.assert(
      fc.property(deviceWith(scalarEntries), unit, ({ device, index, entry }, f) => {
        const [command] = outputs(
          device,
          { type: 'ScalarCmd', Id: 1, DeviceIndex: device.index, Scalars: [{ Index: index, Scalar: f, ActuatorType: entry.ActuatorType }] },
          3,
        );
        expect(command!.output).toBe(entry.ActuatorType);
        expect(withinAdvertisedRange(device, command!)).toBe(true);
        const expected = entry.ActuatorType === 'Position' ? Math.ceil(entry.StepCount * f) : expectedValueSteps(entry.StepCount, f);
        expect(command!.value).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('VibrateCmd: every listed vibrator, ceil(f × StepCount)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEVICES.filter((device) => vibrateSteps(device) !== undefined)).chain((device) =>
          fc.record({ device: fc.constant(device), speeds: fc.array(unit, { minLength: vibrateSteps(device)!.length, maxLength: vibrateSteps(device)!.length }) }),
        ),
        ({ device, speeds }) => {
          const steps = vibrateSteps(device)!;
          const commands = outputs(
            device,
            { type: 'VibrateCmd', Id: 1, DeviceIndex: device.index, Speeds: speeds.map((Speed, Index) => ({ Index, Speed })) },
            2,
          );
          expect(commands.map((c) => c.value)).toEqual(speeds.map((f, i) => expectedValueSteps(steps[i]!, f)));
          for (const command of commands) expect(withinAdvertisedRange(device, command)).toBe(true);
          // Sorted by feature, each feature once.
          const features = commands.map((c) => c.featureIndex);
          expect(features).toEqual([...new Set(features)].sort((a, b) => a - b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('RotateCmd: ±ceil(f × StepCount) by Clockwise', () => {
    fc.assert(
      fc.property(deviceWith(rotateEntries), unit, fc.boolean(), ({ device, index, entry }, f, clockwise) => {
        const [command] = outputs(
          device,
          { type: 'RotateCmd', Id: 1, DeviceIndex: device.index, Rotations: [{ Index: index, Speed: f, Clockwise: clockwise }] },
          3,
        );
        const magnitude = expectedValueSteps(entry.StepCount, f);
        expect(command!.value).toBe(magnitude === 0 ? 0 : clockwise ? magnitude : -magnitude);
        expect(withinAdvertisedRange(device, command!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('LinearCmd: trunc(f × StepCount), Duration unchanged', () => {
    fc.assert(
      fc.property(deviceWith(linearEntries), unit, fc.nat(100000), ({ device, index, entry }, f, duration) => {
        const [command] = outputs(
          device,
          { type: 'LinearCmd', Id: 1, DeviceIndex: device.index, Vectors: [{ Index: index, Duration: duration, Position: f }] },
          1,
        );
        expect(command).toMatchObject({ output: 'HwPositionWithDuration', value: Math.trunc(entry.StepCount * f), duration });
        expect(withinAdvertisedRange(device, command!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('SingleMotorVibrateCmd: every vibrator at ceil(f × its own StepCount)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEVICES.filter((device) => vibrateSteps(device) !== undefined)), unit, (device, f) => {
        const commands = outputs(device, { type: 'SingleMotorVibrateCmd', Id: 1, DeviceIndex: device.index, Speed: f }, 0);
        expect(commands.map((c) => c.value)).toEqual(vibrateSteps(device)!.map((n) => expectedValueSteps(n, f)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('rounding laws', () => {
  const single = (n: number, f: number) => {
    const device: DeviceInfo = {
      index: 0,
      name: 'Law',
      messageTimingGap: 100,
      features: [{ index: 0, id: 'v', description: '', inputs: {}, outputs: { Vibrate: { value: [0, n] } } }],
    };
    return outputs(device, { type: 'VibrateCmd', Id: 1, DeviceIndex: 0, Speeds: [{ Index: 0, Speed: f }] }, 1)[0]!.value;
  };

  it('0 stays 0, anything from 1e-6 up moves at least one step, 1 is the top step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), unit, (n, f) => {
        expect(single(n, 0)).toBe(0);
        expect(single(n, 1)).toBe(n);
        const steps = single(n, f);
        expect(steps >= 0 && steps <= n).toBe(true);
        if (f >= 0.000001) expect(steps).toBeGreaterThanOrEqual(1);
        else expect(steps).toBe(0);
      }),
    );
  });

  it('is monotone in f', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), unit, unit, (n, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(single(n, low)).toBeLessThanOrEqual(single(n, high));
      }),
    );
  });
});
