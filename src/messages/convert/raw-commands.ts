/**
 * Spec v2/v3 Raw*Cmd → the internal raw request (protocol §3.9). Raw messages exist only when the
 * server owner turned them on (`allowRaw`, the daemon's --allow-raw); each names one endpoint the
 * device's description listed.
 */
import type { DeviceInfo } from '../../devices/features.ts';
import type { DeviceRequest, RawCommand } from '../../devices/commands.ts';
import { ButtplugError, deviceError, messageError } from '../../errors.ts';
import type { RawReadCmd, RawSubscribeCmd, RawUnsubscribeCmd, RawWriteCmd, SpecVersion } from '../types.ts';
import { deviceLabel, findDevice } from './lookup.ts';

export type RawMessage = RawWriteCmd | RawReadCmd | RawSubscribeCmd | RawUnsubscribeCmd;

/** How long a RawReadCmd waits for the device when it names no Timeout. */
export const DEFAULT_RAW_READ_TIMEOUT_MS = 500;
/** Longer waits are refused: a read that hangs for minutes only hides a mistake. */
export const MAX_RAW_READ_TIMEOUT_MS = 30_000;

export const RAW_NOT_ALLOWED = 'raw messages are not allowed on this server; start it with --allow-raw';

function rawCommand(message: RawMessage): RawCommand | ButtplugError {
  switch (message.type) {
    case 'RawWriteCmd':
      return { operation: 'write', endpoint: message.Endpoint, data: [...message.Data], withResponse: message.WriteWithResponse };
    case 'RawReadCmd': {
      // The sources disagree on the field names (protocol §10 item 36): every spelling counts.
      const timeoutMs = message.Timeout ?? DEFAULT_RAW_READ_TIMEOUT_MS;
      if (timeoutMs > MAX_RAW_READ_TIMEOUT_MS) {
        return messageError(`RawReadCmd Timeout ${timeoutMs} ms is too long; the most this server waits is ${MAX_RAW_READ_TIMEOUT_MS} ms`);
      }
      return { operation: 'read', endpoint: message.Endpoint, length: message.ExpectedLength ?? message.Length ?? 0, timeoutMs };
    }
    case 'RawSubscribeCmd':
      return { operation: 'subscribe', endpoint: message.Endpoint };
    case 'RawUnsubscribeCmd':
      return { operation: 'unsubscribe', endpoint: message.Endpoint };
  }
}

/**
 * The raw request a Raw*Cmd asks for, or the error to answer it with. With raw messages off the
 * message itself is refused (ERROR_MSG) before any device check.
 */
export function convertRaw(
  message: RawMessage,
  version: SpecVersion,
  devices: ReadonlyMap<number, DeviceInfo>,
  allowRaw: boolean,
): DeviceRequest | ButtplugError {
  if (!allowRaw) return messageError(`${message.type} is not supported: ${RAW_NOT_ALLOWED}`);
  if (version !== 2 && version !== 3) return messageError(`${message.type} exists only in spec v2 and v3`);
  const device = findDevice(devices, message.DeviceIndex);
  if (device instanceof ButtplugError) return device;
  if (device.rawEndpoints === undefined) return deviceError(`${deviceLabel(device)}: ${RAW_NOT_ALLOWED}`);
  if (!device.rawEndpoints.includes(message.Endpoint)) {
    const offered = device.rawEndpoints.length > 0 ? device.rawEndpoints.join(', ') : 'none';
    return deviceError(`${deviceLabel(device)} has no endpoint "${message.Endpoint}" (its endpoints: ${offered})`);
  }
  const command = rawCommand(message);
  return command instanceof ButtplugError ? command : { kind: 'raw', deviceIndex: device.index, command };
}
