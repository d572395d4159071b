/**
 * Pretty Love (Aogu BLE): `00 speed` on tx, with response. Every device is identified as
 * "Aogu BLE", whatever it advertises, so the protocol defaults apply (reference: prettylove).
 */
import { defineProtocol } from './kit/define.ts';
import { createPacketHandler } from './kit/packet-table.ts';

const NAME = 'prettylove';
export const PRETTYLOVE_IDENTIFIER = 'Aogu BLE';

export const protocol = defineProtocol({
  name: NAME,
  identify: async () => PRETTYLOVE_IDENTIFIER,
  async initialize({ definition }) {
    return createPacketHandler(
      NAME,
      { outputs: ['Vibrate'], withResponse: true, layout: { header: [0x00], perValue: ['value'], footer: [] } },
      definition,
    );
  },
});
