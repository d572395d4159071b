/**
 * One client connection: handshake → ready (with the ping watchdog) → closed.
 * Pure: frames come from and go to the injected `transport` actor; devices and the scan are
 * reached through the server and scan actors; time only through `after`.
 */
import { assertEvent, assign, enqueueActions, fromCallback, setup, type AnyActorRef } from 'xstate';
import type { DeviceInfo } from '../src/devices/features.ts';
import { ButtplugError, pingError, deviceError, describeError, messageError } from '../src/errors.ts';
import { errorMessage, readFirstFrame, parseFrame, serialize, serverInfoFor, type ParsedItem } from '../src/messages/index.ts';
import type { ClientMessage, ServerMessage, SpecVersion } from '../src/messages/types.ts';
import { deviceListChanges, rawReadingMessage, readingMessage } from '../src/messages/convert/index.ts';
import type { DeviceCommandEvent, DeviceRawReadingEvent, DeviceReadingEvent, DeviceReplyEvent, SessionNotice } from './events.ts';
import { handleClientMessage } from './session-handlers.ts';

export interface SessionInput {
  connectionId: string;
  serverName: string;
  /** ms; 0 turns the watchdog off. */
  maxPingTime: number;
  devices: readonly DeviceInfo[];
  /** Serve the v2/v3 Raw*Cmd messages (server option allowRaw). Default false. */
  allowRaw?: boolean;
}

/** A request sent to a device whose reply the client is still owed. */
interface PendingReply {
  clientId: number;
  deviceIndex: number;
}

export interface SessionContext {
  connectionId: string;
  serverName: string;
  maxPingTime: number;
  allowRaw: boolean;
  version: SpecVersion | undefined;
  clientName: string | undefined;
  devices: readonly DeviceInfo[];
  /** Device indexes this client has been told about (drives DeviceAdded/DeviceRemoved). */
  known: readonly number[];
  /** Devices this client commanded: they are stopped when the session ends. */
  commanded: readonly number[];
  pending: readonly PendingReply[];
  scanStarted: boolean;
}

export type TransportEvent = { type: 'frame'; frame: string } | { type: 'transport.closed' };
export type SessionEvent =
  | TransportEvent
  | SessionNotice
  | DeviceReplyEvent
  | DeviceReadingEvent
  | DeviceRawReadingEvent
  | { type: 'message'; message: ClientMessage }
  | { type: 'invalid'; id: number; error: ButtplugError };

/** What the session tells its transport. */
export type TransportCommand = { type: 'send'; text: string } | { type: 'close'; code: number; reason: string };

const CLOSE_NORMAL = 1000;
const CLOSE_POLICY = 1008;

/** The part of XState's `enqueue` the helpers below use. */
interface Enqueue {
  sendTo(target: string, event: TransportCommand): void;
  raise(event: SessionEvent): void;
}

/** Serializes for the negotiated version; anything the version cannot carry becomes Error Id 0. */
function encode(context: SessionContext, message: ServerMessage): string {
  const version = context.version ?? 0;
  try {
    return serialize(message, version);
  } catch (error) {
    return serialize(errorMessage(0, messageError(describeError(error))), version);
  }
}

/** Sends messages to the client, serialized for its version. */
function tellClient(enqueue: Enqueue, context: SessionContext, messages: readonly ServerMessage[]) {
  for (const message of messages) {
    enqueue.sendTo('transport', { type: 'send', text: encode(context, message) } satisfies TransportCommand);
  }
}

/** Each parsed message of a frame goes through the machine as its own event. */
function raiseEach(enqueue: Enqueue, items: readonly ParsedItem[]) {
  for (const item of items) {
    enqueue.raise(item.ok ? { type: 'message', message: item.message } : { type: 'invalid', id: item.id, error: item.error });
  }
}

/** The server and the scan are looked up when needed, never kept (they may be gone at shutdown). */
type Registry = { get(systemId: string): unknown };
const serverOf = (system: Registry) => system.get('server') as AnyActorRef | undefined;
const scanOf = (system: Registry) => system.get('scan') as AnyActorRef | undefined;

export const sessionMachine = setup({
  types: {} as {
    input: SessionInput;
    context: SessionContext;
    events: SessionEvent;
  },
  actors: {
    /** Provided by src/: moves text frames between this session and its connection. */
    transport: fromCallback<TransportCommand, { connectionId: string }, TransportEvent>(() => () => {}),
  },
  delays: {
    pingTimeout: ({ context }) => context.maxPingTime,
  },
  guards: {
    pingEnabled: ({ context }) => context.maxPingTime > 0,
    isPing: ({ event }) => event.type === 'message' && event.message.type === 'Ping',
    wasHandshaken: ({ context }) => context.version !== undefined,
  },
  actions: {
    handshake: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'frame');
      const { negotiation, rest } = readFirstFrame(event.frame);
      if (!negotiation.ok) {
        tellClient(enqueue, context, [errorMessage(negotiation.id, negotiation.error)]);
        return;
      }
      const { version, message } = negotiation;
      const known = context.devices.map((d) => d.index);
      enqueue.assign({ version, clientName: message.ClientName, known });
      const handshaken = { ...context, version };
      tellClient(enqueue, handshaken, [
        serverInfoFor(version, { id: message.Id, serverName: context.serverName, maxPingTime: context.maxPingTime }),
      ]);
      // Anything sent after the RequestServerInfo in the same frame is handled as usual.
      raiseEach(enqueue, rest);
    }),
    splitFrame: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'frame');
      if (context.version === undefined) return;
      raiseEach(enqueue, parseFrame(event.frame, context.version));
    }),
    replyInvalid: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'invalid');
      tellClient(enqueue, context, [errorMessage(event.id, event.error)]);
    }),
    replyOk: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'message');
      tellClient(enqueue, context, [{ type: 'Ok', Id: event.message.Id }]);
    }),
    refusePingedOut: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'frame');
      for (const item of parseFrame(event.frame, context.version ?? 0)) {
        const id = item.ok ? item.message.Id : item.id;
        tellClient(enqueue, context, [errorMessage(id, pingError('the client missed a ping; the session is over'))]);
      }
    }),
    handleMessage: enqueueActions(({ context, event, enqueue, self, system }) => {
      assertEvent(event, 'message');
      const { version } = context;
      if (version === undefined) return;
      handleClientMessage(event.message, {
        session: { ...context, version },
        self,
        server: serverOf(system),
        scan: scanOf(system),
        reply: (message) => tellClient(enqueue, context, [message]),
        update: (changes) => enqueue.assign(changes),
        send: (to, command) => enqueue.sendTo(to, command),
      });
    }),
    relayDeviceReply: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'device.reply');
      if (context.version === undefined) return;
      const index = context.pending.findIndex((p) => p.clientId === event.clientId && p.deviceIndex === event.deviceIndex);
      if (index < 0) return; // already answered (device went away first)
      enqueue.assign({ pending: context.pending.filter((_, i) => i !== index) });
      const { result } = event;
      const message: ServerMessage =
        result.kind === 'ok'
          ? { type: 'Ok', Id: event.clientId }
          : result.kind === 'error'
            ? errorMessage(event.clientId, result.error)
            : result.kind === 'raw'
              ? rawReadingMessage(result.reading, event.clientId, context.version)
              : readingMessage(result.reading, result.reply, event.clientId, context.version);
      tellClient(enqueue, context, [message]);
    }),
    relayReading: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'device.reading');
      if (context.version !== 4) return;
      tellClient(enqueue, context, [readingMessage(event.reading, { kind: 'InputReading' }, 0, 4)]);
    }),
    relayRawReading: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'device.rawReading');
      // Only v2/v3 have RawReading; a v4 session never subscribes, but a stray event must not reach it.
      if (context.version !== 2 && context.version !== 3) return;
      tellClient(enqueue, context, [rawReadingMessage(event.reading, 0, context.version)]);
    }),
    updateDevices: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'devices.changed');
      const present = new Set(event.devices.map((d) => d.index));
      const orphaned = context.pending.filter((p) => !present.has(p.deviceIndex));
      enqueue.assign({
        devices: event.devices,
        pending: context.pending.filter((p) => present.has(p.deviceIndex)),
      });
      if (context.version === undefined) return;
      // A request whose device vanished is still owed exactly one reply.
      tellClient(
        enqueue,
        context,
        orphaned.map((p) => errorMessage(p.clientId, deviceError(`device ${p.deviceIndex} disconnected before answering`))),
      );
      const changes = deviceListChanges(new Set(context.known), event.devices, context.version);
      enqueue.assign({ known: [...changes.known] });
      tellClient(enqueue, context, changes.messages);
    }),
    trackDevicesQuietly: assign(({ event }) => {
      assertEvent(event, 'devices.changed');
      return { devices: event.devices };
    }),
    announceScanningFinished: enqueueActions(({ context, enqueue }) => {
      if (context.version === undefined) return;
      tellClient(enqueue, context, [{ type: 'ScanningFinished', Id: 0 }]);
    }),
    pingOut: enqueueActions(({ context, enqueue, system }) => {
      const server = serverOf(system);
      if (server) enqueue.sendTo(server, { type: 'device.stop', inputs: true, outputs: true, force: true } satisfies DeviceCommandEvent);
      tellClient(enqueue, context, [errorMessage(0, pingError('no Ping within MaxPingTime; every device was stopped'))]);
      enqueue.sendTo('transport', { type: 'close', code: CLOSE_POLICY, reason: 'ping timeout' } satisfies TransportCommand);
    }),
    /** The end of every path out of `ready`: stop what this client moved and the scan it started. */
    releaseDevices: enqueueActions(({ context, enqueue, system }) => {
      const server = serverOf(system);
      const scan = scanOf(system);
      if (context.scanStarted && scan) enqueue.sendTo(scan, { type: 'scan.stop' });
      if (!server) return;
      for (const deviceIndex of context.commanded) {
        enqueue.sendTo(server, { type: 'device.stop', deviceIndex, inputs: true, outputs: true, force: true } satisfies DeviceCommandEvent);
      }
    }),
    closeTransport: enqueueActions(({ enqueue }) => {
      enqueue.sendTo('transport', { type: 'close', code: CLOSE_NORMAL, reason: 'server closing' } satisfies TransportCommand);
    }),
    reportEnded: enqueueActions(({ context, enqueue, system }) => {
      const server = serverOf(system);
      if (server) enqueue.sendTo(server, { type: 'session.ended', connectionId: context.connectionId });
    }),
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => ({
    connectionId: input.connectionId,
    serverName: input.serverName,
    maxPingTime: input.maxPingTime,
    allowRaw: input.allowRaw ?? false,
    version: undefined,
    clientName: undefined,
    devices: input.devices,
    known: [],
    commanded: [],
    pending: [],
    scanStarted: false,
  }),
  invoke: { id: 'transport', src: 'transport', input: ({ context }) => ({ connectionId: context.connectionId }) },
  initial: 'awaitingHandshake',
  on: {
    'transport.closed': '.closed',
  },
  states: {
    awaitingHandshake: {
      on: {
        frame: { actions: 'handshake' },
        'devices.changed': { actions: 'trackDevicesQuietly' },
        'server.closing': 'closed',
      },
      always: { guard: 'wasHandshaken', target: 'ready' },
    },
    ready: {
      initial: 'watch',
      states: {
        watch: {
          always: [{ guard: 'pingEnabled', target: 'watching' }, { target: 'unwatched' }],
        },
        watching: {
          after: { pingTimeout: '#session.pingedOut' },
        },
        unwatched: {},
      },
      on: {
        frame: { actions: 'splitFrame' },
        message: [
          { guard: 'isPing', target: '.watch', reenter: true, actions: 'replyOk' },
          { actions: 'handleMessage' },
        ],
        invalid: { actions: 'replyInvalid' },
        'device.reply': { actions: 'relayDeviceReply' },
        'device.reading': { actions: 'relayReading' },
        'device.rawReading': { actions: 'relayRawReading' },
        'devices.changed': { actions: 'updateDevices' },
        'scanning.finished': { actions: 'announceScanningFinished' },
        'server.closing': { target: 'closed', actions: 'closeTransport' },
      },
    },
    pingedOut: {
      entry: 'pingOut',
      on: {
        frame: { actions: 'refusePingedOut' },
        'server.closing': 'closed',
      },
    },
    closed: {
      type: 'final',
      entry: ['releaseDevices', 'reportEnded'],
    },
  },
});
