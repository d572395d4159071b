/** Magic Motion v2: both motor slots in one packet (reference: magic_motion_v2). */
import { MAGIC_MOTION_MOTOR } from './families/magic-motion.ts';
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('magic-motion-2', {
  // The reference accepts only Vibrate; Oscillate (FunTown Jive's second motor) is the same motor slot.
  outputs: ['Vibrate', 'Oscillate'],
  scope: { kind: 'device', commandId: 'magic-motion-2:device', slots: 2, missingSlots: 'zero' },
  layout: {
    header: [0x10, 0xff, 0x04, 0x0a, 0x32, 0x0a, 0x00],
    perValue: [...MAGIC_MOTION_MOTOR, 'value', 0x64, { indexPlus: 0 }],
    footer: [],
  },
});
