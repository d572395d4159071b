import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { keepaliveTicks } from '../../src/pipeline/keepalive.ts';

describe('keepaliveTicks (marbles)', () => {
  it('ticks every interval after the last write, restarting on each write', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ hot, expectObservable }) => {
      const writes = hot('-- w 9ms w');
      // Writes at 2 and 12; interval 4: ticks at 6, 10, then 16, 20, 24.
      expectObservable(keepaliveTicks(writes, 4, scheduler), '^ 25ms !').toBe('6ms t 3ms t 5ms t 3ms t 3ms t', {
        t: undefined,
      });
    });
  });

  it('ticks from subscription when nothing was written', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ hot, expectObservable }) => {
      expectObservable(keepaliveTicks(hot('-'), 3, scheduler), '^ 7ms !').toBe('3ms t 2ms t', { t: undefined });
    });
  });
});
