/**
 * The one place that talks to a device's hardware for queued commands: one command at a time
 * (never two in flight), in queue order, with a jump-the-queue path for stops.
 */
import { Subject, type Observable } from 'rxjs';
import type { HardwareCommand } from '../../protocols/kit/types.ts';
import type { Hardware } from '../hardware/types.ts';

export type WriteCommand = Extract<HardwareCommand, { kind: 'write' }>;

/** commandId prefix of raw client writes (spec v2/v3 RawWriteCmd). */
export const RAW_COMMAND_PREFIX = 'raw:';

/** A raw client write: one-shot bytes, so keepalive never repeats it. */
export function isRawWrite(command: HardwareCommand): boolean {
  return command.kind === 'write' && command.commandId.startsWith(RAW_COMMAND_PREFIX);
}

/** A hardware command that failed; `cause` is what the hardware rejected with. */
export class HardwareCommandError extends Error {
  constructor(
    readonly command: HardwareCommand,
    override readonly cause: unknown,
  ) {
    super(`${command.kind} on endpoint "${command.endpoint}" failed: ${describe(cause)}`);
    this.name = 'HardwareCommandError';
  }
}

/** Same kind and same commandId: the later command makes the earlier one pointless. */
export function overlaps(a: HardwareCommand, b: HardwareCommand): boolean {
  return a.kind === b.kind && a.commandId === b.commandId;
}

export function withoutOverlaps(
  commands: readonly HardwareCommand[],
  newer: readonly HardwareCommand[],
): HardwareCommand[] {
  return commands.filter((command) => !newer.some((other) => overlaps(command, other)));
}

export interface HardwareWriter {
  /** Queues commands behind everything already queued. */
  append(commands: readonly HardwareCommand[]): void;
  /**
   * Drops queued commands that overlap these, then queues these ahead of every other queued
   * command (behind earlier urgent ones). Resolves once they settled, were superseded by a later
   * urgent command, or the writer was disposed; never rejects (failures go to `errors`).
   */
  writeFirst(commands: readonly HardwareCommand[]): Promise<void>;
  /** Writes the last successful write again, but only when nothing is queued or in flight. */
  repeatLastWrite(): void;
  /** Every command the hardware accepted, in order. */
  readonly written: Observable<HardwareCommand>;
  readonly errors: Observable<HardwareCommandError>;
  /** Drops everything queued; nothing is sent to the hardware afterwards. */
  dispose(): void;
}

interface Job {
  readonly command: HardwareCommand;
  readonly urgent: boolean;
  /** Resolves the promise of whoever waits for this job (urgent jobs only). */
  readonly settle?: () => void;
}

export function createHardwareWriter(hardware: Hardware): HardwareWriter {
  const queue: Job[] = [];
  const written = new Subject<HardwareCommand>();
  const errors = new Subject<HardwareCommandError>();
  let inFlight = false;
  let disposed = false;
  let lastWrite: WriteCommand | undefined;

  function pump(): void {
    if (inFlight || disposed) return;
    const job = queue.shift();
    if (!job) return;
    inFlight = true;
    void execute(job.command).then(() => {
      inFlight = false;
      job.settle?.();
      pump();
    });
  }

  async function execute(command: HardwareCommand): Promise<void> {
    try {
      await send(hardware, command);
      if (command.kind === 'write' && !isRawWrite(command)) lastWrite = command;
      if (!disposed) written.next(command);
    } catch (error) {
      if (!disposed) errors.next(new HardwareCommandError(command, error));
    }
  }

  function dropOverlapping(commands: readonly HardwareCommand[]): void {
    for (let i = queue.length - 1; i >= 0; i -= 1) {
      const job = queue[i];
      if (commands.some((command) => overlaps(job.command, command))) {
        queue.splice(i, 1);
        job.settle?.();
      }
    }
  }

  return {
    append(commands) {
      if (disposed) return;
      for (const command of commands) queue.push({ command, urgent: false });
      pump();
    },

    writeFirst(commands) {
      if (disposed || commands.length === 0) return Promise.resolve();
      dropOverlapping(commands);
      let insertAt = queue.findIndex((job) => !job.urgent);
      if (insertAt < 0) insertAt = queue.length;
      const settled: Promise<void>[] = [];
      const jobs = commands.map((command) => {
        let settle!: () => void;
        settled.push(new Promise<void>((resolve) => (settle = resolve)));
        return { command, urgent: true, settle };
      });
      queue.splice(insertAt, 0, ...jobs);
      pump();
      return Promise.all(settled).then(() => undefined);
    },

    repeatLastWrite() {
      if (disposed || inFlight || queue.length > 0 || !lastWrite) return;
      queue.push({ command: lastWrite, urgent: false });
      pump();
    },

    written: written.asObservable(),
    errors: errors.asObservable(),

    dispose() {
      if (disposed) return;
      disposed = true;
      for (const job of queue.splice(0)) job.settle?.();
      written.complete();
      errors.complete();
    },
  };
}

function send(hardware: Hardware, command: HardwareCommand): Promise<void> {
  switch (command.kind) {
    case 'write':
      return hardware.write(command.endpoint, command.data, command.withResponse);
    case 'subscribe':
      return hardware.subscribe(command.endpoint);
    case 'unsubscribe':
      return hardware.unsubscribe(command.endpoint);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
