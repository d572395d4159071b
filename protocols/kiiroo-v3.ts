/**
 * Kiiroo v3 (Keon WiFi): the Kiiroo v2.1 handler unchanged, without setup writes (reference:
 * kiiroo_v3). Its battery is read like the Pearl 2.1's, from the whitelist characteristic, which
 * this device's config does not map: as in the reference, that read fails.
 */
import { createKiirooV21Handler } from './families/kiiroo-v21.ts';
import { defineProtocol } from './kit/define.ts';

const NAME = 'kiiroo-v3';

export const protocol = defineProtocol({
  name: NAME,
  initialize: async () => createKiirooV21Handler(NAME, { whitelistBattery: true }),
});
