/**
 * Spec v0–v3 device commands → internal requests (protocol §5.3, §5.4). Every `Index` resolves
 * through the same attribute lists the client was shown (legacy-attributes.ts). A message with
 * several subcommands converts completely before anything runs: one bad subcommand rejects it
 * whole.
 */
import type { DeviceInfo, OutputType } from '../../devices/features.ts';
import { OUTPUT_TYPES } from '../../devices/features.ts';
import type { DeviceRequest, OutputCommand } from '../../devices/commands.ts';
import { ButtplugError, deviceError, messageError } from '../../errors.ts';
import type {
  BatteryLevelCmd,
  LinearCmd,
  RotateCmd,
  ScalarCmd,
  SensorReadCmd,
  SingleMotorVibrateCmd,
  VibrateCmd,
} from '../types.ts';
import type { ActuatorSlot } from './legacy-attributes.ts';
import { legacyAttributes } from './legacy-attributes.ts';
import { deviceLabel, featureLabel } from './lookup.ts';
import { isUnitInterval, linearSteps, positionSteps, valueSteps } from './steps.ts';

type Converted<T> = T | ButtplugError;

function outputsRequest(device: DeviceInfo, commands: readonly OutputCommand[]): DeviceRequest {
  // Stable sort: features run in ascending index order, as in the reference.
  const sorted = [...commands].sort((a, b) => a.featureIndex - b.featureIndex);
  return { kind: 'outputs', deviceIndex: device.index, commands: sorted };
}

function pickSlot<T>(device: DeviceInfo, slots: readonly T[], index: number, noun: string): Converted<T> {
  if (slots.length === 0) return deviceError(`${deviceLabel(device)} has no ${noun}s`);
  const slot = Number.isInteger(index) ? slots[index] : undefined;
  if (slot !== undefined) return slot;
  return deviceError(`${deviceLabel(device)} has no ${noun} with index ${index} (it has ${slots.length})`);
}

/** Converts every subcommand into one outputs request, or returns the first error. */
function convertAll<S>(
  device: DeviceInfo,
  items: readonly S[],
  field: string,
  convert: (item: S) => Converted<OutputCommand>,
): Converted<DeviceRequest> {
  if (!Array.isArray(items)) return messageError(`${field} must be an array`);
  const commands: OutputCommand[] = [];
  for (const item of items) {
    const command = convert(item);
    if (command instanceof ButtplugError) return command;
    commands.push(command);
  }
  return outputsRequest(device, commands);
}

function unitRangeError(field: string, value: number): ButtplugError {
  return messageError(`${field} must be between 0 and 1, got ${value}`);
}

function vibrate(slot: ActuatorSlot, speed: number): OutputCommand {
  return { featureIndex: slot.featureIndex, output: 'Vibrate', value: valueSteps(slot.steps, speed) };
}

export function convertSingleMotorVibrate(device: DeviceInfo, message: SingleMotorVibrateCmd): Converted<DeviceRequest> {
  const { vibrators } = legacyAttributes(device);
  if (vibrators.length === 0) return deviceError(`${deviceLabel(device)} has no vibrators`);
  if (!isUnitInterval(message.Speed)) return unitRangeError('SingleMotorVibrateCmd Speed', message.Speed);
  return outputsRequest(
    device,
    vibrators.map((slot) => vibrate(slot, message.Speed)),
  );
}

export function convertVibrate(device: DeviceInfo, message: VibrateCmd): Converted<DeviceRequest> {
  const { vibrators } = legacyAttributes(device);
  return convertAll(device, message.Speeds, 'VibrateCmd Speeds', ({ Index, Speed }) => {
    const slot = pickSlot(device, vibrators, Index, 'vibrator');
    if (slot instanceof ButtplugError) return slot;
    if (!isUnitInterval(Speed)) return unitRangeError('VibrateCmd Speed', Speed);
    return vibrate(slot, Speed);
  });
}

/** ScalarCmd ActuatorType: an output type name, PascalCase or lowercase as the reference accepts. */
function actuatorOutputType(name: unknown): OutputType | undefined {
  if (typeof name !== 'string') return undefined;
  return OUTPUT_TYPES.find((type) => type === name || type.toLowerCase() === name);
}

export function convertScalar(device: DeviceInfo, message: ScalarCmd): Converted<DeviceRequest> {
  const { scalar } = legacyAttributes(device);
  return convertAll(device, message.Scalars, 'ScalarCmd Scalars', ({ Index, Scalar, ActuatorType }) => {
    const output = actuatorOutputType(ActuatorType);
    if (output === undefined) return messageError(`ScalarCmd ActuatorType "${String(ActuatorType)}" is not an output type`);
    const slot = pickSlot(device, scalar, Index, 'ScalarCmd actuator');
    if (slot instanceof ButtplugError) return slot;
    if (output === 'HwPositionWithDuration') {
      return deviceError(
        `ScalarCmd cannot drive HwPositionWithDuration (index ${Index}, ${featureLabel(device, slot.featureIndex)}); use LinearCmd`,
      );
    }
    // The index picks the feature; the client's ActuatorType picks the output on it.
    const target = scalar.find((entry) => entry.featureIndex === slot.featureIndex && entry.output === output);
    if (target === undefined) {
      return deviceError(`${featureLabel(device, slot.featureIndex)} (ScalarCmd index ${Index}) has no ${output} actuator`);
    }
    if (!isUnitInterval(Scalar)) {
      // Unlike the other float fields, the schema does not bound Scalar; the reference answers ERROR_DEVICE.
      return deviceError(`ScalarCmd Scalar must be between 0 and 1, got ${Scalar}`);
    }
    const value = output === 'Position' ? positionSteps(target.steps, Scalar) : valueSteps(target.steps, Scalar);
    return { featureIndex: target.featureIndex, output, value };
  });
}

export function convertRotate(device: DeviceInfo, message: RotateCmd): Converted<DeviceRequest> {
  const { rotate } = legacyAttributes(device);
  return convertAll(device, message.Rotations, 'RotateCmd Rotations', ({ Index, Speed, Clockwise }) => {
    const slot = pickSlot(device, rotate, Index, 'rotator');
    if (slot instanceof ButtplugError) return slot;
    if (!isUnitInterval(Speed)) return unitRangeError('RotateCmd Speed', Speed);
    const steps = valueSteps(slot.steps, Speed);
    const value = steps === 0 || Clockwise ? steps : -steps;
    return { featureIndex: slot.featureIndex, output: 'Rotate', value };
  });
}

export function convertLinear(device: DeviceInfo, message: LinearCmd): Converted<DeviceRequest> {
  const { linear } = legacyAttributes(device);
  return convertAll(device, message.Vectors, 'LinearCmd Vectors', ({ Index, Duration, Position }) => {
    const slot = pickSlot(device, linear, Index, 'linear actuator');
    if (slot instanceof ButtplugError) return slot;
    if (!isUnitInterval(Position)) return unitRangeError('LinearCmd Position', Position);
    if (!Number.isInteger(Duration) || Duration < 0) {
      return messageError(`LinearCmd Duration must be a whole number of milliseconds ≥ 0, got ${Duration}`);
    }
    // The feature's own index, not 0 as the reference sent (§10 item 12).
    return {
      featureIndex: slot.featureIndex,
      output: 'HwPositionWithDuration',
      value: linearSteps(slot.steps, Position),
      duration: Duration,
    };
  });
}

export function convertBatteryLevel(device: DeviceInfo, _message: BatteryLevelCmd): Converted<DeviceRequest> {
  const battery = legacyAttributes(device).batteries[0];
  if (battery === undefined) return deviceError(`${deviceLabel(device)} has no battery`);
  return {
    kind: 'input',
    deviceIndex: device.index,
    featureIndex: battery.featureIndex,
    input: 'Battery',
    command: 'Read',
    reply: { kind: 'BatteryLevelReading' },
  };
}

export function convertSensorRead(device: DeviceInfo, message: SensorReadCmd): Converted<DeviceRequest> {
  if (message.SensorType !== 'Battery' && message.SensorType !== 'battery') {
    return deviceError(`SensorReadCmd supports SensorType Battery only, got "${String(message.SensorType)}"`);
  }
  // Unlike the reference, SensorIndex is honoured: it is the position in the SensorReadCmd list.
  const battery = pickSlot(device, legacyAttributes(device).batteries, message.SensorIndex, 'battery sensor');
  if (battery instanceof ButtplugError) return battery;
  return {
    kind: 'input',
    deviceIndex: device.index,
    featureIndex: battery.featureIndex,
    input: 'Battery',
    command: 'Read',
    reply: { kind: 'SensorReading', sensorIndex: message.SensorIndex, sensorType: message.SensorType },
  };
}
