import { Observable, Subject } from 'rxjs';

/**
 * A hot stream of incoming frames that holds what arrives before anyone listens and hands it to
 * the first subscriber, so a server that subscribes a little after accept() loses no frame (the
 * handshake is usually the very first one). Later subscribers see only later frames.
 */
export function createFrameChannel<T>() {
  const live = new Subject<T>();
  let early: T[] | undefined = [];

  const observable = new Observable<T>((subscriber) => {
    const held = early;
    early = undefined;
    for (const value of held ?? []) {
      if (subscriber.closed) break;
      subscriber.next(value);
    }
    return live.subscribe(subscriber);
  });

  return {
    next(value: T) {
      if (early) early.push(value);
      else live.next(value);
    },
    complete() {
      live.complete();
    },
    observable,
  };
}
