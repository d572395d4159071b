/**
 * Fleshy Thrust Sync: [position, duration high byte, duration low byte] on tx (reference:
 * fleshy_thrust). The duration field is 16 bits but the config allows up to 100 000 ms; the
 * reference keeps only the low 16 bits (70 000 ms would become a 4.5 s move), so a longer
 * duration is sent as the longest the device can be told, 65 535 ms.
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'fleshy-thrust';
const MAX_DURATION_MS = 0xffff;

export function fleshyThrustPacket(position: number, durationMs: number): number[] {
  const duration = Math.min(durationMs, MAX_DURATION_MS);
  return [toByte(NAME, position, 'position'), duration >> 8, duration & 0xff];
}

export const protocol = featurePacketProtocol(NAME, {
  encode: (command) => {
    if (command.output !== 'HwPositionWithDuration') throw unsupportedOutput(NAME, command);
    return fleshyThrustPacket(command.value, command.duration ?? 0);
  },
});
