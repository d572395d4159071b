/**
 * One client connection: handshake → ready (with the ping watchdog) → closed.
 * Pure: frames come from and go to the injected `transport` actor; devices and the scan are
 * reached through the server and scan actors; time only through `after`.
 */
import { assign, enqueueActions, fromCallback, setup, type AnyActorRef } from 'xstate';
import type { DeviceInfo } from '../src/devices/features.ts';
import { ButtplugError, ErrorCode, initError, pingError, deviceError } from '../src/errors.ts';
import { errorMessage, negotiateVersion, parseFrame, serialize, serverInfoFor } from '../src/messages/index.ts';
import type { ClientMessage, ServerMessage, SpecVersion } from '../src/messages/types.ts';
import { deviceListChanges, deviceListMessage, rawReadingMessage, readingMessage, toDeviceRequest } from '../src/messages/convert/index.ts';
import type { DeviceCommandEvent, DeviceRawReadingEvent, DeviceReadingEvent, DeviceReplyEvent, SessionNotice } from './events.ts';

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

export const CLOSE_NORMAL = 1000;
export const CLOSE_POLICY = 1008;

/** The part of XState's `enqueue` this module uses. */
interface Enqueue {
  sendTo(target: string, event: TransportCommand): void;
}

const devicesById = (devices: readonly DeviceInfo[]) => new Map(devices.map((d) => [d.index, d]));

/** Serializes for the negotiated version; anything the version cannot carry becomes Error Id 0. */
function encode(context: SessionContext, message: ServerMessage): string {
  const version = context.version ?? 0;
  try {
    return serialize(message, version);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return serialize(errorMessage(0, new ButtplugError(ErrorCode.Message, reason)), version);
  }
}

function sendTo(enqueue: Enqueue, context: SessionContext, messages: readonly ServerMessage[]) {
  for (const message of messages) {
    enqueue.sendTo('transport', { type: 'send', text: encode(context, message) } satisfies TransportCommand);
  }
}

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
      if (event.type !== 'frame') return;
      const result = negotiateVersion(event.frame);
      if (!result.ok) {
        sendTo(enqueue, context, [errorMessage(result.id, result.error)]);
        return;
      }
      const { version, message } = result;
      const known = context.devices.map((d) => d.index);
      enqueue.assign({ version, clientName: message.ClientName, known });
      const handshaken = { ...context, version };
      sendTo(enqueue, handshaken, [
        serverInfoFor(version, { id: message.Id, serverName: context.serverName, maxPingTime: context.maxPingTime }),
      ]);
      // Anything sent after the RequestServerInfo in the same frame is handled as usual.
      for (const item of parseFrame(event.frame, version).slice(1)) {
        enqueue.raise(item.ok ? { type: 'message', message: item.message } : { type: 'invalid', id: item.id, error: item.error });
      }
    }),
    splitFrame: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'frame' || context.version === undefined) return;
      for (const item of parseFrame(event.frame, context.version)) {
        enqueue.raise(item.ok ? { type: 'message', message: item.message } : { type: 'invalid', id: item.id, error: item.error });
      }
    }),
    replyInvalid: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'invalid') return;
      sendTo(enqueue, context, [errorMessage(event.id, event.error)]);
    }),
    replyOk: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'message') return;
      sendTo(enqueue, context, [{ type: 'Ok', Id: event.message.Id }]);
    }),
    refusePingedOut: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'frame') {
        for (const item of parseFrame(event.frame, context.version ?? 0)) {
          const id = item.ok ? item.message.Id : item.id;
          sendTo(enqueue, context, [errorMessage(id, pingError('the client missed a ping; the session is over'))]);
        }
      }
    }),
    handleMessage: enqueueActions(({ context, event, enqueue, self, system }) => {
      if (event.type !== 'message' || context.version === undefined) return;
      const message = event.message;
      const reply = (messages: readonly ServerMessage[]) => sendTo(enqueue, context, messages);
      const server = system.get('server') as AnyActorRef | undefined;
      const scan = system.get('scan') as AnyActorRef | undefined;
      switch (message.type) {
        case 'RequestServerInfo':
          reply([errorMessage(message.Id, initError('the handshake already happened on this connection'))]);
          return;
        case 'StartScanning':
          if (scan) enqueue.sendTo(scan, { type: 'scan.start' });
          enqueue.assign({ scanStarted: true });
          reply([{ type: 'Ok', Id: message.Id }]);
          return;
        case 'StopScanning':
          if (scan) enqueue.sendTo(scan, { type: 'scan.stop' });
          enqueue.assign({ scanStarted: false });
          reply([{ type: 'Ok', Id: message.Id }]);
          return;
        case 'RequestDeviceList':
          reply([deviceListMessage(context.devices, context.version, message.Id)]);
          return;
        case 'RequestLog':
          // Accepted for old clients; this server streams no log messages.
          reply([{ type: 'Ok', Id: message.Id }]);
          return;
        case 'Test':
          reply([{ type: 'Test', Id: message.Id, TestString: message.TestString }]);
          return;
      }
      const request = toDeviceRequest(message, context.version, devicesById(context.devices), { allowRaw: context.allowRaw });
      if (request === undefined) {
        reply([errorMessage(message.Id, new ButtplugError(ErrorCode.Message, `${message.type} is not handled by this server`))]);
        return;
      }
      if (request instanceof ButtplugError) {
        reply([errorMessage(message.Id, request)]);
        return;
      }
      if (!server) {
        reply([errorMessage(message.Id, new ButtplugError(ErrorCode.Unknown, 'the server is shutting down'))]);
        return;
      }
      if (request.kind === 'stop') {
        enqueue.sendTo(server, { ...request, type: 'device.stop', force: false } satisfies DeviceCommandEvent);
        reply([{ type: 'Ok', Id: message.Id }]);
        return;
      }
      const commanded = context.commanded.includes(request.deviceIndex)
        ? context.commanded
        : [...context.commanded, request.deviceIndex];
      const pending = [...context.pending, { clientId: message.Id, deviceIndex: request.deviceIndex }];
      enqueue.assign({ commanded, pending });
      const command: DeviceCommandEvent =
        request.kind === 'outputs'
          ? { type: 'device.outputs', deviceIndex: request.deviceIndex, clientId: message.Id, commands: request.commands, replyTo: self }
          : request.kind === 'raw'
            ? { type: 'device.raw', deviceIndex: request.deviceIndex, clientId: message.Id, command: request.command, replyTo: self }
            : {
                type: 'device.input',
                deviceIndex: request.deviceIndex,
                clientId: message.Id,
                featureIndex: request.featureIndex,
                input: request.input,
                command: request.command,
                reply: request.reply,
                replyTo: self,
              };
      enqueue.sendTo(server, command);
    }),
    relayDeviceReply: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'device.reply' || context.version === undefined) return;
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
      sendTo(enqueue, context, [message]);
    }),
    relayReading: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'device.reading' || context.version !== 4) return;
      sendTo(enqueue, context, [readingMessage(event.reading, { kind: 'InputReading' }, 0, 4)]);
    }),
    relayRawReading: enqueueActions(({ context, event, enqueue }) => {
      // Only v2/v3 have RawReading; a v4 session never subscribes, but a stray event must not reach it.
      if (event.type !== 'device.rawReading' || (context.version !== 2 && context.version !== 3)) return;
      sendTo(enqueue, context, [rawReadingMessage(event.reading, 0, context.version)]);
    }),
    updateDevices: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'devices.changed') return;
      const present = new Set(event.devices.map((d) => d.index));
      const orphaned = context.pending.filter((p) => !present.has(p.deviceIndex));
      enqueue.assign({
        devices: event.devices,
        pending: context.pending.filter((p) => present.has(p.deviceIndex)),
      });
      if (context.version === undefined) return;
      // A request whose device vanished is still owed exactly one reply.
      sendTo(
        enqueue,
        context,
        orphaned.map((p) => errorMessage(p.clientId, deviceError(`device ${p.deviceIndex} disconnected before answering`))),
      );
      const changes = deviceListChanges(new Set(context.known), event.devices, context.version);
      enqueue.assign({ known: [...changes.known] });
      sendTo(enqueue, context, changes.messages);
    }),
    trackDevicesQuietly: assign(({ event }) => (event.type === 'devices.changed' ? { devices: event.devices } : {})),
    announceScanningFinished: enqueueActions(({ context, enqueue }) => {
      if (context.version === undefined) return;
      sendTo(enqueue, context, [{ type: 'ScanningFinished', Id: 0 }]);
    }),
    pingOut: enqueueActions(({ context, enqueue, system }) => {
      const server = system.get('server') as AnyActorRef | undefined;
      if (server) enqueue.sendTo(server, { type: 'device.stop', inputs: true, outputs: true, force: true } satisfies DeviceCommandEvent);
      sendTo(enqueue, context, [errorMessage(0, pingError('no Ping within MaxPingTime; every device was stopped'))]);
      enqueue.sendTo('transport', { type: 'close', code: CLOSE_POLICY, reason: 'ping timeout' } satisfies TransportCommand);
    }),
    /** The end of every path out of `ready`: stop what this client moved and the scan it started. */
    releaseDevices: enqueueActions(({ context, enqueue, system }) => {
      const server = system.get('server') as AnyActorRef | undefined;
      const scan = system.get('scan') as AnyActorRef | undefined;
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
      const server = system.get('server') as AnyActorRef | undefined;
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

export type SessionMachine = typeof sessionMachine;
