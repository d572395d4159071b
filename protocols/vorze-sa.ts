/**
 * Vorze SA: one protocol, five packet shapes chosen by the configuration's protocol_variant. Each
 * packet starts with a device-type byte; for the single-motor variants the advertised name tells
 * which device it is. Layouts from the reference vorze_sa implementation.
 */
import type { DeviceDefinition } from '../src/devices/features.ts';
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import { createPacketHandler, type PacketTableRow } from './kit/packet-table.ts';
import { createStrokeHandler } from './kit/stroke-handler.ts';
import type { ProtocolHandler } from './kit/types.ts';

const NAME = 'vorze-sa';

export const VORZE_DEVICE = { cyclone: 1, ufo: 2, piston: 3, ufoTw: 5, bach: 6, rocket: 7, omorfi: 9 } as const;
const ACTION_ROTATE = 1;
const ACTION_VIBRATE = 3;

function singleMotorRow(deviceType: number, action: number, output: 'Rotate' | 'Vibrate'): PacketTableRow {
  return {
    outputs: [output],
    endpoint: 'tx',
    withResponse: true,
    scope: { kind: 'feature' },
    layout: { header: [deviceType, action], perValue: [output === 'Rotate' ? 'signMagnitude' : 'value'], footer: [] },
  };
}

const DUAL_ROTATOR: PacketTableRow = {
  outputs: ['Rotate'],
  endpoint: 'tx',
  withResponse: true,
  scope: { kind: 'device', commandId: 'vorze-sa:dual-rotator', slots: 2 },
  layout: { header: [VORZE_DEVICE.ufoTw], perValue: ['signMagnitude'], footer: [] },
};

const DUAL_VIBRATOR: PacketTableRow = {
  outputs: ['Vibrate'],
  endpoint: 'tx',
  withResponse: true,
  scope: { kind: 'device', commandId: 'vorze-sa:dual-vibrator', slots: 2 },
  layout: { header: [VORZE_DEVICE.omorfi], perValue: ['value'], footer: [] },
};

/**
 * Piston speed (0–100) for a move of `distance` position steps (0–200 scale) in `durationMs`:
 * the duration is scaled to a full-length move, then mapped through the device's speed curve.
 */
export function vorzePistonSpeed(distance: number, durationMs: number): number {
  if (distance <= 0) return 100;
  const clampedDistance = Math.min(distance, 200);
  const fullLengthDuration = (200 * durationMs) / clampedDistance;
  const speed = Math.pow(fullLengthDuration / 6658, -1.21);
  return Math.trunc(Math.min(100, Math.max(0, speed)));
}

function createPistonHandler(): ProtocolHandler {
  return createStrokeHandler(NAME, {
    encode: (from, to, durationMs) => Uint8Array.of(VORZE_DEVICE.piston, to, vorzePistonSpeed(Math.abs(from - to), durationMs)),
    withResponse: true,
  });
}

function notImplemented(hardwareName: string): Error {
  return deviceError(`${NAME}: no implementation for Vorze device "${hardwareName}"`);
}

/** The packet handler for a definition's variant; the hardware name picks the device-type byte. */
export function createVorzeHandler(definition: DeviceDefinition, hardwareName: string): ProtocolHandler {
  const name = hardwareName.toLowerCase();
  const table = (row: PacketTableRow) => createPacketHandler(NAME, row, definition);
  switch (definition.protocolVariant) {
    case 'vorze-sa-single-rotator':
      if (name.includes('cycsa')) return table(singleMotorRow(VORZE_DEVICE.cyclone, ACTION_ROTATE, 'Rotate'));
      if (name.includes('ufo')) return table(singleMotorRow(VORZE_DEVICE.ufo, ACTION_ROTATE, 'Rotate'));
      throw notImplemented(hardwareName);
    case 'vorze-sa-single-vibrator':
      if (name.includes('bach')) return table(singleMotorRow(VORZE_DEVICE.bach, ACTION_VIBRATE, 'Vibrate'));
      if (name.includes('rocket')) return table(singleMotorRow(VORZE_DEVICE.rocket, ACTION_VIBRATE, 'Vibrate'));
      throw notImplemented(hardwareName);
    case 'vorze-sa-dual-rotator':
      return table(DUAL_ROTATOR);
    case 'vorze-sa-dual-vibrator':
      if (name.includes('omor')) return table(DUAL_VIBRATOR);
      throw notImplemented(hardwareName);
    case 'vorze-sa-piston':
      return createPistonHandler();
    default:
      throw notImplemented(hardwareName);
  }
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ hardware, definition }) {
    return createVorzeHandler(definition, hardware.name);
  },
});
