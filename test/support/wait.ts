/** Bounded waiting for tests: a pause, a promise with a deadline, and polling until a condition holds. */
import { withTimeout as withDeadline } from '../../src/hardware/timeouts.ts';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The promise's outcome, or a rejection naming `what` after `ms` (the server's own withTimeout). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return withDeadline(promise, ms, () => new Error(`${what}: nothing within ${ms} ms`));
}

/** Polls `check` every `pollMs` until it returns true; fails with `what` after `ms`. */
export async function eventually(check: () => boolean, what: string, ms: number, pollMs = 10): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not true within ${ms} ms`);
    await sleep(pollMs);
  }
}
