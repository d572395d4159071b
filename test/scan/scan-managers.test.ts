/**
 * The scan machine with the real manager adapter (src/hardware/manager-actor.ts) over hardware
 * managers whose start/stop complete only when the test says: quick start/stop sequences must
 * leave the machine and the buses agreeing on whether anything scans.
 */
import fc from 'fast-check';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor, setup, type AnyActorRef } from 'xstate';
import { scanMachine } from '../../machines/scan.ts';
import type { ScanReport } from '../../machines/events.ts';
import { createManagerActor } from '../../src/adapters/manager-actor.ts';
import type { HardwareManager, ManagerAvailability, ManagerEvent } from '../../src/hardware/types.ts';
import { silentLogger } from '../../src/log/logger.ts';

/** A bus whose start and stop finish when `completeNext` is called. */
class ControlledManager implements HardwareManager {
  readonly events = new Subject<ManagerEvent>();
  scanning = false;
  /** Set if start or stop was called while another of them was still under way. */
  overlapped = false;
  private readonly operations: (() => void)[] = [];

  constructor(
    readonly name: string,
    private readonly available: boolean,
  ) {}

  availability(): Promise<ManagerAvailability> {
    return Promise.resolve(this.available ? { available: true } : { available: false, reason: 'no radio here' });
  }
  startScanning(): Promise<void> {
    return this.operation(true);
  }
  stopScanning(): Promise<void> {
    return this.operation(false);
  }
  isScanning(): boolean {
    return this.scanning;
  }
  close(): Promise<void> {
    this.events.complete();
    return Promise.resolve();
  }

  get busy(): boolean {
    return this.operations.length > 0;
  }
  completeNext(): void {
    this.operations.shift()?.();
  }
  /** A timed scan ends on its own. */
  finish(): void {
    if (!this.scanning) return;
    this.scanning = false;
    this.events.next({ type: 'scanningFinished' });
  }

  private operation(scanning: boolean): Promise<void> {
    if (this.operations.length > 0) this.overlapped = true;
    return new Promise((resolve) =>
      this.operations.push(() => {
        this.scanning = scanning;
        resolve();
      }),
    );
  }
}

function startComposition(availability: readonly boolean[]) {
  const managers = availability.map((available, i) => new ControlledManager(`bus-${i}`, available));
  const reports: ScanReport[] = [];
  const root = setup({
    types: {} as { events: ScanReport },
    actors: {
      scan: scanMachine.provide({ actors: { manager: createManagerActor(new Map(managers.map((m) => [m.name, m])), silentLogger) } }),
    },
  }).createMachine({
    invoke: { id: 'scan', systemId: 'scan', src: 'scan', input: { managers: managers.map((m) => m.name) } },
    on: {
      'scan.found': { actions: ({ event }) => void reports.push(event) },
      'scan.finished': { actions: ({ event }) => void reports.push(event) },
    },
  });
  const actor = createActor(root, { systemId: 'server' });
  actor.start();
  const scan = () => actor.system.get('scan') as AnyActorRef;
  return {
    managers,
    reports,
    actor,
    state: () => String(scan().getSnapshot().value),
    send: (type: 'scan.start' | 'scan.stop') => scan().send({ type }),
    finishedCount: () => reports.filter((r) => r.type === 'scan.finished').length,
  };
}
type Composition = ReturnType<typeof startComposition>;

const running: Composition[] = [];
afterEach(() => {
  for (const c of running.splice(0)) c.actor.stop();
});

/** Lets every pending promise callback run. */
const drain = () => new Promise((resolve) => setImmediate(resolve));

/** Completes bus operations until none is left (bounded). */
async function settleBuses(c: Composition) {
  for (let round = 0; round < 20; round++) {
    await drain();
    if (!c.managers.some((m) => m.busy)) return;
    for (const m of c.managers) m.completeNext();
  }
  throw new Error('the buses kept getting new operations');
}

interface Model {
  requested: 'idle' | 'scanning' | 'stopped';
  finished: number;
}

async function check(model: Model, c: Composition) {
  await drain();
  const quiet = c.managers.every((m) => !m.busy);
  const anyScanning = c.managers.some((m) => m.scanning);
  if (quiet && !anyScanning) {
    if (model.requested === 'scanning') model.finished += 1;
    model.requested = 'idle';
  }
  const state = c.state();
  if (model.requested === 'stopped' && state === 'idle') model.requested = 'idle';
  expect(c.finishedCount()).toBe(model.finished);
  if (model.requested === 'idle') expect(state).toBe('idle');
  if (quiet) expect(state === 'idle', `machine ${state}, buses scanning: ${anyScanning}`).toBe(!anyScanning);
  for (const m of c.managers) expect(m.overlapped, `${m.name} got a start/stop while another was under way`).toBe(false);
}

type Cmd = fc.AsyncCommand<Model, Composition>;

const start = (): Cmd => ({
  check: () => true,
  async run(model, c) {
    c.send('scan.start');
    if (model.requested !== 'scanning') model.requested = 'scanning';
    await check(model, c);
  },
  toString: () => 'start',
});

const stop = (): Cmd => ({
  check: () => true,
  async run(model, c) {
    c.send('scan.stop');
    if (model.requested === 'scanning') model.requested = 'stopped';
    await check(model, c);
  },
  toString: () => 'stop',
});

const complete = (i: number): Cmd => ({
  check: () => true,
  async run(model, c) {
    c.managers[i % c.managers.length].completeNext();
    await check(model, c);
  },
  toString: () => `complete(${i})`,
});

const finish = (i: number): Cmd => ({
  check: () => true,
  async run(model, c) {
    c.managers[i % c.managers.length].finish();
    await check(model, c);
  },
  toString: () => `finish(${i})`,
});

describe('scan machine with the real manager adapter', () => {
  it('a start and a stop sent back to back leave the bus stopped and report nothing', async () => {
    const c = startComposition([true]);
    running.push(c);
    c.send('scan.start');
    c.send('scan.stop');
    await settleBuses(c);
    expect(c.managers[0].scanning).toBe(false);
    expect(c.state()).toBe('idle');
    expect(c.reports).toEqual([]);
    // a later stop while idle is harmless, and a new scan works
    c.send('scan.stop');
    await settleBuses(c);
    expect(c.state()).toBe('idle');
    c.send('scan.start');
    await settleBuses(c);
    expect(c.state()).toBe('active');
    expect(c.managers[0].scanning).toBe(true);
    c.managers[0].finish();
    await drain();
    expect(c.finishedCount()).toBe(1);
  });

  it('any interleaving of start, stop, bus completions and finishes keeps machine and buses in step', async () => {
    const availability = fc.array(fc.boolean(), { minLength: 1, maxLength: 3 });
    const commands = fc.commands(
      [fc.constant(start()), fc.constant(stop()), fc.nat(2).map(complete), fc.nat(2).map(finish)],
      { maxCommands: 30 },
    );
    await fc.assert(
      fc.asyncProperty(availability, commands, async (available, cmds) => {
        const c = startComposition(available);
        running.push(c);
        await fc.asyncModelRun(() => ({ model: { requested: 'idle' as const, finished: 0 }, real: c }), cmds);
        c.actor.stop();
      }),
      { numRuns: 150 },
    );
  });
});
