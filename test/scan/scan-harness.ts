/**
 * Runs the real scan machine under a stand-in server root (systemId "server") with fake manager
 * actors provided through `.provide`. Each fake follows the manager contract of
 * src/hardware/manager-actor.ts: it answers only its newest command, when the test says so, and
 * may finish on its own while scanning.
 */
import { createActor, fromCallback, setup, type AnyActorRef } from 'xstate';
import { scanMachine, type ManagerCommand, type ManagerReport } from '../../machines/scan.ts';
import type { ScanReport } from '../../machines/events.ts';
import type { HardwareCandidate } from '../../src/hardware/types.ts';

/** timed: scans until it finishes on its own; ble: scans until stopped; unavailable: cannot scan. */
export type ManagerKind = 'timed' | 'ble' | 'unavailable';

export interface FakeManager {
  readonly name: string;
  readonly kind: ManagerKind;
  /** Every command the scan machine sent, oldest first. */
  readonly commands: ManagerCommand['type'][];
  /** Whether the (pretend) bus is scanning right now. */
  scanning: boolean;
  /** The newest command, not yet carried out and answered. */
  pending: ManagerCommand['type'] | undefined;
}

export function candidate(address: string): HardwareCandidate {
  return {
    manager: 'fake',
    name: `Device ${address}`,
    address,
    specifier: { kind: 'btle', name: `Device ${address}`, manufacturerData: [], advertisedServices: [] },
    connect: () => Promise.reject(new Error('fake candidates do not connect')),
  };
}

export function startScanHarness(kinds: readonly ManagerKind[]) {
  const managers = new Map<string, FakeManager & { sendBack?: (report: ManagerReport) => void }>();
  const names = kinds.map((kind, i) => `${kind}-${i}`);
  kinds.forEach((kind, i) => managers.set(names[i], { name: names[i], kind, commands: [], scanning: false, pending: undefined }));
  const reports: ScanReport[] = [];

  const manager = fromCallback<ManagerCommand, { name: string }, ManagerReport>(({ input, receive, sendBack }) => {
    const fake = managers.get(input.name)!;
    fake.sendBack = sendBack;
    receive((command) => {
      fake.commands.push(command.type);
      fake.pending = command.type;
    });
    return () => {
      fake.sendBack = undefined;
    };
  });

  const root = setup({
    types: {} as { events: ScanReport },
    actors: { scan: scanMachine.provide({ actors: { manager } }) },
  }).createMachine({
    invoke: { id: 'scan', systemId: 'scan', src: 'scan', input: { managers: names } },
    on: {
      'scan.found': { actions: ({ event }) => void reports.push(event) },
      'scan.finished': { actions: ({ event }) => void reports.push(event) },
    },
  });
  const actor = createActor(root, { systemId: 'server' });
  actor.start();

  const scan = () => actor.system.get('scan') as AnyActorRef;
  const fake = (name: string) => {
    const found = managers.get(name);
    if (!found) throw new Error(`no fake manager ${name}`);
    return found;
  };

  return {
    names,
    reports,
    manager: (name: string): FakeManager => fake(name),
    finishedCount: () => reports.filter((r) => r.type === 'scan.finished').length,
    state: () => String(scan().getSnapshot().value),
    start: () => scan().send({ type: 'scan.start' }),
    stop: () => scan().send({ type: 'scan.stop' }),
    /** Carries out the manager's newest command and answers it; false if nothing was pending. */
    answer(name: string): boolean {
      const m = fake(name);
      const command = m.pending;
      if (command === undefined) return false;
      m.pending = undefined;
      if (command === 'manager.stop') {
        m.scanning = false;
        m.sendBack?.({ type: 'manager.idle', name, finished: false });
      } else if (m.kind === 'unavailable') {
        m.scanning = false;
        m.sendBack?.({ type: 'manager.idle', name, finished: true });
      } else {
        m.scanning = true;
        m.sendBack?.({ type: 'manager.started', name });
      }
      return true;
    },
    /** A timed manager's scan ends on its own (reported only while nothing is pending, as the adapter does). */
    finish(name: string): boolean {
      const m = fake(name);
      if (m.kind !== 'timed' || !m.scanning || m.pending !== undefined) return false;
      m.scanning = false;
      m.sendBack?.({ type: 'manager.idle', name, finished: true });
      return true;
    },
    found(name: string, address: string) {
      fake(name).sendBack?.({ type: 'manager.found', candidate: candidate(address) });
    },
    answerAll() {
      for (const name of names) this.answer(name);
    },
    stopHarness: () => actor.stop(),
  };
}

export type ScanHarness = ReturnType<typeof startScanHarness>;
