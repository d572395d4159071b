/**
 * Svakom and its OEM siblings (Fantasy Cup, ToyCod, Coleur Dor, BeYourLover, …): short packets
 * on tx, almost all starting 0x55 and a command byte. Twenty protocols share the machinery here;
 * each `protocols/svakom-*.ts` names its own packet layouts. Built from the reference's
 * protocol_impl/svakom/*; none needs a keepalive on this server (the reference only repeats
 * packets on iOS).
 */
import type { DeviceDefinition, OutputType } from '../../src/devices/features.ts';
import type { Hardware } from '../../src/hardware/types.ts';
import { deviceError } from '../../src/errors.ts';
import { defineProtocol } from '../kit/define.ts';
import type { HardwareCommand, HardwareOutput, Protocol } from '../kit/types.ts';
import { toByte, unsupportedOutput } from '../kit/values.ts';

/** The byte most Svakom packets start with. */
export const SVAKOM_PREFIX = 0x55;

export interface SvakomPacket {
  readonly bytes: readonly number[];
  /** Coalescing key; default the commanded feature's id. */
  readonly commandId?: string;
}

/** Turns one output into the packets the device must get, in order. */
export type SvakomEncoder = (command: HardwareOutput) => readonly SvakomPacket[];

export interface SvakomContext {
  readonly protocol: string;
  readonly hardware: Hardware;
  readonly definition: DeviceDefinition;
}

/** Builds a device's encoder at connect; may talk to the device first. */
export type SvakomEncoderFactory = (context: SvakomContext) => SvakomEncoder | Promise<SvakomEncoder>;

export interface SvakomOptions {
  /** Default false; Svakom v2 and Sam Neo 2 write with response. */
  readonly withResponse?: boolean;
}

/** `on` while the value is non-zero, else 0: the "motor running" byte many packets carry. */
export function runningFlag(value: number, on = 0x01): number {
  return value === 0 ? 0x00 : on;
}

export function svakomProtocol(name: string, factory: SvakomEncoderFactory, options: SvakomOptions = {}): Protocol {
  const withResponse = options.withResponse ?? false;
  return defineProtocol({
    name,
    async initialize({ hardware, definition }) {
      const encode = await factory({ protocol: name, hardware, definition });
      return {
        keepalive: { kind: 'none' },
        output(command): HardwareCommand[] {
          return encode(command).map((packet) => ({
            kind: 'write',
            endpoint: 'tx',
            // Every byte is checked here, so a layout's arithmetic (speed + 5, …) never wraps silently.
            data: Uint8Array.from(packet.bytes, (byte) => toByte(name, byte)),
            withResponse,
            commandId: packet.commandId ?? command.featureId,
          }));
        },
      };
    },
  });
}

/** The bytes for one feature's value; `featureIndex` picks the motor where one output has several. */
export type FeaturePacket = (value: number, featureIndex: number) => readonly number[];

export type FeaturePackets = Partial<Record<OutputType, FeaturePacket>>;

/** One packet per commanded feature, chosen by output type. */
export function perFeature(packets: FeaturePackets): SvakomEncoderFactory {
  return ({ protocol }) =>
    (command) => {
      const build = packets[command.output];
      if (!build) throw unsupportedOutput(protocol, command);
      return [{ bytes: build(command.value, command.featureIndex) }];
    };
}

/** Whole-device state: the last value of each of `count` motors, addressed by feature index. */
export class MotorSpeeds {
  private readonly speeds: number[];

  constructor(
    private readonly protocol: string,
    count: number,
  ) {
    this.speeds = new Array<number>(count).fill(0);
  }

  set(command: HardwareOutput): void {
    if (command.featureIndex >= this.speeds.length) {
      throw deviceError(
        `${this.protocol}: feature ${command.featureIndex} is not one of the ${this.speeds.length} motors this packet carries`,
      );
    }
    this.speeds[command.featureIndex] = command.value;
  }

  get(index: number): number {
    return this.speeds[index];
  }
}

export function vibratorCount(definition: DeviceDefinition): number {
  return definition.features.filter((feature) => feature.outputs.Vibrate !== undefined).length;
}

export interface MotorPairOptions {
  /** Byte 4 while either motor runs (Barney 0x03, the others 0x01). */
  readonly runningByte: number;
  /** Bytes after the speed ([0x00], or none for v5). */
  readonly footer: readonly number[];
  /** Single-vibrator models always say "both" (v4, v6, Barney); v5 does not check. */
  readonly singleMotorSaysBoth: boolean;
  /** Vibrate on features past the pair (v6's third motor). */
  readonly beyondPair?: FeaturePacket;
  /** Outputs other than Vibrate (v5's oscillator). */
  readonly others?: FeaturePackets;
}

/** Which motors a pair packet drives: 0 both (or neither), 1 the first only, 2 the second only. */
export function pairMode(first: number, second: number, singleMotor: boolean): number {
  if (singleMotor || first === second || (first > 0 && second > 0)) return 0x00;
  return first > 0 ? 0x01 : 0x02;
}

/**
 * The v4/v5/v6/Barney packet: both vibrators of features 0 and 1 in one 0x03 packet that carries
 * only the faster speed and a mode byte saying which motors run.
 */
export function motorPair(options: MotorPairOptions): SvakomEncoderFactory {
  return ({ protocol, definition }) => {
    const speeds = new MotorSpeeds(protocol, options.beyondPair ? 3 : 2);
    const singleMotor = options.singleMotorSaysBoth && vibratorCount(definition) === 1;
    const commandId = `${protocol}:motors`;
    return (command) => {
      if (command.output !== 'Vibrate') {
        const build = options.others?.[command.output];
        if (!build) throw unsupportedOutput(protocol, command);
        return [{ bytes: build(command.value, command.featureIndex) }];
      }
      speeds.set(command);
      if (command.featureIndex >= 2 && options.beyondPair) {
        return [{ bytes: options.beyondPair(command.value, command.featureIndex) }];
      }
      const [first, second] = [speeds.get(0), speeds.get(1)];
      const bytes = [
        SVAKOM_PREFIX,
        0x03,
        pairMode(first, second, singleMotor),
        0x00,
        first === 0 && second === 0 ? 0x00 : options.runningByte,
        Math.max(first, second),
        ...options.footer,
      ];
      return [{ bytes, commandId }];
    };
  };
}
