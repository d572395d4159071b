/**
 * Nintendo Joy-Con (HID): one vibration speed (0–1000, an amplitude in thousandths) drives both
 * rumble motors at 200 Hz. At connect a subcommand report (0x01, subcommand 0x48, data 01) turns
 * vibration on; then 64-byte rumble reports (0x10, packet number 1, left and right rumble data)
 * are streamed every 15 ms, as the Joy-Con stops rumbling without them (reference:
 * nintendo_joycon; the rumble encoding is the community's reverse-engineered one).
 *
 * Deviations from the reference, on purpose:
 * - Byte 2 of the rumble data is the low-band frequency plus the high bit of the low-band
 *   amplitude. The reference shifts an 8-bit amplitude by 8 with a wrapping shift (a no-op), so
 *   it adds the whole amplitude byte and sends a wrong low-band frequency; we send the device's
 *   documented byte.
 * - The reference's update loop is never stopped (its drop handler clears the stop flag instead
 *   of setting it); here the stream is the pipeline's keepalive, which ends with the device.
 */
import { deviceError, describeError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import type { HardwareCommand } from './kit/types.ts';
import { unsupportedOutput } from './kit/values.ts';

const NAME = 'nintendo-joycon';
const COMMAND_ID = 'nintendo-joycon:rumble';
const REPORT_LENGTH = 0x40;
const REPORT_SUBCOMMAND = 0x01;
const REPORT_RUMBLE = 0x10;
const SUBCOMMAND_ENABLE_VIBRATION = 0x48;
/** The reference's loop waits 15 ms between rumble reports. */
export const JOYCON_RUMBLE_INTERVAL_MS = 15;
const RUMBLE_FREQUENCY_HZ = 200;
/** Speed steps per unit of amplitude. */
const AMPLITUDE_SCALE = 1000;
const MAX_FREQUENCY_HZ = 1252;
/** Amplitudes above ~1.003 can damage the actuators; the encoding itself saturates at 1.799. */
const MAX_AMPLITUDE = 1.799;

/** The reference computes in 32-bit floats; every step is rounded to f32 to get the same bytes. */
const f32 = Math.fround;

/** Rust's `f32::round` (halves away from zero) then `as u8` (saturating, NaN → 0). */
function roundToByte(value: number): number {
  if (Number.isNaN(value)) return 0;
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return Math.min(0xff, Math.max(0, rounded));
}

function encodedFrequency(frequency: number): number {
  return roundToByte(f32(f32(Math.log2(f32(frequency / 10))) * 32));
}

function encodedAmplitude(amplitude: number): number {
  if (amplitude > f32(0.23)) return roundToByte(f32(f32(Math.log2(f32(amplitude * f32(8.7)))) * 32));
  if (amplitude > f32(0.12)) return roundToByte(f32(f32(Math.log2(f32(amplitude * 17))) * 16));
  const numerator = f32(f32(f32(Math.log2(amplitude)) * 32) - 96);
  return roundToByte(f32(numerator / f32(4 - f32(2 * amplitude))));
}

/**
 * The four rumble bytes for one motor: high-band frequency and amplitude in bytes 0–1, low-band
 * frequency and amplitude in bytes 2–3. Frequency 0 and amplitude 0 give the idle pattern.
 */
export function joyconRumble(frequency: number, amplitude: number): number[] {
  const freq = f32(Math.min(MAX_FREQUENCY_HZ, Math.max(0, frequency)));
  const amp = f32(Math.min(f32(MAX_AMPLITUDE), Math.max(0, amplitude)));
  const hexFrequency = encodedFrequency(freq);
  const highFrequency = Math.max(0, hexFrequency - 0x60) * 4;
  const lowFrequency = Math.max(0, hexFrequency - 0x41) + 1;
  const hexAmplitude = encodedAmplitude(amp);
  const highAmplitude = Math.min(0x1fc, hexAmplitude * 2);
  const lowAmplitude = Math.min(0x7f, (hexAmplitude >> 1) + 0x40);
  return [
    highFrequency & 0xff,
    (highAmplitude + ((highFrequency >> 8) & 0xff)) & 0xff,
    Math.min(0xff, lowFrequency + (lowAmplitude >> 8)),
    lowAmplitude,
  ];
}

/** The rumble data for a speed step: 200 Hz at speed/1000, or idle at (almost) zero. */
export function joyconRumbleForSpeed(speed: number): number[] {
  const amplitude = f32(speed / AMPLITUDE_SCALE);
  return amplitude > f32(0.001) ? joyconRumble(RUMBLE_FREQUENCY_HZ, amplitude) : joyconRumble(0, 0);
}

/** A 64-byte output report: id, packet number, left rumble, right rumble, subcommand, its data. */
export function joyconReport(
  reportId: number,
  packetNumber: number,
  rumble: readonly number[] | undefined,
  subcommand: number,
  data: readonly number[] = [],
): Uint8Array {
  const report = new Uint8Array(REPORT_LENGTH);
  report[0] = reportId;
  report[1] = packetNumber;
  if (rumble) {
    report.set(rumble, 2);
    report.set(rumble, 6);
  }
  report[10] = subcommand;
  report.set(data, 11);
  return report;
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ hardware }) {
    try {
      await hardware.write('tx', joyconReport(REPORT_SUBCOMMAND, 0, undefined, SUBCOMMAND_ENABLE_VIBRATION, [0x01]), false);
    } catch (error) {
      const reason = describeError(error);
      throw deviceError(`${NAME}: cannot turn on vibration (${reason})`);
    }
    return {
      keepalive: { kind: 'repeatLastWrite', intervalMs: JOYCON_RUMBLE_INTERVAL_MS },
      output(command): HardwareCommand[] {
        if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
        const data = joyconReport(REPORT_RUMBLE, 1, joyconRumbleForSpeed(command.value), 0);
        return [{ kind: 'write', endpoint: 'tx', data, withResponse: false, commandId: COMMAND_ID }];
      },
    };
  },
});
