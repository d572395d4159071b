/**
 * The protocol layer's contract. A protocol identifies which model a connected device is,
 * initializes it, and turns output commands (already in hardware steps) into hardware commands.
 */
import type { Observable } from 'rxjs';
import type { DeviceDefinition, InputType, OutputType } from '../../src/devices/features.ts';
import type { DeviceCommand } from '../../src/hardware/device-command.ts';
import type { Hardware, HardwareCandidate } from '../../src/hardware/types.ts';

/**
 * What a protocol asks of the hardware: a command as the device will receive it, plus the key
 * that coalescing uses (the feature id, or one constant per protocol for whole-device packets).
 */
export type HardwareCommand = DeviceCommand & { readonly commandId: string };

/** An output command mapped onto the hardware range (user range and reverse already applied). */
export interface HardwareOutput {
  readonly featureIndex: number;
  readonly featureId: string;
  readonly output: OutputType;
  /** Hardware steps; signed for Rotate and Temperature. */
  readonly value: number;
  /** HwPositionWithDuration only, ms. */
  readonly duration?: number;
}

export type KeepaliveStrategy =
  /** Resend the last write every intervalMs, always (satisfyer 3000 ms). A stop is sent at connect. */
  | { readonly kind: 'repeatLastWrite'; readonly intervalMs: number }
  /** Only when the hardware requires keepalive (iOS-like); not on this server's buses. */
  | { readonly kind: 'none' };

export interface InputReadingEvent {
  readonly featureIndex: number;
  readonly input: InputType;
  readonly value: number;
}

export interface ProtocolHandler {
  /** Hardware commands for one output, in the order they must reach the device. Throws ButtplugError (device) on a bad value. */
  output(command: HardwareOutput): HardwareCommand[];
  /** Reads an input (battery, …) and returns its value (battery: percent 0–100). */
  readInput?(hardware: Hardware, featureIndex: number, input: InputType): Promise<number>;
  subscribeInput?(hardware: Hardware, featureIndex: number, input: InputType): Promise<void>;
  unsubscribeInput?(hardware: Hardware, featureIndex: number, input: InputType): Promise<void>;
  /** Unsolicited readings for subscribed inputs. */
  readonly readings?: Observable<InputReadingEvent>;
  readonly keepalive: KeepaliveStrategy;
  /** Releases timers and background tasks. */
  dispose?(): void;
}

export interface IdentifyContext {
  readonly hardware: Hardware;
  readonly candidate: HardwareCandidate;
}

export interface InitializeContext {
  readonly hardware: Hardware;
  readonly definition: DeviceDefinition;
}

export interface Protocol {
  /** The device config's protocol name, e.g. "lovense". */
  readonly name: string;
  /** Which configuration applies: returns the identifier (default: the hardware name). */
  identify(context: IdentifyContext): Promise<string | undefined>;
  /**
   * The config protocol whose configurations describe a device this protocol identified, when
   * that is another one (hismith hands newer models to hismith-mini's configurations). Absent:
   * this protocol. `initialize` still runs on this protocol, with that protocol's definition.
   */
  configurationProtocol?(identifier: string | undefined): string;
  /** Setup packets and per-device state; resolves to the handler. */
  initialize(context: InitializeContext): Promise<ProtocolHandler>;
}
