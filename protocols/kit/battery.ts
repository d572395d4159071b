/**
 * The default battery reader: devices exposing the standard BLE battery characteristic
 * (`rxblebattery`) report their level as one byte, whatever their protocol.
 */
import type { InputType } from '../../src/devices/features.ts';
import type { Hardware } from '../../src/hardware/types.ts';
import { deviceError } from '../../src/errors.ts';
import { plainHandler } from './handler-object.ts';
import type { ProtocolHandler } from './types.ts';

export const BLE_BATTERY_ENDPOINT = 'rxblebattery';

/**
 * The reference passes no timeout to this read (0 = transport default); a bounded default keeps
 * a silent device from stalling the client that asked.
 */
export const DEFAULT_BLE_BATTERY_TIMEOUT_MS = 1000;

export function hasBleBattery(hardware: Hardware): boolean {
  return hardware.endpoints.includes(BLE_BATTERY_ENDPOINT);
}

/** Reads one byte from `rxblebattery`: the level in percent. */
export async function readBleBattery(hardware: Hardware, timeoutMs = DEFAULT_BLE_BATTERY_TIMEOUT_MS): Promise<number> {
  if (!hasBleBattery(hardware)) {
    throw deviceError(`${hardware.name}: no ${BLE_BATTERY_ENDPOINT} endpoint to read the battery from`);
  }
  const data = await hardware.read(BLE_BATTERY_ENDPOINT, 1, timeoutMs);
  if (data.length === 0) {
    throw deviceError(`${hardware.name}: the battery read returned no data`);
  }
  return data[0];
}

/** Gives a handler the BLE battery reader when it has none and the hardware has the endpoint. */
export function withDefaultBattery(handler: ProtocolHandler, hardware: Hardware): ProtocolHandler {
  if (handler.readInput || !hasBleBattery(hardware)) return handler;
  return {
    ...plainHandler(handler),
    readInput: async (target: Hardware, _featureIndex: number, input: InputType) => {
      if (input !== 'Battery') {
        throw deviceError(`${target.name}: reading ${input} is not supported`);
      }
      return readBleBattery(target);
    },
  };
}
