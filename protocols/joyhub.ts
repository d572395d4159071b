/**
 * JoyHub: the four motor slots (vibrate, oscillate, rotate; slot = feature index) travel together
 * in one `a0 03 m0 m1 m2 m3 aa` packet on tx. Suction, heat, light and the lube pump have packets
 * of their own; the pump is switched off again one second after it was switched on
 * (reference: joyhub).
 */
import type { Hardware } from '../src/hardware/types.ts';
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import type { HardwareCommand, HardwareOutput, Protocol, ProtocolHandler } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'joyhub';
const MOTORS_COMMAND_ID = 'joyhub:motors';
const MOTOR_SLOTS = 4;

const MOTORS = 0x03;
const HEATER = 0x04;
/** Suction on the feature at index 4 (it has an on/off byte); other suction features use 0x0d. */
const SUCTION_SWITCHED = 0x07;
const SUCTION = 0x0d;
const LIGHT = 0x14;
const PUMP = 0x24;

export interface JoyHubOptions {
  /** How long the lube pump runs before it is switched off (reference: 1000 ms). */
  readonly sprayMs: number;
}

export const JOYHUB_DEFAULTS: JoyHubOptions = { sprayMs: 1000 };

export function joyHubMotorsPacket(slots: readonly number[]): Uint8Array {
  return Uint8Array.of(0xa0, MOTORS, ...slots.map((slot) => toByte(NAME, slot)), 0xaa);
}

/** On/off features (heater, light, pump): any non-zero level switches on. */
export function joyHubSwitchPacket(kind: number, level: number): Uint8Array {
  return level === 0 ? Uint8Array.of(0xa0, kind, 0x00, 0x00, 0x00, 0x00) : Uint8Array.of(0xa0, kind, 0x01, 0x00, 0x01, 0xff);
}

export function joyHubSuctionPacket(featureIndex: number, level: number): Uint8Array {
  const byte = toByte(NAME, level);
  return featureIndex === 4
    ? Uint8Array.of(0xa0, SUCTION_SWITCHED, byte === 0 ? 0x00 : 0x01, 0x00, byte, 0xff)
    : Uint8Array.of(0xa0, SUCTION, 0x00, 0x00, byte, 0xff);
}

class JoyHubHandler implements ProtocolHandler {
  readonly keepalive = { kind: 'none' } as const;
  private readonly slots = new Array<number>(MOTOR_SLOTS).fill(0);
  private readonly pumpTimers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly hardware: Hardware,
    private readonly options: JoyHubOptions,
  ) {}

  output(command: HardwareOutput): HardwareCommand[] {
    switch (command.output) {
      case 'Vibrate':
      case 'Oscillate':
      case 'Rotate':
        return [this.write(this.motors(command), MOTORS_COMMAND_ID)];
      case 'Constrict':
        return [this.write(joyHubSuctionPacket(command.featureIndex, command.value), command.featureId)];
      case 'Temperature':
        return [this.write(joyHubSwitchPacket(HEATER, command.value), command.featureId)];
      case 'Led':
        return [this.write(joyHubSwitchPacket(LIGHT, command.value), command.featureId)];
      case 'Spray':
        this.schedulePumpOff();
        return [this.write(joyHubSwitchPacket(PUMP, command.value), command.featureId)];
      default:
        throw unsupportedOutput(NAME, command);
    }
  }

  dispose(): void {
    for (const timer of this.pumpTimers) clearTimeout(timer);
    this.pumpTimers.clear();
  }

  private motors(command: HardwareOutput): Uint8Array {
    if (command.featureIndex >= MOTOR_SLOTS) {
      throw deviceError(`${NAME}: feature ${command.featureIndex} has no motor slot (0–${MOTOR_SLOTS - 1})`);
    }
    // The packet has no direction; a rotator runs at the speed's magnitude.
    this.slots[command.featureIndex] = Math.abs(command.value);
    return joyHubMotorsPacket(this.slots);
  }

  /** Every spray (even a stop) switches the pump off a while later, as the reference does. */
  private schedulePumpOff(): void {
    const timer = setTimeout(() => {
      this.pumpTimers.delete(timer);
      // The device may be gone by now; nothing is left to switch off then.
      this.hardware.write('tx', joyHubSwitchPacket(PUMP, 0), false).catch(() => undefined);
    }, this.options.sprayMs);
    this.pumpTimers.add(timer);
  }

  private write(data: Uint8Array, commandId: string): HardwareCommand {
    return { kind: 'write', endpoint: 'tx', data, withResponse: false, commandId };
  }
}

export function createJoyHubProtocol(options: Partial<JoyHubOptions> = {}): Protocol {
  const resolved = { ...JOYHUB_DEFAULTS, ...options };
  return defineProtocol({
    name: NAME,
    initialize: async ({ hardware }) => new JoyHubHandler(hardware, resolved),
  });
}

export const protocol = createJoyHubProtocol();
