/** Mizz Zee v2: magic, `04 02`, then the speed twice around a fixed 0x2C (reference: mizzzee_v2). */
import { MIZZZEE_MAGIC } from './families/mizzzee.ts';
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('mizzzee-v2', {
  outputs: ['Vibrate'],
  layout: { header: [...MIZZZEE_MAGIC, 0x04, 0x02], perValue: ['value', 0x2c, 'value'], footer: [] },
});
