/**
 * One device connection, from discovery to gone:
 * found → connecting → setup (identifying → initializing) → active (ready → stopping) →
 * disconnecting → disconnected. A failure before `active` releases the hardware and ends the
 * actor before any client sees the device. While active, the `output` machine (machines/output.ts)
 * shows what the device is writing, and stopping is explicit: outputs first (a forced stop of every
 * feature), then inputs, then the disconnect, each step bounded in time. Every I/O step is an
 * injected actor (see src/adapters/device-actors.ts).
 */
import { assertEvent, assign, enqueueActions, forwardTo, fromCallback, fromPromise, sendTo, setup, type AnyActorRef, type EventObject } from 'xstate';
import type { DeviceDefinition, DeviceInfo } from '../src/devices/features.ts';
import { deviceError, describeError } from '../src/errors.ts';
import type { Hardware, HardwareCandidate, ProtocolSpecifier } from '../src/hardware/types.ts';
import type { ProtocolHandler } from '../protocols/kit/types.ts';
import type { DeviceCommandEvent } from './events.ts';
import { outputMachine, type OutputEvent, type OutputInput, type OutputReport } from './output.ts';

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

export interface InputsInput {
  hardware: Hardware;
  handler: ProtocolHandler;
  definition: DeviceDefinition;
  info: DeviceInfo;
}

/** What the `inputs` actor is told: client input and raw requests, stops, and the end. */
export type InputsEvent =
  | Extract<DeviceCommandEvent, { type: 'device.input' | 'device.raw' }>
  | { type: 'inputs.stop'; featureIndex?: number }
  | { type: 'inputs.end' };

/** What the `inputs` actor reports. */
export type InputsReport = { type: 'inputs.ended' };

export type DeviceEvent =
  | DeviceCommandEvent
  | OutputReport
  | InputsReport
  | { type: 'hardware.disconnected' }
  | { type: 'device.shutdown' };

/** What a device that cannot take a client request yet (or any more) says, by state. */
const NOT_READY: readonly [state: string, words: string][] = [
  ['found', 'not connected yet'],
  ['connecting', 'still connecting'],
  ['setup', 'still being set up'],
  ['active', 'shutting down'],
];

const isRawWrite = ({ event }: { event: DeviceEvent }) => event.type === 'device.raw' && event.command.operation === 'write';

export const deviceMachine = setup({
  types: {} as {
    input: DeviceInput;
    context: DeviceContext;
    events: DeviceEvent;
  },
  actors: {
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
    /** What the device writes: coalescing, de-dup, stops, keepalive (its writer is injected). */
    output: outputMachine,
    /** Reads, subscriptions and raw reads of a ready device; ends them on `inputs.end`. */
    inputs: fromCallback<InputsEvent, InputsInput, InputsReport>(() => () => {}),
    /** Reports `hardware.disconnected` when the hardware goes away. */
    watchHardware: fromCallback<EventObject, { hardware: Hardware }>(() => () => {}),
    /** Disconnects a device that was in use. Never rejects. */
    disconnectHardware: fromPromise<void, { hardware: Hardware }>(async () => {}),
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
    /** How long each stopping step may take before the next one starts anyway. */
    stopStep: 1000,
  },
  actions: {
    /** Answers a client request the device cannot take in its current state. */
    refuseCommand: enqueueActions(({ event, enqueue, self }) => {
      assertEvent(event, ['device.outputs', 'device.input', 'device.raw']);
      const snapshot = self.getSnapshot();
      const words = NOT_READY.find(([state]) => snapshot.matches(state as never))?.[1] ?? 'not available';
      enqueue.sendTo(event.replyTo, {
        type: 'device.reply',
        deviceIndex: event.deviceIndex,
        clientId: event.clientId,
        result: { kind: 'error', error: deviceError(`device ${event.deviceIndex} is ${words}`) },
      });
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
        if (event.type === 'drive.failed') return event.reason;
        if (event.type === 'hardware.disconnected') return 'the device disconnected during setup';
        if (event.type === 'device.shutdown') return 'the server is shutting down';
        return describeError((event as { error?: unknown }).error ?? 'unknown failure');
      },
    }),
    stopOutputs: sendTo('output', ({ event }): OutputEvent => {
      assertEvent(event, 'device.stop');
      return { type: 'output.stop', featureIndex: event.featureIndex, force: event.force };
    }),
    stopInputs: sendTo('inputs', ({ event }): InputsEvent => {
      assertEvent(event, 'device.stop');
      return { type: 'inputs.stop', featureIndex: event.featureIndex };
    }),
  },
}).createMachine({
  id: 'device',
  context: ({ input }) => ({ connectionKey: input.connectionKey, candidate: input.candidate, matches: [] }),
  initial: 'found',
  // Said once for every state; `active.ready` takes these requests itself.
  on: {
    'device.outputs': { actions: 'refuseCommand' },
    'device.input': { actions: 'refuseCommand' },
    'device.raw': { actions: 'refuseCommand' },
    'device.shutdown': { target: '.releasing', actions: 'noteFailure' },
  },
  states: {
    found: {
      invoke: {
        src: 'matchCandidate',
        input: ({ context }) => ({ candidate: context.candidate }),
        onDone: { target: 'connecting', actions: assign({ matches: ({ event }) => event.output }) },
        onError: { target: 'releasing', actions: 'noteFailure' },
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
            onDone: { target: '#device.active', actions: assign({ handler: ({ event }) => event.output }) },
            onError: { target: '#device.releasing', actions: 'noteFailure' },
          },
        },
      },
    },
    active: {
      invoke: [
        {
          id: 'output',
          src: 'output',
          input: ({ context }): OutputInput => ({
            hardware: context.hardware!,
            handler: context.handler!,
            definition: context.definition!,
            deviceIndex: context.info!.index,
            gapMs: context.info!.messageTimingGap,
          }),
        },
        {
          id: 'inputs',
          src: 'inputs',
          input: ({ context }) => ({
            hardware: context.hardware!,
            handler: context.handler!,
            definition: context.definition!,
            info: context.info!,
          }),
        },
        { src: 'watchHardware', input: ({ context }) => ({ hardware: context.hardware! }) },
      ],
      // Hardware that is gone has nothing left to stop.
      on: { 'hardware.disconnected': 'disconnected' },
      initial: 'ready',
      states: {
        ready: {
          entry: 'reportReady',
          on: {
            'device.outputs': {
              actions: sendTo('output', ({ event }) => ({
                type: 'output.commands' as const,
                commands: event.commands,
                replyTo: event.replyTo,
                clientId: event.clientId,
              })),
            },
            'device.raw': [
              {
                guard: isRawWrite,
                actions: sendTo('output', ({ event }) => {
                  const command = event.command as Extract<typeof event.command, { operation: 'write' }>;
                  return {
                    type: 'output.raw' as const,
                    endpoint: command.endpoint,
                    data: command.data,
                    withResponse: command.withResponse,
                    replyTo: event.replyTo,
                    clientId: event.clientId,
                  };
                }),
              },
              { actions: forwardTo('inputs') },
            ],
            'device.input': { actions: forwardTo('inputs') },
            'device.stop': [
              { guard: ({ event }) => event.outputs && event.inputs, actions: ['stopOutputs', 'stopInputs'] },
              { guard: ({ event }) => event.outputs, actions: 'stopOutputs' },
              { guard: ({ event }) => event.inputs, actions: 'stopInputs' },
            ],
            'drive.failed': { target: 'stopping', actions: 'noteFailure' },
            'device.shutdown': 'stopping',
          },
        },
        /** Outputs first, then inputs; a step that hangs is given up after `stopStep`. */
        stopping: {
          on: { 'device.shutdown': {}, 'drive.failed': {} },
          initial: 'outputs',
          states: {
            outputs: {
              entry: sendTo('output', { type: 'output.close' } satisfies OutputEvent),
              on: { 'output.closed': 'inputs' },
              after: { stopStep: 'inputs' },
            },
            inputs: {
              entry: sendTo('inputs', { type: 'inputs.end' } satisfies InputsEvent),
              on: { 'inputs.ended': '#device.disconnecting' },
              after: { stopStep: '#device.disconnecting' },
            },
          },
        },
      },
    },
    disconnecting: {
      on: { 'device.shutdown': {} },
      invoke: {
        src: 'disconnectHardware',
        input: ({ context }) => ({ hardware: context.hardware! }),
        onDone: 'disconnected',
        onError: 'disconnected',
      },
    },
    releasing: {
      on: { 'device.shutdown': {} },
      invoke: {
        src: 'releaseHardware',
        input: ({ context }) => ({ hardware: context.hardware, candidate: context.candidate, reason: context.failure ?? 'unknown failure' }),
        onDone: 'disconnected',
        onError: 'disconnected',
      },
    },
    disconnected: {
      type: 'final',
      entry: 'reportGone',
    },
  },
});
