/**
 * Internal events → server messages in the client's spec version: input readings (protocol
 * §3.7, §3.8, §3.10) and device-list changes (§3.3).
 */
import type { DeviceInfo } from '../../devices/features.ts';
import type { InputReadingValue, RawReadingValue, ReadingReply } from '../../devices/commands.ts';
import { ErrorCode } from '../../errors.ts';
import type { ServerMessage, SpecVersion } from '../types.ts';
import { deviceAddedMessage, deviceListMessage, deviceRemovedMessage } from './describe.ts';

/** The spec version each reply shape exists in. */
const READING_VERSION: Record<ReadingReply['kind'], SpecVersion> = {
  InputReading: 4,
  SensorReading: 3,
  BatteryLevelReading: 2,
};

/** A reading shaped for the client that asked (id = request Id, or 0 for subscription data). */
export function readingMessage(
  reading: InputReadingValue,
  reply: ReadingReply,
  id: number,
  version: SpecVersion,
): ServerMessage {
  if (READING_VERSION[reply.kind] !== version) {
    return {
      type: 'Error',
      Id: id,
      ErrorCode: ErrorCode.Message,
      ErrorMessage: `a ${reply.kind} cannot be sent to a spec v${version} client`,
    };
  }
  switch (reply.kind) {
    case 'InputReading':
      return {
        type: 'InputReading',
        Id: id,
        DeviceIndex: reading.deviceIndex,
        FeatureIndex: reading.featureIndex,
        Reading: { [reading.input]: { Value: reading.value } },
      };
    case 'SensorReading':
      return {
        type: 'SensorReading',
        Id: id,
        DeviceIndex: reading.deviceIndex,
        SensorIndex: reply.sensorIndex,
        SensorType: reply.sensorType,
        Data: [Math.round(reading.value)],
      };
    case 'BatteryLevelReading':
      return {
        type: 'BatteryLevelReading',
        Id: id,
        DeviceIndex: reading.deviceIndex,
        // Percent → 0..1, clamped so a device reporting over 100 % still yields a valid message.
        BatteryLevel: Math.min(1, Math.max(0, reading.value / 100)),
      };
  }
}

/** Raw endpoint bytes for a spec v2/v3 client (id = RawReadCmd Id, or 0 for subscription data). */
export function rawReadingMessage(reading: RawReadingValue, id: number, version: SpecVersion): ServerMessage {
  if (version !== 2 && version !== 3) {
    return { type: 'Error', Id: id, ErrorCode: ErrorCode.Message, ErrorMessage: `a RawReading cannot be sent to a spec v${version} client` };
  }
  return { type: 'RawReading', Id: id, DeviceIndex: reading.deviceIndex, Endpoint: reading.endpoint, Data: [...reading.data] };
}

/**
 * What a client must be told after the connected devices changed. `known` is the index set the
 * client was last told about; the result's `known` replaces it. v4: one DeviceList event (Id 0)
 * carrying the full list whenever the set changed. v0–v3: one DeviceRemoved per device gone,
 * then one DeviceAdded per new device, so no change is missed (the reference sent one per diff).
 */
export function deviceListChanges(
  known: ReadonlySet<number>,
  devices: readonly DeviceInfo[],
  version: SpecVersion,
): { messages: ServerMessage[]; known: Set<number> } {
  const current = new Set(devices.map((device) => device.index));
  const removed = [...known].filter((index) => !current.has(index)).sort((a, b) => a - b);
  const added = devices.filter((device) => !known.has(device.index)).sort((a, b) => a.index - b.index);
  if (removed.length === 0 && added.length === 0) return { messages: [], known: current };
  if (version === 4) return { messages: [deviceListMessage(devices, 4, 0)], known: current };
  return {
    messages: [
      ...removed.map((index) => deviceRemovedMessage(index)),
      ...added.map((device) => deviceAddedMessage(device, version)),
    ],
    known: current,
  };
}
