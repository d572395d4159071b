/**
 * Writes a device's hardware commands with a minimum gap between flushes, keeping only the
 * newest command per commandId inside each gap window (reference server, feature table #21).
 */
import { Observable, Subject, asyncScheduler, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { HardwareCommand } from '../../protocols/kit/types.ts';
import type { Hardware } from '../hardware/types.ts';
import {
  createHardwareWriter,
  withoutOverlaps,
  type HardwareCommandError,
} from './hardware-writer.ts';

export type Batch = readonly HardwareCommand[];

/**
 * Adds a batch to a window: pending commands the batch overlaps are removed, then the batch is
 * appended whole (a batch never de-duplicates itself).
 */
export function mergeBatch(pending: Batch, batch: Batch): HardwareCommand[] {
  return [...withoutOverlaps(pending, batch), ...batch];
}

/**
 * Batches in, flushes out. Gap 0: every batch passes through at once. Gap > 0: the first batch
 * opens a window ending now + gap; later batches merge into it (see mergeBatch); at the deadline
 * the window is emitted as one flush. `drops` removes overlapping pending commands without
 * adding any (the stop path).
 */
export function coalesceWindow(
  gapMs: number,
  scheduler: SchedulerLike = asyncScheduler,
  drops?: Observable<Batch>,
): OperatorFunction<Batch, Batch> {
  if (!(gapMs > 0)) return (source) => source;
  return (source) =>
    new Observable<Batch>((subscriber) => {
      let pending: Batch = [];
      let deadline: Subscription | undefined;
      let sourceDone = false;

      const flush = (): void => {
        deadline = undefined;
        const out = pending;
        pending = [];
        if (out.length > 0) subscriber.next(out);
        if (sourceDone) subscriber.complete();
      };

      if (drops) {
        subscriber.add(drops.subscribe((commands) => (pending = withoutOverlaps(pending, commands))));
      }
      subscriber.add(
        source.subscribe({
          next(batch) {
            if (batch.length === 0) return;
            pending = mergeBatch(pending, batch);
            deadline ??= scheduler.schedule(flush, gapMs);
          },
          error: (error: unknown) => subscriber.error(error),
          complete() {
            sourceDone = true;
            if (!deadline) subscriber.complete();
          },
        }),
      );
      return () => deadline?.unsubscribe();
    });
}

export interface CoalescerOptions {
  readonly hardware: Hardware;
  /** Minimum gap between flushes; 0 writes every batch at once. */
  readonly gapMs: number;
  readonly scheduler?: SchedulerLike;
}

export interface Coalescer {
  /** Queues one batch (the hardware commands of one output). Returns at once. */
  enqueue(batch: Batch): void;
  /**
   * The stop path: drops pending and queued commands that overlap these and writes these ahead
   * of the queue, outside the gap window. Resolves once they settled; never rejects.
   */
  writeNow(commands: Batch): Promise<void>;
  /** Keepalive: writes the last write again if the hardware is otherwise idle. */
  repeatLastWrite(): void;
  /** Every command the hardware accepted, in order. */
  readonly written: Observable<HardwareCommand>;
  /** Hardware failures; the coalescer carries on with the next command. */
  readonly errors: Observable<HardwareCommandError>;
  /** Cancels the window; nothing is written afterwards. */
  dispose(): void;
}

export function createCoalescer({ hardware, gapMs, scheduler = asyncScheduler }: CoalescerOptions): Coalescer {
  const writer = createHardwareWriter(hardware);
  const batches = new Subject<Batch>();
  const drops = new Subject<Batch>();
  const flushes = batches
    .pipe(coalesceWindow(gapMs, scheduler, drops))
    .subscribe((commands) => writer.append(commands));

  return {
    enqueue: (batch) => batches.next(batch),
    writeNow(commands) {
      drops.next(commands);
      return writer.writeFirst(commands);
    },
    repeatLastWrite: () => writer.repeatLastWrite(),
    written: writer.written,
    errors: writer.errors,
    dispose() {
      flushes.unsubscribe();
      batches.complete();
      drops.complete();
      writer.dispose();
    },
  };
}
