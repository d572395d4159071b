/**
 * The root actor: owns sessions (one per client connection), device connections and the scan.
 * Devices outlive sessions and keep their indexes; every child's failure is handled here so no
 * error reaches the process. Everything the outside world must act on is `emit`ted.
 */
import { assertEvent, assign, emit, enqueueActions, setup, stopChild, type AnyActorRef } from 'xstate';
import type { DeviceInfo } from '../src/devices/features.ts';
import type { HardwareCandidate } from '../src/hardware/types.ts';
import { deviceError } from '../src/errors.ts';
import { deviceMachine } from './device.ts';
import { scanMachine } from './scan.ts';
import { sessionMachine } from './session.ts';
import type { DeviceCommandEvent, DeviceReplyEvent, ScanReport, SessionNotice } from './events.ts';

interface ServerInput {
  serverName: string;
  maxPingTime: number;
  /** How many clients may be connected at once (Intiface serves one). */
  maxClients: number;
  /** Serve the v2/v3 Raw*Cmd messages. Default false. */
  allowRaw?: boolean;
  managers: readonly string[];
}

interface DeviceConnection {
  key: string;
  address: string;
  manager: string;
  /** Set once the device is ready. */
  index?: number;
}

interface ServerContext extends ServerInput {
  sessions: readonly string[];
  connections: readonly DeviceConnection[];
  devices: readonly DeviceInfo[];
  nextConnection: number;
}

/** Events the embedding code listens to with `actor.on(type, …)`. */
export type ServerEmitted =
  | { type: 'connection.refused'; connectionId: string; reason: string }
  | { type: 'client.connected'; connectionId: string }
  | { type: 'client.disconnected'; connectionId: string }
  | { type: 'device.added'; device: DeviceInfo }
  | { type: 'device.removed'; index: number }
  | { type: 'device.refused'; address: string; reason: string }
  | { type: 'actor.failed'; actor: string; error: unknown }
  | { type: 'server.closed' };

type ServerEvent =
  | { type: 'connection.accepted'; connectionId: string }
  | { type: 'session.ended'; connectionId: string }
  | ScanReport
  | { type: 'scan.start' }
  | { type: 'scan.stop' }
  | { type: 'device.ready'; connectionKey: string; info: DeviceInfo }
  | { type: 'device.gone'; connectionKey: string; index?: number; failure?: string }
  | DeviceCommandEvent
  | { type: 'server.close' };

const sessionId = (connectionId: string) => `session:${connectionId}`;
/** The child an `xstate.done.actor.*` or `xstate.error.actor.*` event is about (those events are not in ServerEvent). */
const childIdOf = (event: object) => (event as { actorId?: string }).actorId;
const byIndex = (devices: readonly DeviceInfo[]) => [...devices].sort((a, b) => a.index - b.index);

export const serverMachine = setup({
  types: {} as {
    input: ServerInput;
    context: ServerContext;
    events: ServerEvent;
    emitted: ServerEmitted;
  },
  actors: { session: sessionMachine, device: deviceMachine, scan: scanMachine },
  guards: {
    roomForClient: ({ context }) => context.sessions.length < context.maxClients,
    allDevicesGone: ({ context }) => context.connections.length === 0,
  },
  actions: {
    startSession: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'connection.accepted');
      enqueue.spawnChild('session', {
        id: sessionId(event.connectionId),
        input: {
          connectionId: event.connectionId,
          serverName: context.serverName,
          maxPingTime: context.maxPingTime,
          devices: context.devices,
          allowRaw: context.allowRaw ?? false,
        },
      });
      enqueue.assign({ sessions: [...context.sessions, event.connectionId] });
      enqueue.emit({ type: 'client.connected', connectionId: event.connectionId });
    }),
    refuseConnection: emit(({ event }) => {
      assertEvent(event, 'connection.accepted');
      const reason = 'another client is already connected to this server';
      return { type: 'connection.refused' as const, connectionId: event.connectionId, reason };
    }),
    endSession: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'session.ended');
      if (!context.sessions.includes(event.connectionId)) return;
      enqueue.assign({ sessions: context.sessions.filter((s) => s !== event.connectionId) });
      enqueue.emit({ type: 'client.disconnected', connectionId: event.connectionId });
    }),
    connectDevice: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'scan.found');
      const candidate: HardwareCandidate = event.candidate;
      // First report wins while a device with that address is connecting or connected.
      if (context.connections.some((c) => c.address === candidate.address && c.manager === candidate.manager)) return;
      const key = `device:${context.nextConnection}`;
      enqueue.spawnChild('device', { id: key, input: { connectionKey: key, candidate } });
      enqueue.assign({
        nextConnection: context.nextConnection + 1,
        connections: [...context.connections, { key, address: candidate.address, manager: candidate.manager }],
      });
    }),
    addDevice: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'device.ready');
      const { info } = event;
      // A device reconnecting before its old connection was cleaned up replaces it.
      const stale = context.connections.find((c) => c.index === info.index && c.key !== event.connectionKey);
      if (stale) enqueue.sendTo(stale.key, { type: 'device.shutdown' });
      const devices = byIndex([...context.devices.filter((d) => d.index !== info.index), info]);
      enqueue.assign({
        devices,
        connections: context.connections
          .filter((c) => c !== stale)
          .map((c) => (c.key === event.connectionKey ? { ...c, index: info.index } : c)),
      });
      for (const connectionId of context.sessions) {
        enqueue.sendTo(sessionId(connectionId), { type: 'devices.changed', devices } satisfies SessionNotice);
      }
      enqueue.emit({ type: 'device.added', device: info });
    }),
    removeDevice: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'device.gone');
      const connection = context.connections.find((c) => c.key === event.connectionKey);
      // The entry itself goes when the actor is done (forgetConnection), so close waits for it.
      enqueue.assign({ connections: context.connections.map((c) => (c.key === event.connectionKey ? { ...c, index: undefined } : c)) });
      if (connection?.index === undefined) {
        if (connection && event.failure) enqueue.emit({ type: 'device.refused', address: connection.address, reason: event.failure });
        return;
      }
      const devices = context.devices.filter((d) => d.index !== connection.index);
      enqueue.assign({ devices });
      for (const connectionId of context.sessions) {
        enqueue.sendTo(sessionId(connectionId), { type: 'devices.changed', devices } satisfies SessionNotice);
      }
      enqueue.emit({ type: 'device.removed', index: connection.index });
    }),
    routeDeviceCommand: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, ['device.outputs', 'device.input', 'device.raw', 'device.stop']);
      if (event.type === 'device.stop') {
        const targets = context.connections.filter(
          (c) => c.index !== undefined && (event.deviceIndex === undefined || c.index === event.deviceIndex),
        );
        for (const target of targets) enqueue.sendTo(target.key, event);
        return;
      }
      const target = context.connections.find((c) => c.index === event.deviceIndex);
      if (target) {
        enqueue.sendTo(target.key, event);
        return;
      }
      enqueue.sendTo(event.replyTo as AnyActorRef, {
        type: 'device.reply',
        deviceIndex: event.deviceIndex,
        clientId: event.clientId,
        result: { kind: 'error', error: deviceError(`device ${event.deviceIndex} is not connected`) },
      } satisfies DeviceReplyEvent);
    }),
    forwardToScan: enqueueActions(({ event, enqueue }) => {
      assertEvent(event, ['scan.start', 'scan.stop']);
      enqueue.sendTo('scan', event);
    }),
    announceScanningFinished: enqueueActions(({ context, enqueue }) => {
      for (const connectionId of context.sessions) {
        enqueue.sendTo(sessionId(connectionId), { type: 'scanning.finished' } satisfies SessionNotice);
      }
    }),
    /** A device actor ended: its address may connect again. */
    forgetConnection: assign({
      connections: ({ context, event }) => context.connections.filter((c) => c.key !== childIdOf(event)),
    }),
    /** A child actor failed: report it, and treat a device or session as gone. */
    handleChildFailure: enqueueActions(({ context, event, enqueue }) => {
      const actor = childIdOf(event);
      if (!actor) return;
      enqueue.emit({ type: 'actor.failed', actor, error: (event as { error?: unknown }).error });
      const connection = context.connections.find((c) => c.key === actor);
      if (connection) {
        enqueue.raise({ type: 'device.gone', connectionKey: connection.key, index: connection.index, failure: 'device actor failed' });
        enqueue.assign({ connections: context.connections.filter((c) => c.key !== actor) });
        return;
      }
      const session = context.sessions.find((s) => sessionId(s) === actor);
      if (session) {
        // A failed session's devices are stopped just as if its client had left.
        enqueue.raise({ type: 'device.stop', inputs: true, outputs: true, force: true });
        enqueue.raise({ type: 'session.ended', connectionId: session });
      }
    }),
    beginClose: enqueueActions(({ context, enqueue }) => {
      enqueue.sendTo('scan', { type: 'scan.stop' });
      for (const connectionId of context.sessions) {
        enqueue.sendTo(sessionId(connectionId), { type: 'server.closing' } satisfies SessionNotice);
      }
      for (const connection of context.connections) enqueue.sendTo(connection.key, { type: 'device.shutdown' });
    }),
    stopScan: stopChild('scan'),
    /** A finished device or session stays among the children until stopped: drop it, or a long-running server grows without bound. */
    forgetChild: stopChild(({ event }) => {
      const id = childIdOf(event) ?? '';
      return /^(device|session):/.test(id) ? id : '';
    }),
    reportClosed: emit({ type: 'server.closed' as const }),
  },
}).createMachine({
  id: 'server',
  context: ({ input }) => ({ ...input, sessions: [], connections: [], devices: [], nextConnection: 0 }),
  invoke: { id: 'scan', systemId: 'scan', src: 'scan', input: ({ context }) => ({ managers: context.managers }) },
  on: {
    'session.ended': { actions: 'endSession' },
    'device.gone': { actions: 'removeDevice' },
    'xstate.done.actor.*': { actions: ['forgetConnection', 'forgetChild'] },
    'xstate.error.actor.*': { actions: ['handleChildFailure', 'forgetChild'] },
  },
  initial: 'serving',
  states: {
    serving: {
      on: {
        'connection.accepted': [{ guard: 'roomForClient', actions: 'startSession' }, { actions: 'refuseConnection' }],
        'scan.found': { actions: 'connectDevice' },
        'scan.finished': { actions: 'announceScanningFinished' },
        'scan.start': { actions: 'forwardToScan' },
        'scan.stop': { actions: 'forwardToScan' },
        'device.ready': { actions: 'addDevice' },
        'device.outputs': { actions: 'routeDeviceCommand' },
        'device.input': { actions: 'routeDeviceCommand' },
        'device.raw': { actions: 'routeDeviceCommand' },
        'device.stop': { actions: 'routeDeviceCommand' },
        'server.close': 'closing',
      },
    },
    closing: {
      entry: 'beginClose',
      always: { guard: 'allDevicesGone', target: 'closed' },
      on: {
        'connection.accepted': { actions: 'refuseConnection' },
        // A device that finishes setting up during shutdown is shut down at once.
        'device.ready': { actions: enqueueActions(({ event, enqueue }) => enqueue.sendTo(event.connectionKey, { type: 'device.shutdown' })) },
        'device.stop': { actions: 'routeDeviceCommand' },
      },
    },
    closed: {
      type: 'final',
      entry: ['stopScan', 'reportClosed'],
    },
  },
});
