/** Magic Motion v4: both motor slots in one packet, written with response (reference: magic_motion_v4). */
import { MAGIC_MOTION_MOTOR } from './families/magic-motion.ts';
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('magic-motion-4', {
  outputs: ['Vibrate'],
  withResponse: true,
  // Single-motor models get their speed in both motor slots.
  scope: { kind: 'device', commandId: 'magic-motion-4:device', slots: 2, missingSlots: 'copyFirst' },
  layout: {
    header: [0x10, 0xff, 0x04, 0x0a, 0x32, 0x32, 0x00],
    perValue: [...MAGIC_MOTION_MOTOR, 'value', 0x64, { indexPlus: 0 }],
    footer: [],
  },
});
