import fc from 'fast-check';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { HardwareCommand } from '../../protocols/kit/types.ts';
import { coalesceWindow, createCoalescer, mergeBatch } from '../../src/pipeline/coalesce.ts';
import { HardwareCommandError } from '../../src/pipeline/hardware-writer.ts';
import { FakeHardware, textWrite } from './fakes.ts';
import { VirtualClock } from './virtual-clock.ts';

function setup(gapMs: number) {
  const clock = new VirtualClock();
  const hardware = new FakeHardware(() => clock.now());
  const coalescer = createCoalescer({ hardware, gapMs, scheduler: clock.scheduler });
  const errors: HardwareCommandError[] = [];
  coalescer.errors.subscribe((error) => errors.push(error));
  return { clock, hardware, coalescer, errors };
}

const timedWrites = (hardware: FakeHardware) =>
  hardware.ops.filter((op) => op.kind === 'write').map((op) => `${op.at}:${op.data}`);

describe('mergeBatch', () => {
  it('removes pending commands the batch overlaps and appends the batch whole', () => {
    const pending = [textWrite('a1', 'a'), textWrite('b1', 'b'), textWrite('c1', 'c')];
    const merged = mergeBatch(pending, [textWrite('a2', 'a'), textWrite('a3', 'a')]);
    expect(merged.map((c) => c.commandId)).toEqual(['b', 'c', 'a', 'a']);
  });

  it('only lets commands of the same kind overlap', () => {
    const subscribe: HardwareCommand = { kind: 'subscribe', endpoint: 'rx', commandId: 'a' };
    const merged = mergeBatch([subscribe], [textWrite('a1', 'a')]);
    expect(merged).toEqual([subscribe, textWrite('a1', 'a')]);
  });
});

describe('coalesceWindow (marbles)', () => {
  const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  const a1 = textWrite('a1', 'a');
  const a2 = textWrite('a2', 'a');
  const b1 = textWrite('b1', 'b');
  const c1 = textWrite('c1', 'c');

  it('emits one flush per window, the first batch opening it, newest per commandId in FIFO order', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const source = hot('a-b 10ms c|', { a: [a1, b1], b: [a2], c: [c1] });
      expectObservable(source.pipe(coalesceWindow(5, scheduler))).toBe('5ms x 12ms (y|)', {
        x: [b1, a2],
        y: [c1],
      });
    });
  });

  it('passes every batch through at once with a gap of 0', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const source = hot('ab|', { a: [a1, a1], b: [a2] });
      expectObservable(source.pipe(coalesceWindow(0, scheduler))).toBe('ab|', { a: [a1, a1], b: [a2] });
    });
  });

  it('keeps duplicates inside the first batch', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      expectObservable(hot('a|', { a: [a1, a2] }).pipe(coalesceWindow(3, scheduler))).toBe('3ms (x|)', {
        x: [a1, a2],
      });
    });
  });

  it('drops pending commands that a drop overlaps, leaving the others for the deadline', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const drops = hot('--d', { d: [textWrite('stop', 'a')] });
      const source = hot('a---|', { a: [a1, b1] });
      expectObservable(source.pipe(coalesceWindow(5, scheduler, drops))).toBe('5ms (x|)', { x: [b1] });
    });
  });

  it('emits nothing for a window whose commands were all dropped', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const drops = hot('-d', { d: [a1] });
      expectObservable(hot('a|', { a: [a2] }).pipe(coalesceWindow(4, scheduler, drops))).toBe('4ms |');
    });
  });
});

describe('createCoalescer', () => {
  it('with gap 0 writes every command at once, in order, one write in flight at a time', async () => {
    const { clock, hardware, coalescer } = setup(0);
    hardware.holdWrites = true;
    coalescer.enqueue([textWrite('a1', 'a'), textWrite('b1', 'b')]);
    coalescer.enqueue([textWrite('a2', 'a')]);
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['a1']);
    for (let i = 0; i < 3; i += 1) {
      hardware.releaseWrite();
      await clock.advanceBy(0);
    }
    expect(hardware.writes()).toEqual(['a1', 'b1', 'a2']);
    expect(hardware.maxInFlight).toBe(1);
  });

  it('with a gap writes the window at its deadline and opens the next window with the next batch', async () => {
    const { clock, hardware, coalescer } = setup(10);
    coalescer.enqueue([textWrite('a1', 'a')]);
    await clock.advanceTo(4);
    coalescer.enqueue([textWrite('b1', 'b')]);
    coalescer.enqueue([textWrite('a2', 'a')]);
    await clock.advanceTo(9);
    expect(hardware.writes()).toEqual([]);
    await clock.advanceTo(10);
    coalescer.enqueue([textWrite('a3', 'a')]);
    await clock.advanceTo(30);
    expect(timedWrites(hardware)).toEqual(['10:b1', '10:a2', '20:a3']);
  });

  it('writes at most one command per commandId and window, carrying the newest value (property)', async () => {
    type Arrival = { dt: number; id: 'a' | 'b' | 'c'; value: number };
    const arrival = fc.record({
      dt: fc.integer({ min: 0, max: 40 }),
      id: fc.constantFrom<'a' | 'b' | 'c'>('a', 'b', 'c'),
      value: fc.integer({ min: 0, max: 99 }),
    });

    /** The rule in the reference, stated directly: windows opened by the first arrival after a flush. */
    function model(gap: number, arrivals: readonly (Arrival & { at: number })[]): string[] {
      const out: string[] = [];
      let windowEnd: number | undefined;
      let pending: { id: string; text: string }[] = [];
      const flush = () => {
        for (const command of pending) out.push(`${windowEnd}:${command.text}`);
        pending = [];
        windowEnd = undefined;
      };
      for (const { at, id, value } of arrivals) {
        if (windowEnd !== undefined && at >= windowEnd) flush();
        windowEnd ??= at + gap;
        pending = [...pending.filter((command) => command.id !== id), { id, text: `${id}=${value}` }];
      }
      if (windowEnd !== undefined) flush();
      return out;
    }

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.array(arrival, { minLength: 1, maxLength: 30 }), async (gap, steps) => {
        const { clock, hardware, coalescer } = setup(gap);
        let at = 0;
        const arrivals = steps.map((step) => ({ ...step, at: (at += step.dt) }));
        for (const { at: time, id, value } of arrivals) {
          await clock.advanceTo(time);
          coalescer.enqueue([textWrite(`${id}=${value}`, id)]);
        }
        await clock.advanceTo(at + gap);
        const written = timedWrites(hardware);
        expect(written).toEqual(model(gap, arrivals));
        // Flushes are at least one gap apart, and each carries an id at most once.
        const flushTimes = [...new Set(hardware.ops.map((op) => op.at))];
        flushTimes.slice(1).forEach((time, i) => expect(time - flushTimes[i]).toBeGreaterThanOrEqual(gap));
        for (const time of flushTimes) {
          const ids = hardware.ops.filter((op) => op.at === time).map((op) => op.data?.split('=')[0]);
          expect(new Set(ids).size).toBe(ids.length);
        }
        coalescer.dispose();
      }),
      { numRuns: 100 },
    );
  });

  it('writeNow goes out at once, drops pending commands it overlaps and leaves the others for the deadline', async () => {
    const { clock, hardware, coalescer } = setup(10);
    coalescer.enqueue([textWrite('a1', 'a')]);
    coalescer.enqueue([textWrite('b1', 'b')]);
    await clock.advanceTo(3);
    await coalescer.writeNow([textWrite('a0', 'a')]);
    expect(timedWrites(hardware)).toEqual(['3:a0']);
    await clock.advanceTo(20);
    expect(timedWrites(hardware)).toEqual(['3:a0', '10:b1']);
  });

  it('writeNow waits only for the write in flight, jumping and pruning the queue', async () => {
    const { clock, hardware, coalescer } = setup(0);
    hardware.holdWrites = true;
    coalescer.enqueue([textWrite('a1', 'a')]);
    coalescer.enqueue([textWrite('b1', 'b')]);
    coalescer.enqueue([textWrite('a2', 'a')]);
    let stopped = false;
    void coalescer.writeNow([textWrite('a0', 'a')]).then(() => (stopped = true));
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['a1']);
    hardware.releaseWrite();
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['a1', 'a0']);
    expect(stopped).toBe(false);
    hardware.releaseWrite();
    await clock.advanceBy(0);
    expect(stopped).toBe(true);
    hardware.releaseWrite();
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['a1', 'a0', 'b1']);
    expect(hardware.maxInFlight).toBe(1);
  });

  it('reports a failed write on errors, never rejects, and carries on with the queue', async () => {
    const { clock, hardware, coalescer, errors } = setup(0);
    hardware.failingData.add('a1');
    hardware.failingData.add('stop');
    coalescer.enqueue([textWrite('a1', 'a')]);
    coalescer.enqueue([textWrite('b1', 'b')]);
    await expect(coalescer.writeNow([textWrite('stop', 'c')])).resolves.toBeUndefined();
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['a1', 'stop', 'b1']);
    expect(errors.map((error) => error.message)).toEqual([
      'write on endpoint "tx" failed: write of a1 refused',
      'write on endpoint "tx" failed: write of stop refused',
    ]);
    expect(errors[0].command.commandId).toBe('a');
  });

  it('repeats the last successful write only while idle', async () => {
    const { clock, hardware, coalescer } = setup(0);
    coalescer.repeatLastWrite();
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual([]);
    coalescer.enqueue([textWrite('a1', 'a')]);
    hardware.failingData.add('b1');
    coalescer.enqueue([textWrite('b1', 'b')]);
    coalescer.repeatLastWrite(); // busy: ignored
    await clock.advanceBy(0);
    coalescer.repeatLastWrite();
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['a1', 'b1', 'a1']);
  });

  it('writes nothing after dispose and completes its streams', async () => {
    const { clock, hardware, coalescer } = setup(10);
    let completed = 0;
    coalescer.written.subscribe({ complete: () => (completed += 1) });
    coalescer.errors.subscribe({ complete: () => (completed += 1) });
    coalescer.enqueue([textWrite('a1', 'a')]);
    coalescer.dispose();
    coalescer.enqueue([textWrite('a2', 'a')]);
    await expect(coalescer.writeNow([textWrite('a0', 'a')])).resolves.toBeUndefined();
    coalescer.repeatLastWrite();
    await clock.advanceTo(50);
    expect(hardware.writes()).toEqual([]);
    expect(completed).toBe(2);
    expect(clock.scheduler.actions).toHaveLength(0);
  });

  it('settles a queued stop that a later stop superseded', async () => {
    const { clock, hardware, coalescer } = setup(0);
    hardware.holdWrites = true;
    coalescer.enqueue([textWrite('b1', 'b')]);
    const first = coalescer.writeNow([textWrite('a0', 'a')]);
    const second = coalescer.writeNow([textWrite('a0', 'a')]);
    hardware.releaseWrite();
    await clock.advanceBy(0);
    hardware.releaseWrite();
    await Promise.all([first, second]);
    expect(hardware.writes()).toEqual(['b1', 'a0']);
  });
});
