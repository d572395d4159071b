/**
 * Keepalive timing for `repeatLastWrite` protocols: a tick every intervalMs after the last write,
 * restarting whenever something is written.
 */
import { map, startWith, switchMap, timer, type Observable, type SchedulerLike } from 'rxjs';

export function keepaliveTicks(
  writes: Observable<unknown>,
  intervalMs: number,
  scheduler: SchedulerLike,
): Observable<void> {
  return writes.pipe(
    startWith(undefined),
    switchMap(() => timer(intervalMs, intervalMs, scheduler)),
    map(() => undefined),
  );
}
