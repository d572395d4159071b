/**
 * Joyroid Loob: a stroker taking `<position u16 BE> <duration ms u16 BE>` on tx, woken with a
 * move to position 1 in 500 ms (reference: loob). Both fields are kept at least 1, and the
 * position at most 1000, as the reference does. Unlike the reference, which wraps
 * durations above 65535 ms modulo 65536 (100 s became 34.5 s), a long duration saturates.
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import type { HardwareOutput } from './kit/types.ts';
import { unsupportedOutput } from './kit/values.ts';

const NAME = 'loob';
const MAX_POSITION = 1000;
const MAX_U16 = 0xffff;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function u16BigEndian(value: number): number[] {
  return [value >> 8, value & 0xff];
}

export function loobPacket(position: number, durationMs: number): number[] {
  return [...u16BigEndian(clamp(position, 1, MAX_POSITION)), ...u16BigEndian(clamp(durationMs, 1, MAX_U16))];
}

function encode(command: HardwareOutput): number[] {
  if (command.output !== 'HwPositionWithDuration') throw unsupportedOutput(NAME, command);
  return loobPacket(command.value, command.duration ?? 0);
}

export const protocol = featurePacketProtocol(NAME, {
  init: [{ endpoint: 'tx', data: loobPacket(1, 500), withResponse: true }],
  encode,
});
