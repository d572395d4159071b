/**
 * The attribute lists a v0–v3 client sees (protocol §4.3–§4.6). The same lists serve both the
 * description and the resolution of the `Index` a legacy command carries, so an index always
 * lands on the output the client was shown. Disabled outputs and outputs with no steps are left
 * out of both (the reference kept disabled ones server-side, shifting indexes: §10 item 34).
 */
import type { DeviceInfo, FeatureDefinition, InputSpec, OutputSpec, OutputType } from '../../devices/features.ts';
import { advertisedRange, stepCount } from '../../devices/ranges.ts';

export interface ActuatorSlot {
  readonly featureIndex: number;
  readonly description: string;
  readonly output: OutputType;
  readonly spec: OutputSpec;
  /** N, always ≥ 1. */
  readonly steps: number;
}

interface BatterySlot {
  readonly featureIndex: number;
  readonly description: string;
  readonly spec: InputSpec;
}

export interface LegacyAttributes {
  /** v3 ScalarCmd entries. */
  readonly scalar: readonly ActuatorSlot[];
  /** v1–v3 RotateCmd entries: features whose Rotate range is signed. */
  readonly rotate: readonly ActuatorSlot[];
  /** v1–v3 LinearCmd entries: HwPositionWithDuration outputs. */
  readonly linear: readonly ActuatorSlot[];
  /** v1/v2 VibrateCmd entries (= the Vibrate entries of `scalar`); also what SingleMotorVibrateCmd drives. */
  readonly vibrators: readonly ActuatorSlot[];
  /** v2 BatteryLevelCmd / v3 SensorReadCmd entries: Battery inputs that support Read. */
  readonly batteries: readonly BatterySlot[];
  /** v2/v3 Raw*Cmd endpoints; empty unless the server allows raw messages. */
  readonly rawEndpoints: readonly string[];
}

/** Within one feature, ScalarCmd lists its output types in this order (§4.3). */
const SCALAR_ORDER: readonly OutputType[] = [
  'Constrict',
  'Temperature',
  'Led',
  'Oscillate',
  'Position',
  'Rotate',
  'Spray',
  'Vibrate',
];

function usableOutput(feature: FeatureDefinition, output: OutputType): ActuatorSlot | undefined {
  const spec = feature.outputs[output];
  if (spec === undefined || spec.disabled === true) return undefined;
  const steps = stepCount(spec);
  // The schema demands StepCount ≥ 1; a degenerate user range cannot be offered to old clients.
  if (!(steps >= 1)) return undefined;
  return { featureIndex: feature.index, description: feature.description, output, spec, steps };
}

function byFeatureIndex(device: DeviceInfo): FeatureDefinition[] {
  return [...device.features].sort((a, b) => a.index - b.index);
}

export function legacyAttributes(device: DeviceInfo): LegacyAttributes {
  const scalar: ActuatorSlot[] = [];
  const rotate: ActuatorSlot[] = [];
  const linear: ActuatorSlot[] = [];
  const batteries: BatterySlot[] = [];
  for (const feature of byFeatureIndex(device)) {
    for (const output of SCALAR_ORDER) {
      const slot = usableOutput(feature, output);
      if (slot) scalar.push(slot);
    }
    const rotator = usableOutput(feature, 'Rotate');
    if (rotator && advertisedRange(rotator.spec)[0] < 0) rotate.push(rotator);
    const linearActuator = usableOutput(feature, 'HwPositionWithDuration');
    if (linearActuator) linear.push(linearActuator);
    const battery = feature.inputs.Battery;
    if (battery?.commands.includes('Read')) {
      batteries.push({ featureIndex: feature.index, description: feature.description, spec: battery });
    }
  }
  const vibrators = scalar.filter((slot) => slot.output === 'Vibrate');
  return { scalar, rotate, linear, vibrators, batteries, rawEndpoints: device.rawEndpoints ?? [] };
}
