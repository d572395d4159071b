/**
 * The Cowgirl Cone: woken with [aa 56 00 00] on tx, then given 3 s before it takes commands;
 * speeds go as [f1 01 speed 00] (reference: cowgirl_cone).
 */
import { defineProtocol } from './kit/define.ts';
import { createPacketHandler, type PacketTableRow, sendInitWrites } from './kit/packet-table.ts';
import type { Protocol } from './kit/types.ts';

const NAME = 'cowgirl-cone';

export interface CowgirlConeOptions {
  /** How long the cone needs after the wake-up packet (reference: 3000 ms). */
  readonly settleMs: number;
}

export const COWGIRL_CONE_DEFAULTS: CowgirlConeOptions = { settleMs: 3000 };

const SPEED_PACKET: PacketTableRow = {
  outputs: ['Vibrate'],
  layout: { header: [0xf1, 0x01], perValue: ['value'], footer: [0x00] },
};

export function createCowgirlConeProtocol(options: Partial<CowgirlConeOptions> = {}): Protocol {
  const { settleMs } = { ...COWGIRL_CONE_DEFAULTS, ...options };
  return defineProtocol({
    name: NAME,
    async initialize({ hardware, definition }) {
      await sendInitWrites(hardware, [{ endpoint: 'tx', data: [0xaa, 0x56, 0x00, 0x00], withResponse: false }]);
      if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
      return createPacketHandler(NAME, SPEED_PACKET, definition);
    },
  });
}

export const protocol = createCowgirlConeProtocol();
