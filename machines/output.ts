/**
 * What a ready device is doing with its outputs, as states: idle, waiting out the message gap,
 * writing, writing a stop, keeping alive, closed. Commands are encoded by the protocol handler
 * the device machine hands over; the only I/O is `writeCommands`, an injected actor, and time
 * goes through XState's clock, so tests drive this with a fake writer and a simulated clock.
 *
 * Rules: the first command after a quiet spell opens a window of one message gap; commands in the
 * window coalesce (the newest per commandId wins); the window is written when the gap ends, and
 * the next window waits for the write to finish. A stop jumps every queue: it drops the queued
 * commands it overlaps and is written as soon as the write in flight (if any) has finished.
 * Keepalive protocols repeat their last write after `keepaliveMs` without a write.
 */
import { assertEvent, assign, enqueueActions, fromPromise, not, sendParent, setup, type AnyActorRef } from 'xstate';
import type { HardwareCommand, HardwareOutput, ProtocolHandler } from '../protocols/kit/types.ts';
import type { OutputCommand } from '../src/devices/commands.ts';
import type { DeviceDefinition } from '../src/devices/features.ts';
import { asButtplugError, describeError, ErrorCode, messageError } from '../src/errors.ts';
import type { Hardware } from '../src/hardware/types.ts';
import { isRawWrite, mergeBatch, rawWriteId, sameOutput, withoutOverlaps, type WriteCommand } from '../src/pipeline/batches.ts';
import { stopOutput } from '../src/pipeline/stop-outputs.ts';
import { toHardwareValue } from '../src/devices/ranges.ts';
import type { DeviceReplyEvent } from './events.ts';

export interface OutputInput {
  readonly hardware: Hardware;
  readonly handler: ProtocolHandler;
  readonly definition: DeviceDefinition;
  readonly deviceIndex: number;
  /** The effective minimum gap between writes, ms; 0 writes every command at once. */
  readonly gapMs: number;
}

export interface Reply {
  readonly replyTo: AnyActorRef;
  readonly clientId: number;
}

export type OutputEvent =
  | ({ type: 'output.commands'; commands: readonly OutputCommand[] } & Reply)
  | ({ type: 'output.raw'; endpoint: string; data: readonly number[]; withResponse: boolean } & Reply)
  /** Stop outputs (one feature, or all); `force` writes even what de-dup would skip. */
  | { type: 'output.stop'; featureIndex?: number; force: boolean }
  /** The device is shutting down: a forced stop of every feature, then `closed`. */
  | { type: 'output.close' };

/** Told to the device machine. */
export type OutputReport = { type: 'drive.failed'; reason: string } | { type: 'output.closed' };

export interface OutputContext {
  readonly hardware: Hardware;
  readonly handler: ProtocolHandler;
  readonly definition: DeviceDefinition;
  readonly deviceIndex: number;
  readonly gapMs: number;
  /** Commands waiting for the next write, coalesced by commandId. */
  window: HardwareCommand[];
  /** Stop commands, written before anything else. */
  urgent: HardwareCommand[];
  /** The window being written, one command at a time; the head is in flight while `writing`. */
  writing: HardwareCommand[];
  /** The last protocol write the hardware accepted: what keepalive repeats. */
  lastWrite?: WriteCommand;
  /** The last output accepted per feature id (de-duplication). */
  accepted: Record<string, HardwareOutput>;
  rawWrites: number;
  closing: boolean;
}

const deviceLabel = (context: OutputContext) => `device "${context.definition.displayName ?? context.definition.name}"`;

function toHardwareOutput(context: OutputContext, command: OutputCommand): HardwareOutput {
  const feature = context.definition.features.find((candidate) => candidate.index === command.featureIndex);
  const spec = feature?.outputs[command.output];
  if (!feature || !spec) {
    throw messageError(`${deviceLabel(context)} has no ${command.output} output on feature ${command.featureIndex}`);
  }
  return {
    featureIndex: feature.index,
    featureId: feature.id,
    output: command.output,
    value: toHardwareValue(spec, command.output, command.value),
    ...(command.duration !== undefined ? { duration: command.duration } : {}),
  };
}

const isRepeat = (context: OutputContext, output: HardwareOutput) => {
  const last = context.accepted[output.featureId];
  return last !== undefined && sameOutput(last, output);
};

/** The stop commands of some features (merged, newest per commandId), or the failure encoding one. */
function stopCommands(
  context: OutputContext,
  featureIndex: number | undefined,
  force: boolean,
): { commands: HardwareCommand[]; accepted: Record<string, HardwareOutput>; failure?: string } {
  const accepted = { ...context.accepted };
  let commands: HardwareCommand[] = [];
  for (const feature of context.definition.features) {
    if (featureIndex !== undefined && feature.index !== featureIndex) continue;
    const output = stopOutput(feature);
    if (!output || (!force && isRepeat({ ...context, accepted }, output))) continue;
    try {
      commands = mergeBatch(commands, context.handler.output(output));
      accepted[output.featureId] = output;
    } catch (error) {
      return { commands, accepted, failure: `${deviceLabel(context)}: stopping feature ${feature.index} failed: ${describeError(error)}` };
    }
  }
  return { commands, accepted };
}

/**
 * A state that writes the head of a queue and then decides again. The command in flight finishes
 * first; what arrives meanwhile waits its turn (a stop drops what it overlaps, except that head).
 */
function writingHeadOf(queue: 'writing' | 'urgent') {
  return {
    invoke: {
      src: 'writeCommands' as const,
      input: ({ context }: { context: OutputContext }) => ({ hardware: context.hardware, commands: context[queue].slice(0, 1) }),
      onDone: { actions: { type: 'noteWritten' as const, params: { queue } }, target: 'next' },
      onError: { actions: { type: 'reportWriteFailure' as const, params: { queue } }, target: 'next' },
    },
    on: {
      'output.commands': { actions: 'acceptCommands' as const },
      'output.raw': { actions: 'acceptRaw' as const },
      'output.stop': {
        actions: {
          type: 'queueStop' as const,
          params: ({ event }: { event: OutputEvent }) =>
            event.type === 'output.stop' ? { featureIndex: event.featureIndex, force: event.force, inFlight: queue } : { force: true },
        },
      },
      'output.close': { actions: { type: 'queueStop' as const, params: { force: true, closing: true, inFlight: queue } } },
    },
  };
}

export const outputMachine = setup({
  types: {} as { input: OutputInput; context: OutputContext; events: OutputEvent },
  actors: {
    /** Writes the commands in order, one at a time; rejects with the first failure. */
    writeCommands: fromPromise<void, { hardware: Hardware; commands: readonly HardwareCommand[] }>(async () => {
      throw new Error('writeCommands not provided');
    }),
  },
  delays: {
    messageGap: ({ context }) => context.gapMs,
    keepalive: ({ context }) => (context.handler.keepalive.kind === 'repeatLastWrite' ? context.handler.keepalive.intervalMs : 0),
  },
  guards: {
    keepsAlive: ({ context }) => context.handler.keepalive.kind === 'repeatLastWrite',
    hasUrgent: ({ context }) => context.urgent.length > 0,
    isClosing: ({ context }) => context.closing,
    hasWindow: ({ context }) => context.window.length > 0,
    hasWriting: ({ context }) => context.writing.length > 0,
    hasGap: ({ context }) => context.gapMs > 0,
    hasLastWrite: ({ context }) => context.lastWrite !== undefined,
  },
  actions: {
    /** Encodes the commands (in the order conversion put them) into the window and answers the client. */
    acceptCommands: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'output.commands');
      const reply = (result: DeviceReplyEvent['result']) =>
        enqueue.sendTo(event.replyTo, { type: 'device.reply', deviceIndex: context.deviceIndex, clientId: event.clientId, result });
      let window = context.window;
      const accepted = { ...context.accepted };
      try {
        for (const command of event.commands) {
          const output = toHardwareOutput(context, command);
          if (isRepeat({ ...context, accepted }, output)) continue;
          window = mergeBatch(window, context.handler.output(output));
          accepted[output.featureId] = output;
        }
        reply({ kind: 'ok' });
      } catch (error) {
        // Commands before the failing one stay queued; later ones are dropped.
        reply({ kind: 'error', error: asButtplugError(error, ErrorCode.Device) });
      }
      enqueue.assign({ window, accepted });
    }),
    /** A raw client write joins the window under its own id, so nothing coalesces it away. */
    acceptRaw: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'output.raw');
      const rawWrites = context.rawWrites + 1;
      const command: HardwareCommand = {
        kind: 'write',
        endpoint: event.endpoint,
        data: Uint8Array.from(event.data),
        withResponse: event.withResponse,
        commandId: rawWriteId(rawWrites),
      };
      enqueue.assign({ window: [...context.window, command], rawWrites });
      enqueue.sendTo(event.replyTo, { type: 'device.reply', deviceIndex: context.deviceIndex, clientId: event.clientId, result: { kind: 'ok' } });
    }),
    /**
     * Stop commands go to the urgent queue; queued commands they overlap are dropped, but not the
     * one in flight (the head of `params.inFlight`).
     */
    queueStop: enqueueActions(
      ({ context, enqueue }, params: { featureIndex?: number; force: boolean; closing?: boolean; inFlight?: 'writing' | 'urgent' }) => {
      const { commands, accepted, failure } = stopCommands(context, params.featureIndex, params.force);
      const head = (queue: 'writing' | 'urgent') => (params.inFlight === queue ? context[queue].slice(0, 1) : []);
      const writingHead = head('writing');
      const urgentHead = head('urgent');
      enqueue.assign({
        window: withoutOverlaps(context.window, commands),
        writing: [...writingHead, ...withoutOverlaps(context.writing.slice(writingHead.length), commands)],
        urgent: [...urgentHead, ...mergeBatch(context.urgent.slice(urgentHead.length), commands)],
        accepted,
        closing: context.closing || params.closing === true,
      });
      if (failure) enqueue(sendParent({ type: 'drive.failed', reason: failure } satisfies OutputReport));
      },
    ),
    takeWindow: assign({ writing: ({ context }) => context.window, window: [] }),
    takeLastWrite: assign({ writing: ({ context }) => (context.lastWrite ? [context.lastWrite] : []) }),
    /** The head of `params.queue` was written: it leaves the queue and may be what keepalive repeats. */
    noteWritten: assign(({ context }, params: { queue: 'writing' | 'urgent' }) => {
      const [done, ...rest] = context[params.queue];
      const repeatable = done?.kind === 'write' && !isRawWrite(done);
      return { [params.queue]: rest, lastWrite: repeatable ? done : context.lastWrite };
    }),
    /** A failed write ends the window it belonged to; the device machine decides what follows. */
    reportWriteFailure: enqueueActions(({ context, event, enqueue }, params: { queue: 'writing' | 'urgent' }) => {
      const reason = `${deviceLabel(context)}: ${describeError((event as { error?: unknown }).error)}`;
      enqueue.assign({ [params.queue]: context[params.queue].slice(1) });
      enqueue(sendParent({ type: 'drive.failed', reason } satisfies OutputReport));
    }),
  },
}).createMachine({
  id: 'output',
  context: ({ input }) => ({
    hardware: input.hardware,
    handler: input.handler,
    definition: input.definition,
    deviceIndex: input.deviceIndex,
    gapMs: input.gapMs,
    window: [],
    urgent: [],
    writing: [],
    accepted: {},
    rawWrites: 0,
    closing: false,
  }),
  // Keepalive protocols start with a forced stop, so the first packet is all-off and there is
  // something to repeat.
  initial: 'starting',
  on: {
    'output.commands': { actions: 'acceptCommands', target: '.next' },
    'output.raw': { actions: 'acceptRaw', target: '.next' },
    'output.stop': {
      actions: { type: 'queueStop', params: ({ event }) => ({ featureIndex: event.featureIndex, force: event.force }) },
      target: '.next',
    },
    'output.close': { actions: { type: 'queueStop', params: { force: true, closing: true } }, target: '.next' },
  },
  states: {
    starting: {
      always: [{ guard: 'keepsAlive', actions: { type: 'queueStop', params: { force: true } }, target: 'next' }, { target: 'next' }],
    },
    /** Decides what comes next; never rests here. */
    next: {
      always: [
        { guard: 'hasUrgent', target: 'stopping' },
        { guard: 'hasWriting', target: 'writing' },
        { guard: 'isClosing', target: 'closed' },
        { guard: 'hasWindow', target: 'waitingGap' },
        { guard: 'keepsAlive', target: 'keepingAlive' },
        { target: 'idle' },
      ],
    },
    idle: {},
    /** Idle, but the device needs to hear from us: the last write goes out again. */
    keepingAlive: {
      after: { keepalive: { guard: 'hasLastWrite', actions: 'takeLastWrite', target: 'writing' } },
    },
    /** Commands coalesce until the message gap has passed. */
    waitingGap: {
      always: { guard: not('hasGap'), actions: 'takeWindow', target: 'writing' },
      after: { messageGap: { actions: 'takeWindow', target: 'writing' } },
      on: {
        'output.commands': { actions: 'acceptCommands' },
        'output.raw': { actions: 'acceptRaw' },
      },
    },
    /** Writing the window, one command at a time, so a stop can come between two of them. */
    writing: writingHeadOf('writing'),
    /** Writing stop commands, ahead of everything queued. */
    stopping: writingHeadOf('urgent'),
    closed: {
      type: 'final',
      entry: sendParent({ type: 'output.closed' } satisfies OutputReport),
    },
  },
});
