/**
 * WeVibe: two motor speeds (internal, external) packed into one 8-byte packet written with
 * response. Three generations differ only in how the speeds are packed; single-motor models
 * drive both slots with the one speed. Layouts from the reference wevibe, wevibe8bit and
 * wevibe_chorus implementations.
 */
import type { DeviceDefinition } from '../../src/devices/features.ts';
import { deviceError } from '../../src/errors.ts';
import { defineProtocol } from '../kit/define.ts';
import { type InitWrite, sendInitWrites } from '../kit/packet-table.ts';
import { slotMap } from '../kit/slot-values.ts';
import type { HardwareCommand, Protocol, ProtocolHandler } from '../kit/types.ts';
import { toByte, unsupportedOutput } from '../kit/values.ts';

const ALL_OFF = [0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

/** Bit 1: external motor on, bit 0: internal motor on. */
function motorMask(internal: number, external: number): number {
  return (external === 0 ? 0 : 2) | (internal === 0 ? 0 : 1);
}

type SpeedPacker = (protocol: string, internal: number, external: number) => number[];

export const packFourBit: SpeedPacker = (protocol, internal, external) => {
  if (internal > 0x0f || external > 0x0f) throw deviceError(`${protocol}: speeds above 15 do not fit in 4 bits`);
  return [0x0f, 0x03, 0x00, external | (internal << 4), 0x00, 0x03, 0x00, 0x00];
};

/** The 8-bit generation offsets each speed by 3. */
export const packEightBit: SpeedPacker = (protocol, internal, external) => [
  0x0f,
  0x03,
  0x00,
  toByte(protocol, external + 3),
  toByte(protocol, internal + 3),
  motorMask(internal, external),
  0x00,
  0x00,
];

/** The Chorus has the motor order flipped and no offset. */
export const packChorus: SpeedPacker = (protocol, internal, external) => [
  0x0f,
  0x03,
  0x00,
  toByte(protocol, internal),
  toByte(protocol, external),
  motorMask(internal, external),
  0x00,
  0x00,
];

function createWeVibeHandler(protocol: string, definition: DeviceDefinition, pack: SpeedPacker): ProtocolHandler {
  const slotOf = slotMap(definition, ['Vibrate']);
  const speeds = [0, 0];
  const commandId = `${protocol}:device`;
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      if (command.output !== 'Vibrate') throw unsupportedOutput(protocol, command);
      const slot = slotOf.get(command.featureIndex);
      if (slot === undefined || slot > 1) {
        throw deviceError(`${protocol}: feature ${command.featureIndex} is not one of the two motors`);
      }
      speeds[slot] = command.value;
      const internal = speeds[0];
      const external = slotOf.size > 1 ? speeds[1] : speeds[0];
      const data = internal === 0 && external === 0 ? ALL_OFF : pack(protocol, internal, external);
      return [{ kind: 'write', endpoint: 'tx', data: Uint8Array.from(data), withResponse: true, commandId }];
    },
  };
}

export function weVibeProtocol(name: string, pack: SpeedPacker, init: readonly InitWrite[] = []): Protocol {
  return defineProtocol({
    name,
    async initialize({ hardware, definition }) {
      await sendInitWrites(hardware, init);
      return createWeVibeHandler(name, definition, pack);
    },
  });
}

/** The legacy generation must be woken with a mode packet, then an all-off packet. */
export const LEGACY_INIT: readonly InitWrite[] = [
  { endpoint: 'tx', data: [0x0f, 0x03, 0x00, 0x99, 0x00, 0x03, 0x00, 0x00], withResponse: true },
  { endpoint: 'tx', data: ALL_OFF, withResponse: true },
];
