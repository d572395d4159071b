/**
 * Spec v4 device commands → internal requests: OutputCmd, InputCmd, StopCmd (protocol §3.4,
 * §3.10, §5.2). Malformed content is ERROR_MSG; anything the device cannot do is ERROR_DEVICE.
 */
import type { DeviceInfo, InputCommand, InputType, OutputType } from '../../devices/features.ts';
import { INPUT_COMMANDS, INPUT_TYPES, OUTPUT_TYPES } from '../../devices/features.ts';
import type { DeviceRequest } from '../../devices/commands.ts';
import { advertisedRange } from '../../devices/ranges.ts';
import { ButtplugError, deviceError, messageError } from '../../errors.ts';
import type { InputCmd, OutputCmd, StopCmd } from '../types.ts';
import { featureLabel, findDevice, findFeature } from './lookup.ts';

type Converted<T> = T | ButtplugError;

interface OutputCommandBody {
  readonly output: OutputType;
  readonly value: number;
  readonly duration?: number;
}

/** The `Command` object: exactly one key, an OutputType in exact PascalCase, with an integer Value. */
function readOutputCommand(command: unknown): Converted<OutputCommandBody> {
  if (typeof command !== 'object' || command === null || Array.isArray(command)) {
    return messageError('OutputCmd Command must be an object such as {"Vibrate":{"Value":10}}');
  }
  const keys = Object.keys(command);
  if (keys.length !== 1) {
    return messageError(`OutputCmd Command must have exactly one key (an output type), got ${keys.length}`);
  }
  const key = keys[0];
  const output = OUTPUT_TYPES.find((type) => type === key);
  if (output === undefined) {
    return messageError(`OutputCmd Command "${key}" is not an output type; expected one of ${OUTPUT_TYPES.join(', ')}`);
  }
  const body: unknown = (command as Record<string, unknown>)[key];
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).Value : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return messageError(`OutputCmd ${output} Value must be an integer, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  if (output !== 'HwPositionWithDuration') return { output, value };
  const duration = (body as Record<string, unknown>).Duration;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 0) {
    return messageError(
      `OutputCmd HwPositionWithDuration Duration must be a whole number of milliseconds ≥ 0, got ${JSON.stringify(duration) ?? 'nothing'}`,
    );
  }
  return { output, value, duration };
}

export function convertOutput(devices: ReadonlyMap<number, DeviceInfo>, message: OutputCmd): Converted<DeviceRequest> {
  const device = findDevice(devices, message.DeviceIndex);
  if (device instanceof ButtplugError) return device;
  const body = readOutputCommand(message.Command);
  if (body instanceof ButtplugError) return body;
  const feature = findFeature(device, message.FeatureIndex);
  if (feature instanceof ButtplugError) return feature;

  const where = featureLabel(device, feature.index);
  const spec = feature.outputs[body.output];
  if (spec === undefined) {
    const has = Object.keys(feature.outputs);
    return deviceError(
      has.length === 0 ? `${where} has no outputs` : `${where} has no ${body.output} output (it has ${has.join(', ')})`,
    );
  }
  if (spec.disabled === true) return deviceError(`the ${body.output} output of ${where} is disabled`);
  const [min, max] = advertisedRange(spec);
  if (body.value < 0 && min >= 0) {
    return deviceError(`${body.output} on ${where} takes no negative values (range [${min}, ${max}]), got ${body.value}`);
  }
  if (body.value < min || body.value > max) {
    return deviceError(`${body.output} value ${body.value} is outside the range [${min}, ${max}] of ${where}`);
  }
  return {
    kind: 'outputs',
    deviceIndex: device.index,
    commands: [
      {
        featureIndex: feature.index,
        output: body.output,
        value: body.value,
        ...(body.duration !== undefined ? { duration: body.duration } : {}),
      },
    ],
  };
}

/** InputCmd Type: PascalCase or lowercase as the reference accepts, plus the docs' "RSSI". */
function inputType(name: unknown): InputType | undefined {
  if (name === 'RSSI') return 'Rssi';
  return INPUT_TYPES.find((type) => type === name || type.toLowerCase() === name);
}

function inputCommand(name: unknown): InputCommand | undefined {
  return INPUT_COMMANDS.find((command) => command === name || command.toLowerCase() === name);
}

export function convertInput(devices: ReadonlyMap<number, DeviceInfo>, message: InputCmd): Converted<DeviceRequest> {
  const device = findDevice(devices, message.DeviceIndex);
  if (device instanceof ButtplugError) return device;
  const type = inputType(message.Type);
  if (type === undefined) {
    return messageError(`InputCmd Type "${String(message.Type)}" is not an input type; expected one of ${INPUT_TYPES.join(', ')}`);
  }
  const command = inputCommand(message.Command);
  if (command === undefined) {
    return messageError(`InputCmd Command "${String(message.Command)}" must be Read, Subscribe or Unsubscribe`);
  }
  const feature = findFeature(device, message.FeatureIndex);
  if (feature instanceof ButtplugError) return feature;

  const where = featureLabel(device, feature.index);
  const spec = feature.inputs[type];
  if (spec === undefined) return deviceError(`${where} has no ${type} input`);
  // Unsubscribe is implied wherever Subscribe is offered.
  const supported =
    spec.commands.includes(command) || (command === 'Unsubscribe' && spec.commands.includes('Subscribe'));
  if (!supported) {
    return deviceError(`${command} is not supported for the ${type} input of ${where} (it supports ${spec.commands.join(', ')})`);
  }
  return {
    kind: 'input',
    deviceIndex: device.index,
    featureIndex: feature.index,
    input: type,
    command,
    reply: { kind: 'InputReading' },
  };
}

/** StopCmd honours its scope (the reference stopped every device: §10 item 9). */
export function convertStop(devices: ReadonlyMap<number, DeviceInfo>, message: StopCmd): Converted<DeviceRequest> {
  const inputs = message.Inputs ?? true;
  const outputs = message.Outputs ?? true;
  if (message.DeviceIndex === undefined) {
    if (message.FeatureIndex !== undefined) return messageError('StopCmd FeatureIndex needs a DeviceIndex');
    return { kind: 'stop', inputs, outputs };
  }
  const device = findDevice(devices, message.DeviceIndex);
  if (device instanceof ButtplugError) return device;
  if (message.FeatureIndex === undefined) return { kind: 'stop', deviceIndex: device.index, inputs, outputs };
  const feature = findFeature(device, message.FeatureIndex);
  if (feature instanceof ButtplugError) return feature;
  return { kind: 'stop', deviceIndex: device.index, featureIndex: feature.index, inputs, outputs };
}
