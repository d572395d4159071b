/**
 * Device and feature lookups shared by the command converters, with error messages that name
 * the device index, its name and the feature, so a developer sees at once what was wrong.
 */
import type { DeviceInfo, FeatureDefinition } from '../../devices/features.ts';
import type { ButtplugError } from '../../errors.ts';
import { deviceError } from '../../errors.ts';

/** "device 0 (Lovense Edge)". */
export function deviceLabel(device: DeviceInfo): string {
  return `device ${device.index} (${device.name})`;
}

/** "feature 1 of device 0 (Lovense Edge)". */
export function featureLabel(device: DeviceInfo, featureIndex: number): string {
  return `feature ${featureIndex} of ${deviceLabel(device)}`;
}

export function findDevice(
  devices: ReadonlyMap<number, DeviceInfo>,
  deviceIndex: number,
): DeviceInfo | ButtplugError {
  return devices.get(deviceIndex) ?? deviceError(`device ${deviceIndex} is not connected`);
}

/** A feature clients can address: one with outputs or inputs (the v4 list leaves the others out). */
export function findFeature(device: DeviceInfo, featureIndex: number): FeatureDefinition | ButtplugError {
  const feature = device.features.find(
    (candidate) =>
      candidate.index === featureIndex &&
      (Object.keys(candidate.outputs).length > 0 || Object.keys(candidate.inputs).length > 0),
  );
  return feature ?? deviceError(`${deviceLabel(device)} has no feature ${featureIndex}`);
}
