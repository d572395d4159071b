/** Xiuxiuda: the speed inside a fixed 9-byte packet on tx (reference: xiuxiuda). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('xiuxiuda', {
  outputs: ['Vibrate'],
  layout: { header: [0x00, 0x00, 0x00, 0x00, 0x65, 0x3a, 0x30], perValue: ['value'], footer: [0x64] },
});
