/**
 * A running output machine (machines/output.ts) with a fake writer on a simulated clock: what
 * reached the "hardware" and when, the replies clients got, and what the machine told its parent.
 * Plus two fake protocols and definitions to drive it.
 */
import { Subject } from 'rxjs';
import { createActor, fromCallback, fromPromise, setup, SimulatedClock, type AnyActorRef, type EventObject } from 'xstate';
import { outputMachine, type OutputEvent } from '../../machines/output.ts';
import type { DeviceReplyEvent } from '../../machines/events.ts';
import type {
  HardwareCommand,
  HardwareOutput,
  InputReadingEvent,
  KeepaliveStrategy,
  ProtocolHandler,
} from '../../protocols/kit/types.ts';
import type { OutputCommand } from '../../src/devices/commands.ts';
import type { DeviceDefinition, InputType } from '../../src/devices/features.ts';
import { deviceError } from '../../src/errors.ts';
import type { Hardware } from '../../src/hardware/types.ts';

/** One command as it reached the fake hardware. */
export interface Written {
  readonly at: number;
  readonly endpoint: string;
  /** The data as text (the text protocol) or comma-separated bytes. */
  readonly data: string;
  /** Which call of the writer wrote it (one call per flush). */
  readonly flush: number;
}

export interface OutputHarnessOptions {
  readonly handler: ProtocolHandler;
  readonly definition: DeviceDefinition;
  readonly gapMs: number;
  /** Decode written bytes as comma-separated numbers instead of text. */
  readonly binary?: boolean;
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export function startOutput(options: OutputHarnessOptions) {
  const clock = new SimulatedClock();
  const written: Written[] = [];
  const replies: DeviceReplyEvent[] = [];
  const reports: EventObject[] = [];
  /** Data whose write fails. */
  const failing = new Set<string>();
  const held: (() => void)[] = [];
  let holdWrites = false;
  let flushes = 0;
  let writesInFlight = 0;
  let maxWritesInFlight = 0;

  const decode = (data: Uint8Array) => (options.binary ? [...data].join(',') : new TextDecoder().decode(data));
  const writeCommands = fromPromise<void, { hardware: Hardware; commands: readonly HardwareCommand[] }>(async ({ input }) => {
    const flush = ++flushes;
    writesInFlight += 1;
    maxWritesInFlight = Math.max(maxWritesInFlight, writesInFlight);
    try {
      for (const command of input.commands) {
        if (command.kind !== 'write') continue;
        const data = decode(command.data);
        written.push({ at: clock.now(), endpoint: command.endpoint, data, flush });
        if (holdWrites) await new Promise<void>((resolve) => held.push(resolve));
        if (failing.has(data)) throw new Error(`write of ${data} refused`);
      }
    } finally {
      writesInFlight -= 1;
    }
  });

  const collector = fromCallback<DeviceReplyEvent>(({ receive }) => {
    receive((event) => replies.push(event));
    return () => {};
  });
  const root = setup({
    types: {} as { events: EventObject },
    actors: { output: outputMachine.provide({ actors: { writeCommands } }), collector },
  }).createMachine({
    invoke: [
      {
        id: 'output',
        src: 'output',
        input: {
          hardware: {} as Hardware,
          handler: options.handler,
          definition: options.definition,
          deviceIndex: 7,
          gapMs: options.gapMs,
        },
      },
      { id: 'collector', src: 'collector' },
    ],
    on: { '*': { actions: ({ event }) => void reports.push(event) } },
  });
  const actor = createActor(root, { clock });
  actor.start();
  const output = () => actor.getSnapshot().children.output as AnyActorRef | undefined;
  const replyTo = () => actor.getSnapshot().children.collector as AnyActorRef;
  let clientId = 0;

  return {
    clock,
    written,
    replies,
    reports,
    failing,
    get maxWritesInFlight() {
      return maxWritesInFlight;
    },
    /** Writes wait until `release()` while this is true. */
    set holdWrites(value: boolean) {
      holdWrites = value;
    },
    /** Lets the oldest held write complete. */
    async release() {
      held.shift()?.();
      await settle();
    },
    /** The output machine's state ("idle", "waitingGap", …); "gone" once it finished. */
    state(): string {
      const snapshot = output()?.getSnapshot();
      return snapshot && snapshot.status === 'active' ? String(snapshot.value) : 'gone';
    },
    /** Sends client commands; returns their client id. */
    async commands(...commands: OutputCommand[]): Promise<number> {
      const id = ++clientId;
      output()?.send({ type: 'output.commands', commands, replyTo: replyTo(), clientId: id } satisfies OutputEvent);
      await settle();
      return id;
    },
    async raw(endpoint: string, text: string, withResponse = false): Promise<number> {
      const id = ++clientId;
      const data = [...new TextEncoder().encode(text)];
      output()?.send({ type: 'output.raw', endpoint, data, withResponse, replyTo: replyTo(), clientId: id } satisfies OutputEvent);
      await settle();
      return id;
    },
    async send(event: OutputEvent) {
      output()?.send(event);
      await settle();
    },
    /** Moves simulated time on and lets the writes it started finish. */
    async advance(ms: number) {
      clock.increment(ms);
      await settle();
      await settle();
    },
    settle,
    /** The data written so far, in order. */
    data(): string[] {
      return written.map((entry) => entry.data);
    },
    replyTo: (id: number) => replies.find((reply) => reply.clientId === id),
    stop: () => actor.stop(),
  };
}

export type OutputHarness = ReturnType<typeof startOutput>;

export const vibrate = (featureIndex: number, value: number): OutputCommand => ({ featureIndex, output: 'Vibrate', value });

export function textWrite(text: string, commandId: string, endpoint = 'tx'): HardwareCommand {
  return { kind: 'write', endpoint, data: new TextEncoder().encode(text), withResponse: false, commandId };
}

/** Encodes `V<feature>:<value>;` per feature, keyed by feature id; refuses negative non-rotate values. */
export class TextProtocol implements ProtocolHandler {
  readonly outputs: HardwareOutput[] = [];
  readonly readingsSubject = new Subject<InputReadingEvent>();
  readonly readings = this.readingsSubject.asObservable();
  readonly subscribeCalls: string[] = [];
  readonly unsubscribeCalls: string[] = [];
  disposed = false;

  constructor(readonly keepalive: KeepaliveStrategy = { kind: 'none' }) {}

  output(command: HardwareOutput): HardwareCommand[] {
    if (command.value < 0 && command.output !== 'Rotate' && command.output !== 'Temperature') {
      throw deviceError(`${command.output} cannot take the negative value ${command.value}`);
    }
    this.outputs.push(command);
    return [textWrite(`V${command.featureIndex}:${command.value};`, command.featureId)];
  }

  async subscribeInput(hardware: Hardware, featureIndex: number, input: InputType): Promise<void> {
    this.subscribeCalls.push(`${featureIndex}/${input}`);
    await hardware.subscribe('rx');
  }

  async unsubscribeInput(hardware: Hardware, featureIndex: number, input: InputType): Promise<void> {
    this.unsubscribeCalls.push(`${featureIndex}/${input}`);
    await hardware.unsubscribe('rx');
  }

  dispose(): void {
    this.disposed = true;
  }
}

export const WHOLE_DEVICE_ID = 'whole-device';

/** Keeps every feature's level and writes all of them as one packet under one constant commandId. */
export class WholeDeviceProtocol implements ProtocolHandler {
  private readonly levels = new Map<number, number>();

  constructor(
    private readonly featureCount: number,
    readonly keepalive: KeepaliveStrategy = { kind: 'none' },
  ) {}

  output(command: HardwareOutput): HardwareCommand[] {
    this.levels.set(command.featureIndex, command.value);
    const packet = Array.from({ length: this.featureCount }, (_, index) => this.levels.get(index) ?? 0);
    return [{ kind: 'write', endpoint: 'tx', data: Uint8Array.from(packet), withResponse: false, commandId: WHOLE_DEVICE_ID }];
  }
}

/**
 * Feature 0: Vibrate [0,20] with a user range [5,20] (so client step v ≠ 0 becomes 5+v);
 * feature 1: Rotate [-20,20] and Vibrate; feature 2: Position only; feature 3: Battery and Pressure inputs.
 */
export const toyDefinition: DeviceDefinition = {
  protocol: 'fake',
  name: 'Fake Toy',
  id: 'toy',
  features: [
    { index: 0, id: 'f0', description: '', outputs: { Vibrate: { value: [0, 20], userRange: [5, 20] } }, inputs: {} },
    {
      index: 1,
      id: 'f1',
      description: '',
      outputs: { Rotate: { value: [-20, 20] }, Vibrate: { value: [0, 10] } },
      inputs: {},
    },
    { index: 2, id: 'f2', description: '', outputs: { Position: { value: [0, 100] } }, inputs: {} },
    {
      index: 3,
      id: 'f3',
      description: '',
      outputs: {},
      inputs: {
        Battery: { value: [[0, 100]], commands: ['Read'] },
        Pressure: { value: [[0, 1000]], commands: ['Subscribe', 'Unsubscribe'] },
      },
    },
  ],
};

/** Two plain vibrators, for the whole-device protocol. */
export const twoMotorDefinition: DeviceDefinition = {
  protocol: 'fake-whole',
  name: 'Two Motors',
  id: 'two',
  features: [
    { index: 0, id: 'm0', description: '', outputs: { Vibrate: { value: [0, 100] } }, inputs: {} },
    { index: 1, id: 'm1', description: '', outputs: { Vibrate: { value: [0, 100] } }, inputs: {} },
  ],
};
