/**
 * Kiiroo v2.1 strokers that must be woken first (Onyx+, Onyx 2.1, Keon, Realm): two stroke
 * packets written with response at connect, then the Kiiroo v2.1 packets (reference:
 * kiiroo_v21_initialized).
 */
import { createKiirooV21Handler } from './families/kiiroo-v21.ts';
import { defineProtocol } from './kit/define.ts';
import { sendInitWrites } from './kit/packet-table.ts';

const NAME = 'kiiroo-v21-initialized';

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ hardware }) {
    await sendInitWrites(hardware, [
      { endpoint: 'tx', data: [0x03, 0x00, 0x64, 0x19], withResponse: true },
      { endpoint: 'tx', data: [0x03, 0x00, 0x64, 0x00], withResponse: true },
    ]);
    return createKiirooV21Handler(NAME, { whitelistBattery: false });
  },
});
