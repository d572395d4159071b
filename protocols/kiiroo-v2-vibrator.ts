/**
 * Kiiroo v2 vibrators (Pearl 2, Titan, OhMiBod Fuse, …): three motor speeds in one packet on tx;
 * models with fewer motors leave the other bytes 0 (reference: kiiroo_v2_vibrator).
 */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('kiiroo-v2-vibrator', {
  outputs: ['Vibrate'],
  scope: { kind: 'device', commandId: 'kiiroo-v2-vibrator:device', slots: 3 },
  layout: { header: [], perValue: ['value'], footer: [] },
});
