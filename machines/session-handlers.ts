/**
 * What a ready session does with each client message: one small handler per message type, looked
 * up in a table (as the MQTT broker aedes does). Every device message shares one handler. Ping is
 * not here: it is a transition of the session machine (it re-arms the watchdog).
 */
import type { AnyActorRef } from 'xstate';
import type { DeviceRequest } from '../src/devices/commands.ts';
import type { DeviceInfo } from '../src/devices/features.ts';
import { ButtplugError, initError, messageError, unknownError } from '../src/errors.ts';
import { deviceListMessage, errorMessage, toDeviceRequest } from '../src/messages/index.ts';
import type { ClientMessage, ServerMessage, SpecVersion } from '../src/messages/types.ts';
import type { DeviceCommandEvent, ScanControl } from './events.ts';
import type { SessionContext } from './session.ts';

/** What a handler sees of its session, and the only ways it may act. */
interface MessageEffects {
  /** The session after its handshake, so the version is known. */
  readonly session: SessionContext & { readonly version: SpecVersion };
  readonly self: AnyActorRef;
  /** Absent while the server shuts down. */
  readonly server: AnyActorRef | undefined;
  readonly scan: AnyActorRef | undefined;
  reply(message: ServerMessage): void;
  update(changes: Partial<SessionContext>): void;
  send(to: AnyActorRef, event: DeviceCommandEvent | ScanControl): void;
}

type Handler<M extends ClientMessage> = (message: M, effects: MessageEffects) => void;
type MessageOf<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

const ok = (message: ClientMessage): ServerMessage => ({ type: 'Ok', Id: message.Id });

const handleRequestServerInfo: Handler<MessageOf<'RequestServerInfo'>> = (message, { reply }) =>
  reply(errorMessage(message.Id, initError('the handshake already happened on this connection')));

const handleStartScanning: Handler<MessageOf<'StartScanning'>> = (message, { scan, send, update, reply }) => {
  if (scan) send(scan, { type: 'scan.start' });
  update({ scanStarted: true });
  reply(ok(message));
};

const handleStopScanning: Handler<MessageOf<'StopScanning'>> = (message, { scan, send, update, reply }) => {
  if (scan) send(scan, { type: 'scan.stop' });
  update({ scanStarted: false });
  reply(ok(message));
};

const handleRequestDeviceList: Handler<MessageOf<'RequestDeviceList'>> = (message, { session, reply }) =>
  reply(deviceListMessage(session.devices, session.version, message.Id));

// Accepted for old clients; this server streams no log messages.
const handleRequestLog: Handler<MessageOf<'RequestLog'>> = (message, { reply }) => reply(ok(message));

const handleTest: Handler<MessageOf<'Test'>> = (message, { reply }) =>
  reply({ type: 'Test', Id: message.Id, TestString: message.TestString });

const devicesById = (devices: readonly DeviceInfo[]) => new Map(devices.map((d) => [d.index, d]));

/** Any device message: converted for the session's version, then sent to its device through the server. */
const handleDeviceMessage: Handler<ClientMessage> = (message, effects) => {
  const { session, server, reply } = effects;
  const request = toDeviceRequest(message, session.version, devicesById(session.devices), { allowRaw: session.allowRaw });
  if (request === undefined) return reply(errorMessage(message.Id, messageError(`${message.type} is not handled by this server`)));
  if (request instanceof ButtplugError) return reply(errorMessage(message.Id, request));
  if (!server) return reply(errorMessage(message.Id, unknownError('the server is shutting down')));
  if (request.kind === 'stop') {
    effects.send(server, { ...request, type: 'device.stop', force: false });
    return reply(ok(message));
  }
  // The reply comes later, from the device; the session owes it and stops the device when it ends.
  const commanded = session.commanded.includes(request.deviceIndex) ? session.commanded : [...session.commanded, request.deviceIndex];
  effects.update({ commanded, pending: [...session.pending, { clientId: message.Id, deviceIndex: request.deviceIndex }] });
  effects.send(server, deviceCommand(request, message.Id, effects.self));
};

/** A device request as the event its device actor takes, answered to `replyTo`. */
function deviceCommand(request: Exclude<DeviceRequest, { kind: 'stop' }>, clientId: number, replyTo: AnyActorRef): DeviceCommandEvent {
  const addressed = { deviceIndex: request.deviceIndex, clientId, replyTo };
  switch (request.kind) {
    case 'outputs':
      return { type: 'device.outputs', ...addressed, commands: request.commands };
    case 'raw':
      return { type: 'device.raw', ...addressed, command: request.command };
    case 'input':
      return {
        type: 'device.input',
        ...addressed,
        featureIndex: request.featureIndex,
        input: request.input,
        command: request.command,
        reply: request.reply,
      };
  }
}

const handlers: { readonly [T in ClientMessage['type']]?: Handler<MessageOf<T>> } = {
  RequestServerInfo: handleRequestServerInfo,
  StartScanning: handleStartScanning,
  StopScanning: handleStopScanning,
  RequestDeviceList: handleRequestDeviceList,
  RequestLog: handleRequestLog,
  Test: handleTest,
};

/** Runs the handler for `message`'s type. */
export function handleClientMessage(message: ClientMessage, effects: MessageEffects): void {
  const handler = (handlers[message.type] ?? handleDeviceMessage) as Handler<ClientMessage>;
  handler(message, effects);
}
