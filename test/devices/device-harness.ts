/**
 * Runs the real device machine under a stand-in server root (systemId "server") with fake
 * injected actors the test completes or fails step by step. Records what the root was told
 * (device.ready / device.gone), which steps ran, and what reached the output and inputs actors.
 */
import { createActor, fromCallback, fromPromise, setup, SimulatedClock, type AnyActorRef, type EventObject } from 'xstate';
import {
  deviceMachine,
  type ConnectedHardware,
  type IdentifiedDevice,
  type InputsEvent,
  type InputsInput,
  type InputsReport,
  ProtocolMatch,
} from '../../machines/device.ts';
import type { outputMachine } from '../../machines/output.ts';
import type { DeviceReplyEvent } from '../../machines/events.ts';
import type { DeviceDefinition, DeviceInfo } from '../../src/devices/features.ts';
import type { Hardware, HardwareCandidate } from '../../src/hardware/types.ts';
import type { ProtocolHandler } from '../../protocols/kit/types.ts';

export type Step = 'connect' | 'identify' | 'initialize' | 'shutdown' | 'release';

interface Pending {
  step: Step;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export const DEVICE_INDEX = 7;

const definition: DeviceDefinition = { protocol: 'fake', name: 'Fake Vibrator', id: 'fake-def', features: [] };
const info: DeviceInfo = { index: DEVICE_INDEX, name: 'Fake Vibrator', messageTimingGap: 0, features: [] };
const handler: ProtocolHandler = { output: () => [], keepalive: { kind: 'none' } };

/** Only identity matters to the machine; nothing here is ever called. */
export const fakeHardware = { name: 'fake', address: 'fake-address' } as unknown as Hardware;

const candidate: HardwareCandidate = {
  manager: 'fake',
  name: 'Fake Vibrator',
  address: 'fake-address',
  specifier: { kind: 'btle', name: 'Fake Vibrator', manufacturerData: [], advertisedServices: [] },
  connect: () => Promise.reject(new Error('not used')),
};

/** `clock`: a SimulatedClock for tests of the machine's delays (default: real time). */
export function startDeviceHarness(options: { clock?: SimulatedClock } = {}) {
  let pending: Pending | undefined;
  const stepsStarted: Step[] = [];
  const releaseInputs: { hardware?: Hardware; reason: string }[] = [];
  const toRoot: EventObject[] = [];
  const driveReceived: EventObject[] = [];
  const replies: DeviceReplyEvent[] = [];
  let driveBack: ((event: EventObject & Record<string, unknown>) => void) | undefined;
  let watchBack: ((event: EventObject) => void) | undefined;
  let driveRuns = 0;
  let watchRuns = 0;

  const deferred = <T,>(step: Step) =>
    new Promise<T>((resolve, reject) => {
      stepsStarted.push(step);
      pending = { step, resolve: resolve as (value: unknown) => void, reject };
    });

  const actors = {
    // Matching is pure config lookup; the steps under test start at connecting.
    matchCandidate: fromPromise<readonly ProtocolMatch[], { candidate: HardwareCandidate }>(async () => [
      { protocol: 'test', specifier: { kind: 'websocket', name: 'test' } },
    ]),
    connectHardware: fromPromise<ConnectedHardware, { candidate: HardwareCandidate; matches: readonly ProtocolMatch[] }>(() =>
      deferred('connect'),
    ),
    identifyDevice: fromPromise<IdentifiedDevice, { candidate: HardwareCandidate; hardware: Hardware; protocol: string }>(() =>
      deferred('identify'),
    ),
    initializeDevice: fromPromise<ProtocolHandler, { hardware: Hardware; definition: DeviceDefinition; protocol: string }>(() =>
      deferred('initialize'),
    ),
    disconnectHardware: fromPromise<void, { hardware: Hardware }>(() => deferred('shutdown')),
    releaseHardware: fromPromise<void, { hardware?: Hardware; candidate: HardwareCandidate; reason: string }>(({ input }) => {
      releaseInputs.push({ hardware: input.hardware, reason: input.reason });
      return deferred('release');
    }),
    // The output machine's stand-in (machines/output.ts has its own tests): records what it is
    // told and closes at once when asked.
    output: fromCallback<EventObject, unknown, EventObject & Record<string, unknown>>(({ receive, sendBack }) => {
      driveRuns += 1;
      driveBack = sendBack;
      receive((event) => {
        if (event.type === 'output.close') sendBack({ type: 'output.closed' });
        else driveReceived.push(event);
      });
      return () => {
        driveBack = undefined;
      };
    }) as unknown as typeof outputMachine,
    inputs: fromCallback<InputsEvent, InputsInput, InputsReport>(({ receive, sendBack }) => {
      receive((event) => {
        if (event.type === 'inputs.end') sendBack({ type: 'inputs.ended' });
        else driveReceived.push(event);
      });
      return () => {};
    }),
    watchHardware: fromCallback<EventObject, { hardware: Hardware }>(({ sendBack }) => {
      watchRuns += 1;
      watchBack = sendBack;
      return () => {
        watchBack = undefined;
      };
    }),
  };

  const replyCollector = fromCallback<DeviceReplyEvent>(({ receive }) => {
    receive((event) => replies.push(event));
    return () => {};
  });

  const root = setup({
    types: {} as { events: EventObject },
    actors: { device: deviceMachine.provide({ actors }), replies: replyCollector },
  }).createMachine({
    invoke: [
      { id: 'device', src: 'device', input: { connectionKey: 'device:0', candidate } },
      { id: 'replies', src: 'replies' },
    ],
    on: { '*': { actions: ({ event }) => void toRoot.push(event) } },
  });
  const actor = createActor(root, { systemId: 'server', ...(options.clock && { clock: options.clock }) });
  actor.start();

  const device = () => actor.getSnapshot().children.device as AnyActorRef | undefined;
  const replyTo = () => actor.getSnapshot().children.replies as AnyActorRef;
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  let nextClientId = 1;

  return {
    stepsStarted,
    releaseInputs,
    driveReceived,
    replies,
    get pendingStep() {
      return pending?.step;
    },
    get driveRunning() {
      return driveBack !== undefined;
    },
    get watchRunning() {
      return watchBack !== undefined;
    },
    get driveRuns() {
      return driveRuns;
    },
    get watchRuns() {
      return watchRuns;
    },
    /** Events the device sent its server, by type. */
    told(type: string) {
      return toRoot.filter((e) => e.type === type) as (EventObject & Record<string, any>)[];
    },
    /** "connecting", "setup.identifying", …; "gone" once the actor ended. */
    state(): string {
      const snapshot = device()?.getSnapshot();
      if (!snapshot || snapshot.status !== 'active') return 'gone';
      const value = snapshot.value;
      return typeof value === 'string' ? value : Object.entries(value).map(([k, v]) => `${k}.${String(v)}`)[0];
    },
    async succeed() {
      if (!pending) await settle(); // the first step starts once matching has resolved
      const step = pending;
      pending = undefined;
      if (!step) throw new Error('no step to complete');
      if (step.step === 'connect') step.resolve({ hardware: fakeHardware, protocol: 'fake' });
      else if (step.step === 'identify') step.resolve({ definition, info });
      else if (step.step === 'initialize') step.resolve(handler);
      else step.resolve(undefined);
      await settle();
    },
    async fail(message = 'step failed') {
      if (!pending) await settle();
      const step = pending;
      pending = undefined;
      if (!step) throw new Error('no step to fail');
      step.reject(new Error(message));
      await settle();
    },
    /** The hardware reports a disconnect to whoever watches it (no one while connecting). */
    async hardwareDisconnects() {
      watchBack?.({ type: 'hardware.disconnected' });
      await settle();
    },
    async driveFails(reason = 'write failed') {
      driveBack?.({ type: 'drive.failed', reason });
      await settle();
    },
    async shutdown() {
      device()?.send({ type: 'device.shutdown' });
      await settle();
    },
    /** Sends an output command; returns its client id. */
    async command(): Promise<number> {
      const clientId = nextClientId++;
      device()?.send({ type: 'device.outputs', deviceIndex: DEVICE_INDEX, clientId, commands: [], replyTo: replyTo() });
      await settle();
      return clientId;
    },
    stop: () => actor.stop(),
  };
}

export type DeviceHarness = ReturnType<typeof startDeviceHarness>;
