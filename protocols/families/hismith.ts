/**
 * Hismith: both generations read their model number from rxblemodel and write 4-byte packets
 * `[header, slot, value, slot + value]` on tx. The legacy generation (header 0xAA) covers the
 * models listed below; every other model number is a "mini" (header 0xCC) and is configured
 * from the hismith-mini protocol. Built from the reference hismith and hismith_mini implementations.
 */
import type { DeviceDefinition, OutputType } from '../../src/devices/features.ts';
import type { Hardware } from '../../src/hardware/types.ts';
import { deviceError, describeError } from '../../src/errors.ts';
import type { HardwareCommand, HardwareOutput, ProtocolHandler } from '../kit/types.ts';
import { toByte, unsupportedOutput } from '../kit/values.ts';

export const HISMITH_MINI = 'hismith-mini';
export const LEGACY_HISMITH_MODELS: readonly string[] = ['1001', '1002', '1003', '3001', '2001', '1006'];

const MODEL_READ_LENGTH = 128;
/** The reference's model read timeout. */
export const HISMITH_MODEL_TIMEOUT_MS = 500;

/** The model number as lowercase hex, two digits per byte ([0x10, 0x05] → "1005"). */
export function hismithModel(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function readHismithModel(protocol: string, hardware: Hardware, timeoutMs = HISMITH_MODEL_TIMEOUT_MS): Promise<string> {
  try {
    return hismithModel(await hardware.read('rxblemodel', MODEL_READ_LENGTH, timeoutMs));
  } catch (error) {
    const reason = describeError(error);
    throw deviceError(`${protocol}: ${hardware.name} did not report its model number (${reason})`);
  }
}

export function isLegacyHismith(model: string | undefined): boolean {
  return model !== undefined && LEGACY_HISMITH_MODELS.includes(model);
}

const LEGACY_HEADER = 0xaa;
const MINI_HEADER = 0xcc;

function packet(header: number, slot: number, value: number): Uint8Array {
  return Uint8Array.of(header, slot, value, (slot + value) & 0xff);
}

function write(data: Uint8Array, commandId: string): HardwareCommand {
  return { kind: 'write', endpoint: 'tx', data, withResponse: false, commandId };
}

/**
 * Legacy: the machine (Oscillate) and a first vibrator use slot 4; a vibrator on feature 1
 * (the thrusting cup's) uses slot 6 and is switched off with 0xF0, not 0.
 */
export function createLegacyHismithHandler(protocol: string): ProtocolHandler {
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      const value = toByte(protocol, command.value);
      if (command.output === 'Oscillate') return [write(packet(LEGACY_HEADER, 0x04, value), command.featureId)];
      if (command.output !== 'Vibrate') throw unsupportedOutput(protocol, command);
      if (command.featureIndex === 0) return [write(packet(LEGACY_HEADER, 0x04, value), command.featureId)];
      return [write(packet(LEGACY_HEADER, 0x06, value === 0 ? 0xf0 : value), command.featureId)];
    },
  };
}

const DIRECTION_COMMAND_ID = 'hismith-mini:rotate-direction';
const SPRAY_PACKET = Uint8Array.of(MINI_HEADER, 0x0b, 0x01, 0x0c);

function featuresWith(definition: DeviceDefinition, output: OutputType) {
  return definition.features.filter((feature) => feature.outputs[output] !== undefined);
}

/**
 * Mini: slot 3 is the machine (and the first of two vibrators), slot 5 the other motor. Rotation
 * writes the speed on slot 3, then the direction on slot 1 (0xC0 clockwise, 0xC1 counter).
 * Spray fires once for any level above 0.
 */
export function createMiniHismithHandler(protocol: string, definition: DeviceDefinition): ProtocolHandler {
  const dualVibrator = featuresWith(definition, 'Vibrate').length >= 2;
  const constrictOnSecond = featuresWith(definition, 'Constrict')[0]?.index === 1;
  const slotFor = (command: HardwareOutput): number => {
    switch (command.output) {
      case 'Oscillate':
        return 0x03;
      case 'Vibrate':
        return !dualVibrator || command.featureIndex === 1 ? 0x05 : 0x03;
      case 'Constrict':
        return constrictOnSecond ? 0x05 : 0x03;
      default:
        throw unsupportedOutput(protocol, command);
    }
  };
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      // The reference fires the spray for any level, so its stop (level 0) sprays too; here 0 sends nothing.
      if (command.output === 'Spray') return command.value === 0 ? [] : [write(SPRAY_PACKET, command.featureId)];
      if (command.output === 'Rotate') {
        const speed = toByte(protocol, Math.abs(command.value));
        const clockwise = command.value >= 0;
        return [
          write(packet(MINI_HEADER, 0x03, speed), command.featureId),
          write(Uint8Array.of(MINI_HEADER, 0x01, clockwise ? 0xc0 : 0xc1, clockwise ? 0xc1 : 0xc2), DIRECTION_COMMAND_ID),
        ];
      }
      const slot = slotFor(command);
      return [write(packet(MINI_HEADER, slot, toByte(protocol, command.value)), command.featureId)];
    },
  };
}
