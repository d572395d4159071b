/**
 * The Cowgirl / The Unicorn: one packet [00 01 vibrate rotate], written with response, carrying
 * both motors' current speeds (reference: cowgirl). The rotator only turns one way (0–255).
 */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('cowgirl', {
  outputs: ['Vibrate', 'Rotate'],
  withResponse: true,
  scope: { kind: 'device', commandId: 'cowgirl:device', slots: 2 },
  layout: { header: [0x00, 0x01], perValue: ['value'], footer: [] },
});
