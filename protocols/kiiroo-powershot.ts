/** Kiiroo PowerShot: both motors' speeds in one packet, written with response (reference: kiiroo_powershot). */
import { packetProtocol } from './kit/packet-table.ts';

export const protocol = packetProtocol('kiiroo-powershot', {
  outputs: ['Vibrate'],
  withResponse: true,
  scope: { kind: 'device', commandId: 'kiiroo-powershot:device', slots: 2 },
  layout: { header: [0x01, 0x00, 0x00], perValue: ['value'], footer: [0x00] },
});
