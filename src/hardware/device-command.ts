/**
 * What a server did to a device, as a test or a device author sees it, and the log that records it
 * (shared by the simulator and the bridge client).
 */
import { ReplaySubject, type Observable } from 'rxjs';
import type { Endpoint } from './types.ts';

/** A command as it reaches a device (what protocols ask for, less their coalescing key). */
export type DeviceCommand =
  | { readonly kind: 'write'; readonly endpoint: Endpoint; readonly data: Uint8Array; readonly withResponse: boolean }
  | { readonly kind: 'subscribe'; readonly endpoint: Endpoint }
  | { readonly kind: 'unsubscribe'; readonly endpoint: Endpoint };

interface Waiter<T> {
  readonly resolve: (item: T) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** An ordered log, readable as an array, as an Observable (history first, then live) and one by one. */
export class CommandLog<T> {
  private readonly items: T[] = [];
  private readonly stream = new ReplaySubject<T>();
  private readonly waiters: Waiter<T>[] = [];
  private cursor = 0;

  /** Everything so far, oldest first. */
  get entries(): readonly T[] {
    return this.items.slice();
  }

  /** Replays the history, then each new entry. */
  get entries$(): Observable<T> {
    return this.stream.asObservable();
  }

  push(item: T): void {
    this.items.push(item);
    this.stream.next(item);
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      this.cursor += 1;
      waiter.resolve(item);
    }
  }

  /** The oldest entry no earlier `next` call returned; waits up to timeoutMs for one to arrive. */
  next(timeoutMs: number, what: string): Promise<T> {
    if (this.cursor < this.items.length && this.waiters.length === 0) {
      return Promise.resolve(this.items[this.cursor++]);
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new Error(`no ${what} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  complete(): void {
    this.stream.complete();
  }
}
