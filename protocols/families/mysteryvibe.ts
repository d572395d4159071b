/**
 * MysteryVibe: a mode write on txmode at connect, then every motor's speed in one packet on
 * txvibrate. The device only runs while it keeps getting that packet, so the last one is
 * repeated every 93 ms (the reference's interval, measured from the vendor app's traffic); the
 * pipeline writes stops at once, ahead of the repeats. The two generations differ only in the
 * mode packet (reference: mysteryvibe, mysteryvibe_v2).
 */
import { type InitWrite, packetProtocol } from '../kit/packet-table.ts';
import type { Protocol } from '../kit/types.ts';

export const MYSTERYVIBE_REPEAT_MS = 93;

export function mysteryVibeProtocol(name: string, modePacket: readonly number[]): Protocol {
  const init: InitWrite[] = [{ endpoint: 'txmode', data: modePacket, withResponse: true }];
  return packetProtocol(name, {
    outputs: ['Vibrate'],
    endpoint: 'txvibrate',
    withResponse: false,
    scope: { kind: 'device', commandId: `${name}:device`, slots: 'outputFeatures' },
    layout: { header: [], perValue: ['value'], footer: [] },
    init,
    keepalive: { kind: 'repeatLastWrite', intervalMs: MYSTERYVIBE_REPEAT_MS },
  });
}
