/**
 * Virtual time that also lets promises run: advancing executes due scheduler actions one frame
 * at a time and drains pending promise callbacks after each, so async hardware writes finish
 * at the virtual instant they started.
 */
import { VirtualTimeScheduler } from 'rxjs';

const MAX_STEPS = 100_000;

export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class VirtualClock {
  readonly scheduler = new VirtualTimeScheduler();

  now(): number {
    return this.scheduler.now();
  }

  /** Runs everything due up to and including `time`, then leaves the clock at `time`. */
  async advanceTo(time: number): Promise<void> {
    await settle();
    for (let step = 0; step < MAX_STEPS; step += 1) {
      const next = this.scheduler.actions[0];
      if (!next || next.delay > time) break;
      this.scheduler.maxFrames = next.delay;
      this.scheduler.flush();
      await settle();
    }
    this.scheduler.frame = Math.max(this.scheduler.frame, time);
    await settle();
  }

  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.now() + ms);
  }
}
