/** Magic Motion v1: one packet per motor (reference: magic_motion_v1). */
import { MAGIC_MOTION_MOTOR } from './families/magic-motion.ts';
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('magic-motion-1', {
  outputs: ['Vibrate', 'Oscillate'],
  layout: { header: [0x0b, 0xff, 0x04, 0x0a, 0x32, 0x32, 0x00, ...MAGIC_MOTION_MOTOR], perValue: ['value'], footer: [0x64, 0x00] },
});
