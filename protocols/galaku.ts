/**
 * Galaku: scrambled packets on tx (see families/galaku.ts). Single-motor toys send their speed
 * alone (command 0x31); two-motor toys send both speeds in one packet (command 0x40); the
 * "AC695X_1(BLE)" pump takes a plain 16-byte packet instead. The battery level is asked for
 * with a packet and comes back as an rxblebattery notification (reference: galaku).
 *
 * The reference routes only Vibrate, Oscillate and Constrict; the Rhino Prostate Massager's
 * Rotate motor (config G339) would be refused there. Here it drives its motor slot like the others.
 */
import type { DeviceDefinition, OutputType } from '../src/devices/features.ts';
import { deviceError } from '../src/errors.ts';
import { galakuPacket, readGalakuBattery } from './families/galaku.ts';
import { defineProtocol } from './kit/define.ts';
import { createSlotValues } from './kit/slot-values.ts';
import type { HardwareCommand, ProtocolHandler } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'galaku';
const DEVICE_COMMAND_ID = 'galaku:device';
const PUMP_NAME = 'AC695X_1(BLE)';
const SPEED_OUTPUTS: readonly OutputType[] = ['Vibrate', 'Oscillate', 'Constrict', 'Rotate'];

/** The unscrambled 16-byte packet of the AC695X pump. */
export function galakuPumpPacket(speed: number): Uint8Array {
  const packet = new Uint8Array(16);
  packet.set([0xaa, 0x01, 0x0a, 0x03, speed, speed === 0 ? 0 : 1]);
  return packet;
}

export function galakuSinglePacket(speed: number): Uint8Array {
  return galakuPacket([0x5a, 0x00, 0x00, 0x01, 0x31, speed, 0x00, 0x00, 0x00, 0x00]);
}

export function galakuDualPacket(first: number, second: number): Uint8Array {
  return galakuPacket([0x5a, 0x00, 0x00, 0x01, 0x40, 0x03, first, second, 0x00, 0x00]);
}

function outputFeatureCount(definition: DeviceDefinition): number {
  return definition.features.filter((feature) => Object.keys(feature.outputs).length > 0).length;
}

function write(data: Uint8Array, commandId: string): HardwareCommand[] {
  return [{ kind: 'write', endpoint: 'tx', data, withResponse: false, commandId }];
}

function createGalakuHandler(definition: DeviceDefinition, hardwareName: string): ProtocolHandler {
  const single = outputFeatureCount(definition) === 1;
  const slots = createSlotValues(NAME, definition, SPEED_OUTPUTS, 2);
  return {
    keepalive: { kind: 'none' },
    readInput: async (hardware, _featureIndex, input) => {
      if (input !== 'Battery') throw deviceError(`${NAME}: reading ${input} is not supported`);
      return readGalakuBattery(hardware);
    },
    output(command): HardwareCommand[] {
      if (!single) {
        const [first, second] = slots.update(command);
        return write(galakuDualPacket(first, second), DEVICE_COMMAND_ID);
      }
      if (!SPEED_OUTPUTS.includes(command.output)) throw unsupportedOutput(NAME, command);
      const speed = toByte(NAME, command.value);
      const data = hardwareName === PUMP_NAME ? galakuPumpPacket(speed) : galakuSinglePacket(speed);
      return write(data, command.featureId);
    },
  };
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ hardware, definition }) {
    return createGalakuHandler(definition, hardware.name);
  },
});
