/**
 * Nobra's Silicone Dreams: one byte on tx, 0x60 + speed, with 0x70 for off; 0x70 is also sent at
 * connect (reference: nobra).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'nobra';
const OFF = 0x70;
const SPEED_BASE = 0x60;

export function nobraByte(speed: number): number {
  return speed === 0 ? OFF : toByte(NAME, SPEED_BASE + speed);
}

export const protocol = featurePacketProtocol(NAME, {
  init: [{ endpoint: 'tx', data: [OFF], withResponse: false }],
  encode(command) {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return [nobraByte(command.value)];
  },
});
