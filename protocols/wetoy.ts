/**
 * WeToy: `[0xb2, speed - 1]` with response on tx; speed 0 is the idle packet `[0x80, 0x03]`,
 * which also wakes the toy at connect (reference: wetoy).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'wetoy';
const IDLE = [0x80, 0x03];
const SPEED = 0xb2;

export function weToyPacket(speed: number): number[] {
  return speed === 0 ? IDLE : [SPEED, toByte(NAME, speed - 1)];
}

export const protocol = featurePacketProtocol(NAME, {
  encode: (command) => {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return weToyPacket(command.value);
  },
  withResponse: true,
  init: [{ endpoint: 'tx', data: IDLE, withResponse: true }],
});
