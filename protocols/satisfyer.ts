/**
 * Satisfyer: the model number (a big-endian u32, printed in decimal) selects the configuration.
 * It comes from the advertisement's manufacturer data, or else from the BLE model-number read.
 * Every output feature's speed goes in one packet, and the device must hear from us every 3 s.
 */
import type { ManufacturerData } from '../src/hardware/types.ts';
import { defineProtocol } from './kit/define.ts';
import { createPacketHandler, type PacketTableRow, sendInitWrites } from './kit/packet-table.ts';
import type { Protocol } from './kit/types.ts';

export interface SatisfyerOptions {
  /** Model-number read timeout (reference: 500 ms). */
  readonly modelReadTimeoutMs: number;
}

export const SATISFYER_DEFAULTS: SatisfyerOptions = { modelReadTimeoutMs: 500 };

const MODEL_READ_LENGTH = 128;

/** Exactly four bytes read as a big-endian u32 in decimal; any other length gives "0". */
export function satisfyerModelNumber(bytes: ArrayLike<number>): string {
  if (bytes.length !== 4) return '0';
  let value = 0;
  for (let i = 0; i < 4; i++) value = value * 256 + (bytes[i] & 0xff);
  return String(value);
}

/** The first manufacturer-data entry that carries data, as the reference does. */
function advertisedModel(manufacturerData: readonly ManufacturerData[]): string | undefined {
  const entry = manufacturerData.find((item) => item.data !== undefined);
  return entry?.data ? satisfyerModelNumber(entry.data) : undefined;
}

/** Each output feature's speed repeated four times; one packet for the whole device. */
export const SATISFYER_PACKET: PacketTableRow = {
  outputs: ['Vibrate'],
  endpoint: 'tx',
  withResponse: false,
  scope: { kind: 'device', commandId: 'satisfyer:device', slots: 'outputFeatures' },
  layout: { header: [], perValue: ['value', 'value', 'value', 'value'], footer: [] },
};

export function createSatisfyerProtocol(options: Partial<SatisfyerOptions> = {}): Protocol {
  const { modelReadTimeoutMs } = { ...SATISFYER_DEFAULTS, ...options };
  return defineProtocol({
    name: 'satisfyer',
    async identify({ hardware, candidate }) {
      if (candidate.specifier.kind === 'btle') {
        const fromAdvertisement = advertisedModel(candidate.specifier.manufacturerData);
        if (fromAdvertisement !== undefined) return fromAdvertisement;
      }
      const model = await hardware.read('rxblemodel', MODEL_READ_LENGTH, modelReadTimeoutMs);
      return satisfyerModelNumber(model);
    },
    async initialize({ hardware, definition }) {
      await sendInitWrites(hardware, [{ endpoint: 'command', data: [0x01], withResponse: true }]);
      return createPacketHandler('satisfyer', SATISFYER_PACKET, definition, { kind: 'repeatLastWrite', intervalMs: 3000 });
    },
  });
}

export const protocol = createSatisfyerProtocol();
