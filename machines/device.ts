/**
 * One device connection: found → connecting → identifying → initializing → ready → disconnected.
 * A failure at any stage releases the hardware and ends the actor before any client sees the
 * device. Every I/O step is an injected actor (see src/devices/device-actors.ts).
 */
import { assign, enqueueActions, fromCallback, fromPromise, setup, type AnyActorRef, type EventObject } from 'xstate';
import type { DeviceDefinition, DeviceInfo } from '../src/devices/features.ts';
import { deviceError } from '../src/errors.ts';
import type { Hardware, HardwareCandidate, ProtocolSpecifier } from '../src/hardware/types.ts';
import type { ProtocolHandler } from '../protocols/kit/types.ts';
import type { DeviceCommandEvent, DeviceReplyEvent } from './events.ts';

export interface DeviceInput {
  /** The server's id for this connection attempt. */
  connectionKey: string;
  candidate: HardwareCandidate;
}

/** A protocol whose specifier matches a candidate. */
export interface ProtocolMatch {
  protocol: string;
  specifier: ProtocolSpecifier;
}

export interface ConnectedHardware {
  hardware: Hardware;
  protocol: string;
}

export interface IdentifiedDevice {
  definition: DeviceDefinition;
  info: DeviceInfo;
}

export interface DeviceContext {
  connectionKey: string;
  candidate: HardwareCandidate;
  matches: readonly ProtocolMatch[];
  hardware?: Hardware;
  protocol?: string;
  definition?: DeviceDefinition;
  info?: DeviceInfo;
  handler?: ProtocolHandler;
  failure?: string;
}

/** What the `drive` actor reports back. */
export type DriveEvent = { type: 'hardware.disconnected' } | { type: 'drive.failed'; reason: string };

export type DeviceEvent =
  | DeviceCommandEvent
  | DriveEvent
  | { type: 'device.shutdown' };

export interface DriveInput {
  hardware: Hardware;
  handler: ProtocolHandler;
  definition: DeviceDefinition;
  info: DeviceInfo;
}

const notReady = (event: DeviceEvent, state: string): DeviceReplyEvent | undefined =>
  event.type === 'device.outputs' || event.type === 'device.input' || event.type === 'device.raw'
    ? {
        type: 'device.reply',
        deviceIndex: event.deviceIndex,
        clientId: event.clientId,
        result: { kind: 'error', error: deviceError(`device ${event.deviceIndex} is ${state}`) },
      }
    : undefined;

export const deviceMachine = setup({
  types: {} as {
    input: DeviceInput;
    context: DeviceContext;
    events: DeviceEvent;
  },
  actors: {
    /** Picks the protocol for the candidate and connects its hardware. */
    /** Checks the user config allows the candidate and lists the protocols that match it. */
    matchCandidate: fromPromise<readonly ProtocolMatch[], { candidate: HardwareCandidate }>(async () => {
      throw new Error('matchCandidate not provided');
    }),
    /** Connects the hardware for the first matching protocol that can. */
    connectHardware: fromPromise<ConnectedHardware, { candidate: HardwareCandidate; matches: readonly ProtocolMatch[] }>(async () => {
      throw new Error('connectHardware not provided');
    }),
    /** Finds which model this is, its merged definition and its device index. */
    identifyDevice: fromPromise<IdentifiedDevice, { candidate: HardwareCandidate; hardware: Hardware; protocol: string }>(
      async () => {
        throw new Error('identifyDevice not provided');
      },
    ),
    /** Sends the protocol's setup packets and returns its handler. */
    initializeDevice: fromPromise<ProtocolHandler, { hardware: Hardware; definition: DeviceDefinition; protocol: string }>(
      async () => {
        throw new Error('initializeDevice not provided');
      },
    ),
    /** Runs the command pipeline while the device is ready; reports disconnects and failures. */
    drive: fromCallback<DeviceCommandEvent, DriveInput>(() => () => {}),
    /** Watches the hardware for a disconnect while identifying and initializing. */
    watchHardware: fromCallback<EventObject, { hardware: Hardware }>(() => () => {}),
    /** Stops the device (forced) and disconnects it. Never rejects. */
    shutdownDevice: fromPromise<void, { hardware: Hardware; handler?: ProtocolHandler }>(async () => {}),
    /** Disconnects hardware that never became a device, telling it why. Never rejects. */
    releaseHardware: fromPromise<void, { hardware?: Hardware; candidate: HardwareCandidate; reason: string }>(async () => {}),
  },
  delays: {
    /**
     * A backstop for identification and setup together: a protocol waits for its own replies with
     * its own timeouts, but a device that never finishes setup must not hold its connection forever.
     * Long enough for a user to press a pairing button (Lelo F1s v2).
     */
    setupTimeout: 30_000,
  },
  actions: {
    refuseCommand: enqueueActions(({ event, enqueue }, params: { state: string }) => {
      const reply = notReady(event, params.state);
      if (reply && 'replyTo' in event) enqueue.sendTo(event.replyTo as AnyActorRef, reply);
    }),
    reportReady: enqueueActions(({ context, enqueue, system }) => {
      const server = system.get('server') as AnyActorRef | undefined;
      if (server && context.info) enqueue.sendTo(server, { type: 'device.ready', connectionKey: context.connectionKey, info: context.info });
    }),
    reportGone: enqueueActions(({ context, enqueue, system }) => {
      const server = system.get('server') as AnyActorRef | undefined;
      if (server) {
        enqueue.sendTo(server, {
          type: 'device.gone',
          connectionKey: context.connectionKey,
          index: context.info?.index,
          failure: context.failure,
        });
      }
    }),
    noteFailure: assign({
      failure: ({ event }) => {
        const error = (event as { error?: unknown }).error;
        if (error instanceof Error) return error.message;
        if ((event as DriveEvent).type === 'drive.failed') return (event as { reason: string }).reason;
        if ((event as DriveEvent).type === 'hardware.disconnected') return 'the device disconnected during setup';
        if ((event as { type: string }).type === 'device.shutdown') return 'the server is shutting down';
        return String(error ?? 'unknown failure');
      },
    }),
  },
}).createMachine({
  id: 'device',
  context: ({ input }) => ({ connectionKey: input.connectionKey, candidate: input.candidate, matches: [] }),
  initial: 'found',
  states: {
    found: {
      invoke: {
        src: 'matchCandidate',
        input: ({ context }) => ({ candidate: context.candidate }),
        onDone: { target: 'connecting', actions: assign({ matches: ({ event }) => event.output }) },
        onError: { target: 'releasing', actions: 'noteFailure' },
      },
      on: {
        'device.shutdown': { target: 'releasing', actions: 'noteFailure' },
        'device.outputs': { actions: { type: 'refuseCommand', params: { state: 'not connected yet' } } },
        'device.input': { actions: { type: 'refuseCommand', params: { state: 'not connected yet' } } },
        'device.raw': { actions: { type: 'refuseCommand', params: { state: 'not connected yet' } } },
      },
    },
    connecting: {
      invoke: {
        src: 'connectHardware',
        input: ({ context }) => ({ candidate: context.candidate, matches: context.matches }),
        onDone: {
          target: 'setup',
          actions: assign({ hardware: ({ event }) => event.output.hardware, protocol: ({ event }) => event.output.protocol }),
        },
        onError: { target: 'releasing', actions: 'noteFailure' },
      },
      on: {
        'device.shutdown': { target: 'releasing', actions: 'noteFailure' },
        'device.outputs': { actions: { type: 'refuseCommand', params: { state: 'still connecting' } } },
        'device.input': { actions: { type: 'refuseCommand', params: { state: 'still connecting' } } },
        'device.raw': { actions: { type: 'refuseCommand', params: { state: 'still connecting' } } },
      },
    },
    setup: {
      // Identification and initialization share one hardware watch.
      invoke: { src: 'watchHardware', input: ({ context }) => ({ hardware: context.hardware! }) },
      after: {
        setupTimeout: {
          target: 'releasing',
          actions: assign({ failure: 'the device did not finish identification and setup in time' }),
        },
      },
      on: {
        'hardware.disconnected': { target: 'releasing', actions: 'noteFailure' },
        'device.shutdown': { target: 'releasing', actions: 'noteFailure' },
        'device.outputs': { actions: { type: 'refuseCommand', params: { state: 'still being set up' } } },
        'device.input': { actions: { type: 'refuseCommand', params: { state: 'still being set up' } } },
        'device.raw': { actions: { type: 'refuseCommand', params: { state: 'still being set up' } } },
      },
      initial: 'identifying',
      states: {
        identifying: {
          invoke: {
            src: 'identifyDevice',
            input: ({ context }) => ({ candidate: context.candidate, hardware: context.hardware!, protocol: context.protocol! }),
            onDone: {
              target: 'initializing',
              actions: assign({ definition: ({ event }) => event.output.definition, info: ({ event }) => event.output.info }),
            },
            onError: { target: '#device.releasing', actions: 'noteFailure' },
          },
        },
        initializing: {
          invoke: {
            src: 'initializeDevice',
            input: ({ context }) => ({ hardware: context.hardware!, definition: context.definition!, protocol: context.protocol! }),
            onDone: { target: '#device.ready', actions: assign({ handler: ({ event }) => event.output }) },
            onError: { target: '#device.releasing', actions: 'noteFailure' },
          },
        },
      },
    },
    ready: {
      entry: 'reportReady',
      invoke: {
        id: 'drive',
        src: 'drive',
        input: ({ context }) => ({
          hardware: context.hardware!,
          handler: context.handler!,
          definition: context.definition!,
          info: context.info!,
        }),
        onError: { target: 'stopping', actions: 'noteFailure' },
      },
      on: {
        'device.outputs': { actions: enqueueActions(({ event, enqueue }) => enqueue.sendTo('drive', event)) },
        'device.input': { actions: enqueueActions(({ event, enqueue }) => enqueue.sendTo('drive', event)) },
        'device.raw': { actions: enqueueActions(({ event, enqueue }) => enqueue.sendTo('drive', event)) },
        'device.stop': { actions: enqueueActions(({ event, enqueue }) => enqueue.sendTo('drive', event)) },
        'hardware.disconnected': 'disconnected',
        'drive.failed': { target: 'stopping', actions: 'noteFailure' },
        'device.shutdown': 'stopping',
      },
    },
    stopping: {
      invoke: {
        src: 'shutdownDevice',
        input: ({ context }) => ({ hardware: context.hardware!, handler: context.handler }),
        onDone: 'disconnected',
        onError: 'disconnected',
      },
      on: {
        'device.outputs': { actions: { type: 'refuseCommand', params: { state: 'shutting down' } } },
        'device.input': { actions: { type: 'refuseCommand', params: { state: 'shutting down' } } },
        'device.raw': { actions: { type: 'refuseCommand', params: { state: 'shutting down' } } },
      },
    },
    releasing: {
      invoke: {
        src: 'releaseHardware',
        input: ({ context }) => ({ hardware: context.hardware, candidate: context.candidate, reason: context.failure ?? 'unknown failure' }),
        onDone: 'disconnected',
        onError: 'disconnected',
      },
      on: {
        'device.outputs': { actions: { type: 'refuseCommand', params: { state: 'not available' } } },
        'device.input': { actions: { type: 'refuseCommand', params: { state: 'not available' } } },
        'device.raw': { actions: { type: 'refuseCommand', params: { state: 'not available' } } },
      },
    },
    disconnected: {
      type: 'final',
      entry: 'reportGone',
    },
  },
});

export type DeviceMachine = typeof deviceMachine;
