/**
 * The internal command model every client message version converts into (v4-shaped: feature
 * index, output/input type, integer steps in the range the client was shown).
 */
import type { InputCommand, InputType, OutputType } from './features.ts';

export interface OutputCommand {
  readonly featureIndex: number;
  readonly output: OutputType;
  /** Steps in the advertised range ([0,N] or [-N,N]); not yet mapped onto hardware. */
  readonly value: number;
  /** HwPositionWithDuration only, ms. */
  readonly duration?: number;
}

/** How an input reading must be shaped for the client that asked. */
export type ReadingReply =
  | { readonly kind: 'InputReading' }
  | { readonly kind: 'SensorReading'; readonly sensorIndex: number; readonly sensorType: string }
  | { readonly kind: 'BatteryLevelReading' };

/** A spec v2/v3 raw message, already checked against the device's raw endpoints. */
export type RawCommand =
  | { readonly operation: 'write'; readonly endpoint: string; readonly data: readonly number[]; readonly withResponse: boolean }
  | {
      readonly operation: 'read';
      readonly endpoint: string;
      /** Bytes wanted; 0 = whatever the endpoint has. */
      readonly length: number;
      readonly timeoutMs: number;
    }
  | { readonly operation: 'subscribe' | 'unsubscribe'; readonly endpoint: string };

export type DeviceRequest =
  | { readonly kind: 'outputs'; readonly deviceIndex: number; readonly commands: readonly OutputCommand[] }
  | {
      readonly kind: 'input';
      readonly deviceIndex: number;
      readonly featureIndex: number;
      readonly input: InputType;
      readonly command: InputCommand;
      readonly reply: ReadingReply;
    }
  | { readonly kind: 'raw'; readonly deviceIndex: number; readonly command: RawCommand }
  | {
      readonly kind: 'stop';
      /** Absent: every device. */
      readonly deviceIndex?: number;
      /** Only with deviceIndex: that one feature. */
      readonly featureIndex?: number;
      readonly inputs: boolean;
      readonly outputs: boolean;
    };

/** One reading from a device input, before it is shaped for a client version. */
export interface InputReadingValue {
  readonly deviceIndex: number;
  readonly featureIndex: number;
  readonly input: InputType;
  readonly value: number;
}

/** Bytes from a device endpoint (a raw read's answer or raw subscription data); never empty. */
export interface RawReadingValue {
  readonly deviceIndex: number;
  readonly endpoint: string;
  readonly data: readonly number[];
}
