/**
 * Scanning across every hardware manager: idle → starting → active → stopping → idle.
 * Devices found by a manager are forwarded to the server at any time (bridge devices and
 * hot-plug need no scan). ScanningFinished goes out only when every manager finished on its own
 * during an active scan, never after an explicit stop (the reference's rule).
 */
import { assertEvent, assign, enqueueActions, fromCallback, setup, type AnyActorRef } from 'xstate';
import type { HardwareCandidate } from '../src/hardware/types.ts';
import type { ScanControl, ScanReport } from './events.ts';

export interface ScanInput {
  managers: readonly string[];
}

/** Manager actor protocol: receives start/stop, reports what happened. */
export type ManagerCommand = { type: 'manager.start' } | { type: 'manager.stop' };
export type ManagerReport =
  | { type: 'manager.found'; candidate: HardwareCandidate }
  /** The manager is scanning now (start completed). */
  | { type: 'manager.started'; name: string }
  /** The manager is not scanning (stopped, finished on its own, or could not start). */
  | { type: 'manager.idle'; name: string; finished: boolean };

export interface ScanContext {
  managers: readonly string[];
  /** Managers asked to start that have not answered yet. */
  awaiting: readonly string[];
  scanning: readonly string[];
  /** Managers that finished on their own during this scan. */
  finished: readonly string[];
}

type ScanEvent = ScanControl | ManagerReport;

const managerId = (name: string) => `manager:${name}`;

export const scanMachine = setup({
  types: {} as { input: ScanInput; context: ScanContext; events: ScanEvent },
  actors: {
    /** Provided by src/: one hardware manager, by name. */
    manager: fromCallback<ManagerCommand, { name: string }, ManagerReport>(() => () => {}),
  },
  guards: {
    settledScanning: ({ context }) => context.awaiting.length === 0 && context.scanning.length > 0,
    noneScanning: ({ context }) => context.awaiting.length === 0 && context.scanning.length === 0,
  },
  actions: {
    spawnManagers: enqueueActions(({ context, enqueue }) => {
      for (const name of context.managers) enqueue.spawnChild('manager', { id: managerId(name), input: { name } });
    }),
    tellManagers: enqueueActions(({ context, enqueue }, params: { command: ManagerCommand['type'] }) => {
      for (const name of context.managers) enqueue.sendTo(managerId(name), { type: params.command });
    }),
    forwardFound: enqueueActions(({ event, enqueue, system }) => {
      assertEvent(event, 'manager.found');
      const server = system.get('server') as AnyActorRef | undefined;
      if (server) enqueue.sendTo(server, { type: 'scan.found', candidate: event.candidate } satisfies ScanReport);
    }),
    reportFinished: enqueueActions(({ enqueue, system }) => {
      const server = system.get('server') as AnyActorRef | undefined;
      if (server) enqueue.sendTo(server, { type: 'scan.finished' } satisfies ScanReport);
    }),
    markStarted: assign(({ context, event }) => {
      assertEvent(event, 'manager.started');
      return {
        awaiting: context.awaiting.filter((n) => n !== event.name),
        scanning: context.scanning.includes(event.name) ? context.scanning : [...context.scanning, event.name],
      };
    }),
    markIdle: assign(({ context, event }) => {
      assertEvent(event, 'manager.idle');
      return {
        awaiting: context.awaiting.filter((n) => n !== event.name),
        scanning: context.scanning.filter((n) => n !== event.name),
        finished: event.finished && !context.finished.includes(event.name) ? [...context.finished, event.name] : context.finished,
      };
    }),
    beginScan: assign(({ context }) => ({ finished: [], awaiting: context.managers })),
  },
}).createMachine({
  id: 'scan',
  context: ({ input }) => ({ managers: input.managers, awaiting: [], scanning: [], finished: [] }),
  entry: 'spawnManagers',
  on: {
    'manager.found': { actions: 'forwardFound' },
    'manager.started': { actions: 'markStarted' },
    'manager.idle': { actions: 'markIdle' },
  },
  initial: 'idle',
  states: {
    idle: {
      on: {
        'scan.start': { target: 'starting', actions: ['beginScan', { type: 'tellManagers', params: { command: 'manager.start' } }] },
        // Like the reference, every bus is told to stop whatever the state; nothing else changes.
        'scan.stop': { actions: { type: 'tellManagers', params: { command: 'manager.stop' } } },
      },
    },
    starting: {
      // Every manager answers start with started or idle; with none able to scan the scan is over at once.
      always: [
        { guard: 'settledScanning', target: 'active' },
        { guard: 'noneScanning', target: 'finished' },
      ],
      on: {
        'scan.stop': { target: 'stopping', actions: { type: 'tellManagers', params: { command: 'manager.stop' } } },
      },
    },
    active: {
      always: { guard: 'noneScanning', target: 'finished' },
      on: {
        'scan.stop': { target: 'stopping', actions: { type: 'tellManagers', params: { command: 'manager.stop' } } },
      },
    },
    finished: {
      entry: 'reportFinished',
      always: 'idle',
    },
    stopping: {
      always: { guard: 'noneScanning', target: 'idle' },
      on: {
        'scan.start': { target: 'starting', actions: ['beginScan', { type: 'tellManagers', params: { command: 'manager.start' } }] },
      },
    },
  },
});
