/**
 * Protocols that are nothing but a packet layout. Byte layouts follow the reference protocol
 * implementations (magic_motion_v1–v4, aneros).
 */
import type { PacketProtocolRow } from './packet-table.ts';

/** Shared prefix of the Magic Motion motor-control packets. */
const MAGIC_MOTION_MOTOR = [0x04, 0x08] as const;

export const TABLE_PROTOCOLS: readonly PacketProtocolRow[] = [
  {
    protocol: 'aneros',
    outputs: ['Vibrate'],
    endpoint: 'tx',
    withResponse: false,
    scope: { kind: 'feature' },
    // 0xF1 addresses the first motor, 0xF2 the second.
    layout: { header: [], perValue: [{ indexPlus: 0xf1 }, 'value'], footer: [] },
  },
  {
    protocol: 'magic-motion-1',
    outputs: ['Vibrate', 'Oscillate'],
    endpoint: 'tx',
    withResponse: false,
    scope: { kind: 'feature' },
    layout: { header: [0x0b, 0xff, 0x04, 0x0a, 0x32, 0x32, 0x00, ...MAGIC_MOTION_MOTOR], perValue: ['value'], footer: [0x64, 0x00] },
  },
  {
    protocol: 'magic-motion-2',
    // The reference accepts only Vibrate; Oscillate (FunTown Jive's second motor) is the same motor slot.
    outputs: ['Vibrate', 'Oscillate'],
    endpoint: 'tx',
    withResponse: false,
    scope: { kind: 'device', commandId: 'magic-motion-2:device', slots: 2, missingSlots: 'zero' },
    layout: {
      header: [0x10, 0xff, 0x04, 0x0a, 0x32, 0x0a, 0x00],
      perValue: [...MAGIC_MOTION_MOTOR, 'value', 0x64, { indexPlus: 0 }],
      footer: [],
    },
  },
  {
    protocol: 'magic-motion-3',
    outputs: ['Vibrate'],
    endpoint: 'tx',
    withResponse: false,
    scope: { kind: 'feature' },
    layout: { header: [0x0b, 0xff, 0x04, 0x0a, 0x46, 0x46, 0x00, ...MAGIC_MOTION_MOTOR], perValue: ['value'], footer: [0x64, 0x00] },
  },
  {
    protocol: 'magic-motion-4',
    outputs: ['Vibrate'],
    endpoint: 'tx',
    withResponse: true,
    // Single-motor models get their speed in both motor slots.
    scope: { kind: 'device', commandId: 'magic-motion-4:device', slots: 2, missingSlots: 'copyFirst' },
    layout: {
      header: [0x10, 0xff, 0x04, 0x0a, 0x32, 0x32, 0x00],
      perValue: [...MAGIC_MOTION_MOTOR, 'value', 0x64, { indexPlus: 0 }],
      footer: [],
    },
  },
];
