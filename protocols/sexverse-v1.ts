/**
 * Sexverse v1 (Rex, Cali, Olis, …): one packet on tx for the whole device, listing every motor
 * as `80|number, type, speed` (type 03 vibrate, 04 pump/oscillate, 06 rotate), closed by the XOR
 * of all bytes (reference: sexverse_v1).
 */
import type { DeviceDefinition, OutputType } from '../src/devices/features.ts';
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import type { HardwareCommand, ProtocolHandler } from './kit/types.ts';
import { toByte } from './kit/values.ts';

const NAME = 'sexverse-v1';

const MOTOR_TYPE: Partial<Record<OutputType, number>> = { Vibrate: 0x03, Oscillate: 0x04, Constrict: 0x04, Rotate: 0x06 };

interface Motor {
  readonly featureIndex: number;
  readonly type: number;
  speed: number;
}

/** One motor per output of each feature, in feature order. */
function motorsOf(definition: DeviceDefinition): Motor[] {
  return definition.features.flatMap((feature) =>
    Object.keys(feature.outputs).flatMap((output) => {
      const type = MOTOR_TYPE[output as OutputType];
      return type === undefined ? [] : [{ featureIndex: feature.index, type, speed: 0 }];
    }),
  );
}

export function xorChecksum(bytes: readonly number[]): number {
  return bytes.reduce((sum, byte) => sum ^ byte, 0);
}

export function sexverseV1Packet(motors: readonly { readonly type: number; readonly speed: number }[]): Uint8Array {
  const bytes = [0x23, 0x07, toByte(NAME, motors.length * 3, 'length')];
  motors.forEach((motor, i) => bytes.push(0x80 | (i + 1), motor.type, toByte(NAME, motor.speed)));
  return Uint8Array.from([...bytes, xorChecksum(bytes)]);
}

function createSexverseV1Handler(definition: DeviceDefinition): ProtocolHandler {
  const motors = motorsOf(definition);
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      const motor = motors.find((m) => m.featureIndex === command.featureIndex && MOTOR_TYPE[command.output] === m.type);
      if (!motor) throw deviceError(`${NAME}: feature ${command.featureIndex} has no ${command.output} motor`);
      // The packet has no direction; the reference would send a counter-clockwise speed as its two's complement.
      motor.speed = Math.abs(command.value);
      const data = sexverseV1Packet(motors);
      return [{ kind: 'write', endpoint: 'tx', data, withResponse: false, commandId: `${NAME}:device` }];
    },
  };
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ definition }) {
    return createSexverseV1Handler(definition);
  },
});
