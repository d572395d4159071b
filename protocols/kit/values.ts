/**
 * Value checks and small encoders shared by every protocol: a protocol never sends a byte it
 * could not represent, and a bad value becomes a device error naming the protocol and feature.
 */
import type { OutputType } from '../../src/devices/features.ts';
import { deviceError } from '../../src/errors.ts';
import type { HardwareOutput } from './types.ts';

/** Outputs whose hardware steps may be negative (direction or cooling). */
const SIGNED_OUTPUTS: ReadonlySet<OutputType> = new Set<OutputType>(['Rotate', 'Temperature']);

export function isSignedOutput(output: OutputType): boolean {
  return SIGNED_OUTPUTS.has(output);
}

function describe(protocol: string, command: HardwareOutput): string {
  return `${protocol}: ${command.output} on feature ${command.featureIndex}`;
}

/** Throws a device error when the value cannot be a hardware step for this output. */
export function assertValidOutputValue(protocol: string, command: HardwareOutput): void {
  if (!Number.isInteger(command.value)) {
    throw deviceError(`${describe(protocol, command)}: value ${command.value} is not an integer step`);
  }
  if (command.value < 0 && !isSignedOutput(command.output)) {
    throw deviceError(`${describe(protocol, command)}: value ${command.value} is negative but the output is unsigned`);
  }
  if (command.output === 'HwPositionWithDuration') {
    const duration = command.duration;
    if (duration === undefined || !Number.isInteger(duration) || duration < 0) {
      throw deviceError(`${describe(protocol, command)}: needs a non-negative integer duration, got ${duration}`);
    }
  }
}

export function unsupportedOutput(protocol: string, command: HardwareOutput): Error {
  return deviceError(`${describe(protocol, command)}: this protocol cannot drive that output`);
}

/** The value as one unsigned byte, or a device error. */
export function toByte(protocol: string, value: number, what = 'value'): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw deviceError(`${protocol}: ${what} ${value} does not fit in a byte`);
  }
  return value;
}

/** Direction in bit 7 (set = clockwise, i.e. value ≥ 0), magnitude in bits 0–6. */
export function toSignMagnitudeByte(protocol: string, value: number): number {
  const magnitude = Math.abs(value);
  if (!Number.isInteger(value) || magnitude > 0x7f) {
    throw deviceError(`${protocol}: speed ${value} does not fit in 7 bits`);
  }
  return (value >= 0 ? 0x80 : 0) | magnitude;
}

const encoder = new TextEncoder();

export function ascii(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A Rust-style `as u8` for floats: truncate toward zero, saturate at 0 and 255, NaN → 0. */
export function saturatingByte(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(0xff, Math.max(0, Math.trunc(value)));
}
