/**
 * Device descriptions in each spec version's shape (protocol §4.2–§4.8): DeviceList entries,
 * DeviceAdded and DeviceRemoved. Key order follows the reference's worked examples.
 */
import type { DeviceInfo, FeatureDefinition } from '../../devices/features.ts';
import { INPUT_TYPES, OUTPUT_TYPES } from '../../devices/features.ts';
import { advertisedRange } from '../../devices/ranges.ts';
import type {
  ActuatorAttributeV3,
  DeviceAdded,
  DeviceEntryLegacy,
  DeviceEntryV4,
  DeviceList,
  DeviceMessagesV0,
  DeviceMessagesV1,
  DeviceMessagesV2,
  DeviceMessagesV3,
  DeviceRemoved,
  FeatureEntryV4,
  SpecVersion,
} from '../types.ts';
import type { ActuatorSlot, LegacyAttributes } from './legacy-attributes.ts';
import { legacyAttributes } from './legacy-attributes.ts';

export type LegacySpecVersion = Exclude<SpecVersion, 4>;

/**
 * Appended to DeviceName for the v2/v3 clients that see Raw*Cmd attributes, as bp7 did, so the
 * person using the app can tell that raw access (which can reprogram a device) is switched on.
 * v0, v1 and v4 have no raw messages and keep the plain name.
 */
export const RAW_NAME_SUFFIX = ' (Raw Messages Allowed)';

/** v2/v3 Raw*Cmd attributes; the schema wants at least one endpoint, so none means no entries. */
function rawAttributes(attributes: LegacyAttributes, version: 2 | 3) {
  if (attributes.rawEndpoints.length === 0) return {};
  const endpoints = () => ({ Endpoints: [...attributes.rawEndpoints] });
  return {
    RawReadCmd: endpoints(),
    RawWriteCmd: endpoints(),
    RawSubscribeCmd: endpoints(),
    // The v3 schema has no RawUnsubscribeCmd attribute (protocol §3.9); the message itself still works.
    ...(version === 2 ? { RawUnsubscribeCmd: endpoints() } : {}),
  };
}

// ---------------------------------------------------------------- v4

function describeFeatureV4(feature: FeatureDefinition): FeatureEntryV4 | undefined {
  const hasOutputs = Object.keys(feature.outputs).length > 0;
  const hasInputs = Object.keys(feature.inputs).length > 0;
  if (!hasOutputs && !hasInputs) return undefined;

  const entry: FeatureEntryV4 = { FeatureIndex: feature.index, FeatureDescription: feature.description };
  if (hasOutputs) {
    const outputs: NonNullable<FeatureEntryV4['Output']> = {};
    for (const type of OUTPUT_TYPES) {
      const spec = feature.outputs[type];
      if (spec === undefined || spec.disabled === true) continue;
      const [min, max] = advertisedRange(spec);
      outputs[type] =
        type === 'HwPositionWithDuration'
          ? { Value: [min, max], Duration: [0, spec.duration?.[1] ?? 0] }
          : { Value: [min, max] };
    }
    entry.Output = outputs;
  }
  if (hasInputs) {
    const inputs: NonNullable<FeatureEntryV4['Input']> = {};
    for (const type of INPUT_TYPES) {
      const spec = feature.inputs[type];
      if (spec === undefined) continue;
      inputs[type] = {
        Value: spec.value.map(([min, max]): [number, number] => [min, max]),
        Command: [...spec.commands],
      };
    }
    entry.Input = inputs;
  }
  return entry;
}

function describeDeviceV4(device: DeviceInfo): DeviceEntryV4 {
  const features: Record<string, FeatureEntryV4> = {};
  for (const feature of device.features) {
    const entry = describeFeatureV4(feature);
    if (entry) features[String(feature.index)] = entry;
  }
  return {
    DeviceIndex: device.index,
    DeviceName: device.name,
    ...(hasDisplayName(device) ? { DeviceDisplayName: device.displayName } : {}),
    DeviceMessageTimingGap: device.messageTimingGap,
    DeviceFeatures: features,
  };
}

// ---------------------------------------------------------------- v0–v3

function actuatorV3(slot: ActuatorSlot, actuatorType: string): ActuatorAttributeV3 {
  return { FeatureDescriptor: slot.description, ActuatorType: actuatorType, StepCount: slot.steps };
}

function messagesV3(attributes: LegacyAttributes): DeviceMessagesV3 {
  const { scalar, rotate, linear, batteries } = attributes;
  return {
    ...(scalar.length > 0 ? { ScalarCmd: scalar.map((slot) => actuatorV3(slot, slot.output)) } : {}),
    ...(rotate.length > 0 ? { RotateCmd: rotate.map((slot) => actuatorV3(slot, 'Rotate')) } : {}),
    // The reference names linear actuators "Position" in v3.
    ...(linear.length > 0 ? { LinearCmd: linear.map((slot) => actuatorV3(slot, 'Position')) } : {}),
    ...(batteries.length > 0
      ? {
          SensorReadCmd: batteries.map((battery) => ({
            FeatureDescriptor: battery.description,
            SensorType: 'Battery',
            SensorRange: battery.spec.value.map(([min, max]): [number, number] => [min, max]),
          })),
        }
      : {}),
    ...rawAttributes(attributes, 3),
    StopDeviceCmd: {},
  };
}

function genericV2(slots: readonly ActuatorSlot[]) {
  return { FeatureCount: slots.length, StepCount: slots.map((slot) => slot.steps) };
}

function messagesV2(attributes: LegacyAttributes): DeviceMessagesV2 {
  const { vibrators, rotate, linear, batteries } = attributes;
  return {
    ...(vibrators.length > 0 ? { VibrateCmd: genericV2(vibrators) } : {}),
    ...(rotate.length > 0 ? { RotateCmd: genericV2(rotate) } : {}),
    ...(linear.length > 0 ? { LinearCmd: genericV2(linear) } : {}),
    ...(batteries.length > 0 ? { BatteryLevelCmd: {} } : {}),
    ...rawAttributes(attributes, 2),
    StopDeviceCmd: {},
  };
}

function messagesV1(attributes: LegacyAttributes): DeviceMessagesV1 {
  const { vibrators, rotate, linear } = attributes;
  return {
    ...(vibrators.length > 0 ? { VibrateCmd: { FeatureCount: vibrators.length } } : {}),
    ...(rotate.length > 0 ? { RotateCmd: { FeatureCount: rotate.length } } : {}),
    ...(linear.length > 0 ? { LinearCmd: { FeatureCount: linear.length } } : {}),
    StopDeviceCmd: {},
    ...(vibrators.length > 0 ? { SingleMotorVibrateCmd: {} } : {}),
  };
}

function messagesV0(attributes: LegacyAttributes): DeviceMessagesV0 {
  const names = ['StopDeviceCmd'];
  if (attributes.vibrators.length > 0) names.push('SingleMotorVibrateCmd');
  return names.sort();
}

function describeDeviceLegacy(device: DeviceInfo, version: LegacySpecVersion): DeviceEntryLegacy {
  const attributes = legacyAttributes(device);
  const head = { DeviceIndex: device.index, DeviceName: device.name };
  const rawHead = attributes.rawEndpoints.length > 0 ? { ...head, DeviceName: device.name + RAW_NAME_SUFFIX } : head;
  switch (version) {
    case 3:
      return {
        ...rawHead,
        ...(hasDisplayName(device) ? { DeviceDisplayName: device.displayName } : {}),
        DeviceMessageTimingGap: device.messageTimingGap,
        DeviceMessages: messagesV3(attributes),
      };
    case 2:
      return { ...rawHead, DeviceMessages: messagesV2(attributes) };
    case 1:
      return { ...head, DeviceMessages: messagesV1(attributes) };
    case 0:
      return { ...head, DeviceMessages: messagesV0(attributes) };
  }
}

function hasDisplayName(device: DeviceInfo): device is DeviceInfo & { displayName: string } {
  return device.displayName !== undefined && device.displayName !== '';
}

// ---------------------------------------------------------------- public API

/** One device as the given spec version describes it (a DeviceList entry). Devices are never hidden. */
export function describeDevice(device: DeviceInfo, version: 4): DeviceEntryV4;
export function describeDevice(device: DeviceInfo, version: LegacySpecVersion): DeviceEntryLegacy;
export function describeDevice(device: DeviceInfo, version: SpecVersion): DeviceEntryLegacy | DeviceEntryV4;
export function describeDevice(device: DeviceInfo, version: SpecVersion): DeviceEntryLegacy | DeviceEntryV4 {
  return version === 4 ? describeDeviceV4(device) : describeDeviceLegacy(device, version);
}

/** DeviceList for a reply (id = request Id) or, in v4, a device-change event (id 0). Ordered by device index. */
export function deviceListMessage(devices: readonly DeviceInfo[], version: SpecVersion, id: number): DeviceList {
  const sorted = [...devices].sort((a, b) => a.index - b.index);
  if (version === 4) {
    const entries: Record<string, DeviceEntryV4> = {};
    for (const device of sorted) entries[String(device.index)] = describeDeviceV4(device);
    return { type: 'DeviceList', Id: id, Devices: entries };
  }
  return { type: 'DeviceList', Id: id, Devices: sorted.map((device) => describeDeviceLegacy(device, version)) };
}

/** DeviceAdded event (v0–v3; v4 clients get a DeviceList event instead). */
export function deviceAddedMessage(device: DeviceInfo, version: LegacySpecVersion): DeviceAdded {
  return { type: 'DeviceAdded', Id: 0, ...describeDeviceLegacy(device, version) };
}

/** DeviceRemoved event (v0–v3). */
export function deviceRemovedMessage(index: number): DeviceRemoved {
  return { type: 'DeviceRemoved', Id: 0, DeviceIndex: index };
}
