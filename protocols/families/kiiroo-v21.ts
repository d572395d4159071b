/**
 * Kiiroo v2.1 (Pearl 2.1, Titan 1.1, Onyx 2.1, Keon, OhMiBod …): `01 <speed>` vibrates,
 * `03 00 <speed> <position>` strokes with the speed from the Fleshlight Launch model (as the Kiiroo
 * v2 Launch). Shared by kiiroo-v21, kiiroo-v21-initialized and kiiroo-v3 (reference: kiiroo_v21,
 * kiiroo_v21_initialized, kiiroo_v3).
 */
import type { InputType } from '../../src/devices/features.ts';
import type { Hardware } from '../../src/hardware/types.ts';
import { deviceError } from '../../src/errors.ts';
import { kiirooV2SpeedByte } from '../kiiroo-v2.ts';
import { DEFAULT_BLE_BATTERY_TIMEOUT_MS } from '../kit/battery.ts';
import { createStrokeHandler } from '../kit/stroke-handler.ts';
import type { HardwareCommand, HardwareOutput, ProtocolHandler } from '../kit/types.ts';
import { toByte } from '../kit/values.ts';

const VIBRATE = 0x01;
const STROKE = 0x03;

/** The Pearl 2.1 reports its battery as byte 5 of a 20-byte read from the whitelist characteristic. */
const WHITELIST_READ_LENGTH = 20;
const WHITELIST_BATTERY_BYTE = 5;

export function kiirooV21VibratePacket(protocol: string, speed: number): Uint8Array {
  return Uint8Array.of(VIBRATE, toByte(protocol, speed));
}

export function kiirooV21StrokePacket(from: number, to: number, durationMs: number): Uint8Array {
  return Uint8Array.of(STROKE, 0x00, kiirooV2SpeedByte(from, to, durationMs), to);
}

/** The battery level from the whitelist read; any other length means a device we do not know. */
export async function readKiirooV21Battery(protocol: string, hardware: Hardware, input: InputType): Promise<number> {
  if (input !== 'Battery') throw deviceError(`${protocol}: reading ${input} is not supported`);
  if (!hardware.endpoints.includes('whitelist')) {
    throw deviceError(`${protocol}: ${hardware.name} has no whitelist endpoint to read the battery from`);
  }
  const data = await hardware.read('whitelist', WHITELIST_READ_LENGTH, DEFAULT_BLE_BATTERY_TIMEOUT_MS);
  if (data.length !== WHITELIST_READ_LENGTH) {
    throw deviceError(`${protocol}: the battery read returned ${data.length} bytes, expected ${WHITELIST_READ_LENGTH}`);
  }
  return data[WHITELIST_BATTERY_BYTE];
}

export interface KiirooV21Options {
  /** Read the battery from the whitelist characteristic (kiiroo-v21 and kiiroo-v3, not -initialized). */
  readonly whitelistBattery: boolean;
}

export function createKiirooV21Handler(protocol: string, { whitelistBattery }: KiirooV21Options): ProtocolHandler {
  const stroker = createStrokeHandler(protocol, { encode: kiirooV21StrokePacket, withResponse: false });
  const handler: ProtocolHandler = {
    keepalive: { kind: 'none' },
    output(command: HardwareOutput): HardwareCommand[] {
      if (command.output !== 'Vibrate') return stroker.output(command);
      const data = kiirooV21VibratePacket(protocol, command.value);
      return [{ kind: 'write', endpoint: 'tx', data, withResponse: false, commandId: command.featureId }];
    },
  };
  if (!whitelistBattery) return handler;
  return { ...handler, readInput: (hardware, _featureIndex, input) => readKiirooV21Battery(protocol, hardware, input) };
}
