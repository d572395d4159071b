/**
 * Mizz Zee v3: a 20-byte packet on tx (with response) carrying a 10-bit intensity twice; the
 * device stops without traffic, so the last packet is repeated every 200 ms (reference: mizzzee_v3).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { unsupportedOutput } from './kit/values.ts';

const NAME = 'mizzzee-v3';
const STEPS = 1000;
const HEADER = [0x03, 0x12, 0xf3];
const FILL = [0x00, 0xfc, 0x00, 0xfe, 0x40, 0x01];
const OFF = [0x03, 0x12, ...new Array<number>(18).fill(0x00)];
/** The low six bits of the intensity word are always this. */
const WORD_LOW_BITS = 60;

const f32 = Math.fround;

/**
 * The intensity word for a speed step (0–1000): the motor does not turn below 30 %, so any
 * non-zero speed is mapped into 30–100 % of a 10-bit range, shifted up six bits. Computed in
 * single precision like the reference, so rounding at the step boundaries matches it.
 */
export function mizzzeeV3Word(speed: number): number {
  const fraction = f32(f32(speed) / STEPS);
  const scaled = f32(f32(f32(fraction * f32(0.7)) + f32(0.3)) * 1023);
  const tenBits = Math.min(0xffff, Math.max(0, Math.trunc(scaled)));
  return ((tenBits << 6) & 0xffff) | WORD_LOW_BITS;
}

export function mizzzeeV3Packet(speed: number): number[] {
  if (speed === 0) return OFF;
  const word = mizzzeeV3Word(speed);
  const wordBytes = [word & 0xff, word >> 8];
  return [...HEADER, ...FILL, ...wordBytes, ...FILL, ...wordBytes, 0x00];
}

export const protocol = featurePacketProtocol(NAME, {
  withResponse: true,
  keepalive: { kind: 'repeatLastWrite', intervalMs: 200 },
  encode(command) {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return mizzzeeV3Packet(command.value);
  },
});
