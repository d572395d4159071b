/**
 * Sensee v2 (Capsule, Astronaut, No8, Moonlight, …): at connect the device's model data is read
 * from tx; its seventh byte is the device-type byte every packet carries (0x65 when the data is
 * shorter or the byte is 0). One packet on tx carries every motor, grouped by kind (vibrate,
 * thrust = Oscillate, suck = Constrict) (reference: sensee_v2).
 *
 * The reference reads byte 6 after checking only for six bytes, so a six-byte answer panics
 * there; here it falls back to 0x65 like any short answer. The reference also orders the motors
 * of a group by hash-map iteration; here they go in feature order (no model has two of a kind).
 */
import type { DeviceDefinition, OutputType } from '../src/devices/features.ts';
import type { Hardware } from '../src/hardware/types.ts';
import { deviceError, describeError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import type { HardwareCommand, ProtocolHandler } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'sensee-v2';

export interface SenseeV2Options {
  /** Model-data read timeout (reference: 500 ms). */
  readonly modelReadTimeoutMs: number;
}

export const SENSEE_V2_DEFAULTS: SenseeV2Options = { modelReadTimeoutMs: 500 };

const MODEL_READ_LENGTH = 128;
const DEVICE_TYPE_OFFSET = 6;
const DEFAULT_DEVICE_TYPE = 0x65;
const MOTOR_CONTROL = 0xf1;

/** Group ids in packet order. */
const GROUPS: readonly { readonly output: OutputType; readonly id: number }[] = [
  { output: 'Vibrate', id: 0x00 },
  { output: 'Oscillate', id: 0x01 },
  { output: 'Constrict', id: 0x02 },
];

export function senseeDeviceType(modelData: ArrayLike<number>): number {
  const byte = modelData.length > DEVICE_TYPE_OFFSET ? modelData[DEVICE_TYPE_OFFSET] : 0;
  return byte === 0 ? DEFAULT_DEVICE_TYPE : byte;
}

/** Start code, version 2, packet number 0, length, device type, function, payload, an unused 2-byte CRC. */
export function senseeV2Frame(deviceType: number, payload: readonly number[]): Uint8Array {
  const length = toByte(NAME, 4 + payload.length, 'length');
  return Uint8Array.from([0x55, 0xaa, 0xf0, 0x02, 0x00, length, deviceType, MOTOR_CONTROL, ...payload, 0x00, 0x00]);
}

interface Group {
  readonly id: number;
  /** Feature index → speed, in feature order. */
  readonly speeds: Map<number, number>;
}

function groupsOf(definition: DeviceDefinition): Map<OutputType, Group> {
  const groups = new Map<OutputType, Group>();
  for (const { output, id } of GROUPS) {
    const features = definition.features.filter((feature) => feature.outputs[output] !== undefined);
    if (features.length > 0) groups.set(output, { id, speeds: new Map(features.map((feature) => [feature.index, 0])) });
  }
  return groups;
}

/** Group count, then per group: id, motor count, and (motor number from 1, speed) per motor. */
function motorPayload(groups: Iterable<Group>): number[] {
  const list = [...groups];
  const payload = [list.length];
  for (const group of list) {
    payload.push(group.id, group.speeds.size);
    [...group.speeds.values()].forEach((speed, i) => payload.push(i + 1, toByte(NAME, speed)));
  }
  return payload;
}

function createSenseeV2Handler(deviceType: number, definition: DeviceDefinition): ProtocolHandler {
  const groups = groupsOf(definition);
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      const group = groups.get(command.output);
      if (!group?.speeds.has(command.featureIndex)) throw unsupportedOutput(NAME, command);
      group.speeds.set(command.featureIndex, command.value);
      const data = senseeV2Frame(deviceType, motorPayload(groups.values()));
      return [{ kind: 'write', endpoint: 'tx', data, withResponse: false, commandId: `${NAME}:device` }];
    },
  };
}

async function readDeviceType(hardware: Hardware, timeoutMs: number): Promise<number> {
  let modelData: Uint8Array;
  try {
    modelData = await hardware.read('tx', MODEL_READ_LENGTH, timeoutMs);
  } catch (error) {
    const reason = describeError(error);
    throw deviceError(`${NAME}: ${hardware.name} did not answer the model-data read on tx: ${reason}`);
  }
  return senseeDeviceType(modelData);
}

export function createSenseeV2Protocol(options: Partial<SenseeV2Options> = {}) {
  const { modelReadTimeoutMs } = { ...SENSEE_V2_DEFAULTS, ...options };
  return defineProtocol({
    name: NAME,
    async initialize({ hardware, definition }) {
      const deviceType = await readDeviceType(hardware, modelReadTimeoutMs);
      return createSenseeV2Handler(deviceType, definition);
    },
  });
}

export const protocol = createSenseeV2Protocol();
