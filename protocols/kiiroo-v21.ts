/** Kiiroo v2.1 vibrators and the Titan 1.1: see families/kiiroo-v21.ts (reference: kiiroo_v21). */
import { createKiirooV21Handler } from './families/kiiroo-v21.ts';
import { defineProtocol } from './kit/define.ts';

const NAME = 'kiiroo-v21';

export const protocol = defineProtocol({
  name: NAME,
  initialize: async () => createKiirooV21Handler(NAME, { whitelistBattery: true }),
});
