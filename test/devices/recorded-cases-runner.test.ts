/**
 * The full-stack case runner itself: which versions a case is planned at, how client commands
 * become each version's messages, and negative controls showing that a wrong expectation (bytes,
 * name, display name, battery level, a missing command) makes a run fail.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeviceDefinition, FeatureDefinition, OutputSpec, OutputType } from '../../src/devices/features.ts';
import { CASES_DIR } from '../support/case-config.ts';
import {
  fractionToSteps,
  inexpressible,
  isPlan,
  messagesFor,
  planAllCases,
  planCase,
  runFullStackCase,
  type AnnouncedDevice,
  type CasePlan,
  type SkippedCase,
} from '../support/full-stack-case.ts';
import { parseRecordedCase, type ClientCommand } from '../support/recorded-case.ts';

const caseText = (file: string) => readFileSync(new URL(file, CASES_DIR), 'utf8');

/** Plans a case from its YAML text after applying text edits (each must change something). */
function plannedVariant(file: string, ...edits: [from: string, to: string][]): CasePlan {
  let text = caseText(file);
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
    text = text.replace(from, to);
  }
  const plan = planCase(file, parseRecordedCase(text, file));
  if (!isPlan(plan)) throw new Error(`${file}: ${plan.reason}`);
  return plan;
}

function definitionWith(outputs: Partial<Record<OutputType, OutputSpec>>[]): DeviceDefinition {
  const features: FeatureDefinition[] = outputs.map((out, index) => ({ index, id: `f${index}`, description: '', outputs: out, inputs: {} }));
  return { protocol: 'test', name: 'Test Device', id: 'test', features };
}

const vibrate = (...speeds: number[]): ClientCommand => ({ kind: 'vibrate', speeds: speeds.map((speed, index) => ({ index, speed })) });

describe('planning', () => {
  it('runs every case whose protocol is implemented, and skips others only for that reason', async () => {
    const entries = await planAllCases();
    const plans = entries.filter(isPlan);
    expect(plans.length).toBeGreaterThan(0);
    for (const skipped of entries.filter((entry): entry is SkippedCase => !isPlan(entry))) {
      expect(skipped.reason).toMatch(/is not implemented|no protocol matches/);
    }
    for (const plan of plans) expect(plan.versions[0]).toBe(4);
  });

  it('leaves v0 out for a device with two vibrators, and legacy versions without ScalarCmd out for Scalar cases', () => {
    const edge = planCase('test_lovense_edge.yaml', parseRecordedCase(caseText('test_lovense_edge.yaml')));
    expect(isPlan(edge) && edge.versions).toEqual([4, 3, 2, 1]);
    const ridge = planCase('test_lovense_ridge.yaml', parseRecordedCase(caseText('test_lovense_ridge.yaml')));
    expect(isPlan(ridge) && ridge.versions).toEqual([4, 3]);
  });

  it('picks the definition by expected_name, with the user config applied', () => {
    const plan = plannedVariant('test_user_config_display_name.yaml');
    expect(plan.definitions.map((d) => [d.name, d.displayName])).toEqual([['Lovense Sex Machine', 'Lovense Name Test']]);
  });

  it('reports a case whose expected_name names no definition of its protocol', () => {
    const text = caseText('test_lovense_edge.yaml').replace('"Lovense Edge"', '"Lovense Nonexistent"');
    const entry = planCase('test_lovense_edge.yaml', parseRecordedCase(text));
    expect(isPlan(entry)).toBe(false);
  });

  it('says which commands a version cannot express', () => {
    const one = definitionWith([{ Vibrate: { value: [0, 20] } }]);
    const two = definitionWith([{ Vibrate: { value: [0, 20] } }, { Vibrate: { value: [0, 20] } }]);
    expect(inexpressible(vibrate(0.5), 0, one)).toBeUndefined();
    expect(inexpressible(vibrate(0.5), 0, two)).toMatch(/2 vibrators/);

    const oneWay = definitionWith([{ Rotate: { value: [0, 20] } }]);
    const rotate: ClientCommand = { kind: 'rotate', rotations: [{ index: 0, speed: 0.5, clockwise: true }] };
    expect(inexpressible(rotate, 4, oneWay)).toBeUndefined();
    expect(inexpressible(rotate, 3, oneWay)).toMatch(/RotateCmd/);
    expect(inexpressible(rotate, 1, definitionWith([{ Rotate: { value: [-20, 20] } }]))).toBeUndefined();

    const linearSecond = definitionWith([{ Vibrate: { value: [0, 20] } }, { HwPositionWithDuration: { value: [0, 100], duration: [0, 1000] } }]);
    const linear = (index: number): ClientCommand => ({ kind: 'linear', vectors: [{ index, durationMs: 100, position: 0.5 }] });
    expect(inexpressible(linear(1), 4, linearSecond)).toBeUndefined();
    expect(inexpressible(linear(1), 3, linearSecond)).toMatch(/LinearCmd/);

    const scalar: ClientCommand = { kind: 'scalar', scalars: [{ index: 0, scalar: 0.5, actuatorType: 'Vibrate' }] };
    expect(inexpressible(scalar, 3, one)).toBeUndefined();
    expect(inexpressible(scalar, 2, one)).toMatch(/ScalarCmd/);
    expect(inexpressible({ kind: 'battery', expectedPower: 1, runAsync: false }, 2, one)).toBeUndefined();
    expect(inexpressible({ kind: 'battery', expectedPower: 1, runAsync: false }, 1, one)).toMatch(/battery/);
  });
});

describe('client messages per version', () => {
  const device: AnnouncedDevice = {
    index: 3,
    name: 'Test Device',
    displayName: undefined,
    features: [
      { FeatureIndex: 0, Output: { Vibrate: { Value: [0, 20] } } },
      { FeatureIndex: 1, Output: { Rotate: { Value: [-20, 20] } } },
      { FeatureIndex: 2, Output: { Vibrate: { Value: [0, 100] } } },
      { FeatureIndex: 4, Input: { Battery: {} } },
    ],
  };

  it('converts fractions to steps as the client library does', () => {
    expect([0.5, 0.51, 0.000001, 1].map((f) => fractionToSteps(f, 20))).toEqual([10, 11, 1, 20]);
    // The cutoff applies to the product (client side), not to the fraction as on the server.
    expect([0.0000009, 0.00000004, 0].map((f) => fractionToSteps(f, 20))).toEqual([1, 0, 0]);
    expect([0.07, 0.14, 0.28, 0.55].map((f) => fractionToSteps(f, 100))).toEqual([8, 15, 29, 56]);
    expect(fractionToSteps(-0.5, 20)).toBe(-10);
  });

  it('v4: one OutputCmd per subcommand on the n-th feature of the kind, ranges from the announcement', () => {
    const messages = messagesFor(vibrate(0.5, 0.07), device, 4);
    expect(messages.map((m) => [m.type, m.body])).toEqual([
      ['OutputCmd', { DeviceIndex: 3, FeatureIndex: 0, Command: { Vibrate: { Value: 10 } } }],
      ['OutputCmd', { DeviceIndex: 3, FeatureIndex: 2, Command: { Vibrate: { Value: 8 } } }],
    ]);
    const rotate = messagesFor({ kind: 'rotate', rotations: [{ index: 0, speed: 0.25, clockwise: false }] }, device, 4);
    expect(rotate.map((m) => m.body.Command)).toEqual([{ Rotate: { Value: -5 } }]);
    const battery = messagesFor({ kind: 'battery', expectedPower: 0.5, runAsync: false }, device, 4);
    expect(battery.map((m) => [m.type, m.body])).toEqual([
      ['InputCmd', { DeviceIndex: 3, FeatureIndex: 4, Type: 'Battery', Command: 'Read' }],
    ]);
    expect(messagesFor({ kind: 'stop' }, device, 4).map((m) => [m.type, m.body])).toEqual([['StopCmd', { DeviceIndex: 3 }]]);
  });

  it('v0–v3: the native legacy message', () => {
    expect(messagesFor(vibrate(0.5, 0.25), device, 2).map((m) => [m.type, m.body])).toEqual([
      ['VibrateCmd', { DeviceIndex: 3, Speeds: [{ Index: 0, Speed: 0.5 }, { Index: 1, Speed: 0.25 }] }],
    ]);
    expect(messagesFor(vibrate(0.5), device, 0).map((m) => [m.type, m.body])).toEqual([
      ['SingleMotorVibrateCmd', { DeviceIndex: 3, Speed: 0.5 }],
    ]);
    const battery = { kind: 'battery', expectedPower: 0.5, runAsync: false } as const;
    expect(messagesFor(battery, device, 3).map((m) => m.type)).toEqual(['SensorReadCmd']);
    expect(messagesFor(battery, device, 2).map((m) => m.type)).toEqual(['BatteryLevelCmd']);
    expect(messagesFor({ kind: 'stop' }, device, 1).map((m) => [m.type, m.body])).toEqual([['StopDeviceCmd', { DeviceIndex: 3 }]]);
  });
});

describe.concurrent('negative controls: a wrong expectation fails the run', () => {
  it('a wrong byte in an expected write', async () => {
    // "Vibrate1:5;" → "Vibrate1:6;"
    const plan = plannedVariant('test_lovense_edge.yaml', ['[86, 105, 98, 114, 97, 116, 101, 49, 58, 53, 59]', '[86, 105, 98, 114, 97, 116, 101, 49, 58, 54, 59]']);
    await expect(runFullStackCase(plan, 4)).rejects.toThrow(/device_commands\[1\].*expected write tx .*"Vibrate1:6;"[\s\S]*got write tx .*"Vibrate1:5;"/);
    await expect(runFullStackCase(plan, 1)).rejects.toThrow(/Vibrate1:6/);
  });

  it('an expected command the device never gets', async () => {
    const plan = plannedVariant('test_aneros_protocol.yaml', [
      'device_commands:',
      'device_commands:\n  - !Commands\n      device_index: 0\n      commands:\n        - !Subscribe\n            endpoint: tx',
    ]);
    await expect(runFullStackCase(plan, 4, 'simulator', { commandMs: 100, replyMs: 2000, announceMs: 2000 })).rejects.toThrow(
      /device_commands\[0\].*subscribe tx, but the device got nothing within 100 ms/,
    );
  });

  it('the name of another definition of the same protocol', async () => {
    const plan = plannedVariant('test_lovense_edge.yaml', ['"Lovense Edge"', '"Lovense Hush"']);
    await expect(runFullStackCase(plan, 3)).rejects.toThrow(/announced as "Lovense Hush", got "Lovense Edge"/);
  });

  it('a wrong display name (checked at v3 and v4 only)', async () => {
    const plan = plannedVariant('test_user_config_display_name.yaml', ['"Lovense Name Test"', '"Another Name"']);
    await expect(runFullStackCase(plan, 4)).rejects.toThrow(/display name "Another Name", got "Lovense Name Test"/);
    await expect(runFullStackCase(plan, 3)).rejects.toThrow(/display name/);
    await expect(runFullStackCase(plan, 2)).resolves.toMatchObject({ version: 2 });
  });

  it('a wrong battery level, read in the background', async () => {
    const plan = plannedVariant('test_lovense_battery.yaml', ['expected_power: 1.0', 'expected_power: 0.5']);
    for (const version of [4, 3, 2] as const) {
      await expect(runFullStackCase(plan, version)).rejects.toThrow(/battery: expected 0.5, got 1/);
    }
  });
});
