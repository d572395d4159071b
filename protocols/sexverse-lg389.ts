/**
 * Sexverse LG389: one packet on tx, written with response, carrying both the vibration speed and
 * the oscillation speed; a moving oscillator also sets full stroke range anchored to the base
 * (reference: sexverse_lg389).
 */
import { defineProtocol } from './kit/define.ts';
import type { HardwareCommand, ProtocolHandler } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'sexverse-lg389';
const FULL_RANGE = 0x04;
const ANCHOR_BASE = 0x01;

export function lg389Packet(vibrate: number, oscillate: number): Uint8Array {
  const moving = oscillate !== 0;
  return Uint8Array.of(
    0xaa,
    0x05,
    toByte(NAME, vibrate),
    0x14,
    moving ? ANCHOR_BASE : 0x00,
    0x00,
    moving ? FULL_RANGE : 0x00,
    0x00,
    toByte(NAME, oscillate),
    0x00,
  );
}

function createLg389Handler(): ProtocolHandler {
  const speeds = { Vibrate: 0, Oscillate: 0 };
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      if (command.output !== 'Vibrate' && command.output !== 'Oscillate') throw unsupportedOutput(NAME, command);
      speeds[command.output] = command.value;
      const data = lg389Packet(speeds.Vibrate, speeds.Oscillate);
      return [{ kind: 'write', endpoint: 'tx', data, withResponse: true, commandId: `${NAME}:device` }];
    },
  };
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize() {
    return createLg389Handler();
  },
});
