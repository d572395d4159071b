/** Magic Motion v3: one packet per motor (reference: magic_motion_v3). */
import { MAGIC_MOTION_MOTOR } from './families/magic-motion.ts';
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('magic-motion-3', {
  outputs: ['Vibrate'],
  layout: { header: [0x0b, 0xff, 0x04, 0x0a, 0x46, 0x46, 0x00, ...MAGIC_MOTION_MOTOR], perValue: ['value'], footer: [0x64, 0x00] },
});
