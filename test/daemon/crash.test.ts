/** An error that escapes every handler stops the devices, then exits 1. */
import { describe, expect, it, vi } from 'vitest';
import { crashHandler } from '../../src/daemon/main.ts';
import { silentLogger } from '../../src/log/logger.ts';

describe('crashHandler', () => {
  it('stops the daemon once, then exits with 1 after the stop finished', async () => {
    let finishStop!: () => void;
    const stop = vi.fn(() => new Promise<void>((resolve) => (finishStop = resolve)));
    const exit = vi.fn();
    const onCrash = crashHandler({ log: silentLogger as never, stop }, exit, 60_000);
    onCrash(new Error('escaped'));
    onCrash(new Error('again'));
    expect(stop).toHaveBeenCalledTimes(1);
    expect(exit).not.toHaveBeenCalled();
    finishStop();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
  });

  it('exits with 1 at the deadline when the stop hangs', () => {
    vi.useFakeTimers();
    try {
      const exit = vi.fn();
      crashHandler({ log: silentLogger as never, stop: () => new Promise<void>(() => {}) }, exit, 1800)(new Error('escaped'));
      vi.advanceTimersByTime(1799);
      expect(exit).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(exit).toHaveBeenCalledWith(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
