/** Shared bits for the hardware tests: specifiers and event recorders. */
import { filter, firstValueFrom, map, take, type Observable } from 'rxjs';
import type { HardwareCandidate, HardwareManager, ManagerEvent, ProtocolSpecifier } from '../../src/hardware/types.ts';

export const lovenseBtle: ProtocolSpecifier = {
  kind: 'btle',
  names: ['LVS-*'],
  manufacturerData: [],
  advertisedServices: [],
  services: {
    '0000fff0-0000-1000-8000-00805f9b34fb': {
      tx: '0000fff2-0000-1000-8000-00805f9b34fb',
      rx: '0000fff1-0000-1000-8000-00805f9b34fb',
    },
    '0000180f-0000-1000-8000-00805f9b34fb': { rxblebattery: '00002a19-0000-1000-8000-00805f9b34fb' },
  },
};

export const serialSpecifier: ProtocolSpecifier = {
  kind: 'serial',
  port: 'COM7',
  baudRate: 115200,
  dataBits: 8,
  stopBits: 1,
  parity: 'N',
};

export const hidSpecifier: ProtocolSpecifier = { kind: 'hid', pairs: [{ vendorId: 0x1234, productId: 0x5678 }] };

export const websocketSpecifier = (name: string): ProtocolSpecifier => ({ kind: 'websocket', name });

/** Records a manager's events from now on. */
export function recordEvents(manager: HardwareManager): ManagerEvent[] {
  const events: ManagerEvent[] = [];
  manager.events.subscribe((event) => events.push(event));
  return events;
}

export function foundCandidates(events: readonly ManagerEvent[]): HardwareCandidate[] {
  return events.flatMap((event) => (event.type === 'found' ? [event.candidate] : []));
}

/** The next candidate a manager reports (call before causing it). */
export function nextFound(events: Observable<ManagerEvent>): Promise<HardwareCandidate> {
  return firstValueFrom(
    events.pipe(
      filter((event): event is Extract<ManagerEvent, { type: 'found' }> => event.type === 'found'),
      take(1),
      map((event) => event.candidate),
    ),
  );
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
