/**
 * An in-memory Hardware for protocol tests, behaving like the reference's test device: every
 * write, subscribe and unsubscribe is recorded in order; reads are answered FIFO from queued
 * data; notifications reach listeners only while their endpoint is subscribed.
 */
import { type Observable, ReplaySubject, Subject } from 'rxjs';
import type { Endpoint, Hardware, Notification } from '../../src/hardware/types.ts';

export type RecordedCommand =
  | { readonly kind: 'write'; readonly endpoint: Endpoint; readonly data: readonly number[]; readonly withResponse: boolean }
  | { readonly kind: 'subscribe'; readonly endpoint: Endpoint }
  | { readonly kind: 'unsubscribe'; readonly endpoint: Endpoint };

interface ReadWaiter {
  wake(): void;
}

export class FakeHardware implements Hardware {
  /** Everything the protocol sent, in order. */
  readonly log: RecordedCommand[] = [];
  readonly notifications: Observable<Notification>;
  readonly disconnected: Observable<void>;
  private readonly notificationSubject = new Subject<Notification>();
  private readonly disconnectedSubject = new ReplaySubject<void>(1);
  private readonly subscribed = new Set<Endpoint>();
  private readonly queuedReads: { endpoint: Endpoint; data: readonly number[] }[] = [];
  private readonly readWaiters: ReadWaiter[] = [];
  private connected = true;

  constructor(
    readonly name: string,
    readonly address: string,
    readonly endpoints: readonly Endpoint[],
  ) {
    this.notifications = this.notificationSubject.asObservable();
    this.disconnected = this.disconnectedSubject.asObservable();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  isSubscribed(endpoint: Endpoint): boolean {
    return this.subscribed.has(endpoint);
  }

  async write(endpoint: Endpoint, data: Uint8Array, withResponse: boolean): Promise<void> {
    this.check(endpoint, 'write');
    this.log.push({ kind: 'write', endpoint, data: [...data], withResponse });
  }

  async subscribe(endpoint: Endpoint): Promise<void> {
    this.check(endpoint, 'subscribe');
    this.subscribed.add(endpoint);
    this.log.push({ kind: 'subscribe', endpoint });
  }

  async unsubscribe(endpoint: Endpoint): Promise<void> {
    this.check(endpoint, 'unsubscribe');
    this.subscribed.delete(endpoint);
    this.log.push({ kind: 'unsubscribe', endpoint });
  }

  /** Takes the oldest queued read, waiting up to timeoutMs (0 = until one is queued or disconnect). */
  async read(endpoint: Endpoint, length: number, timeoutMs: number): Promise<Uint8Array> {
    this.check(endpoint, 'read');
    if (this.queuedReads.length === 0) await this.waitForRead(endpoint, timeoutMs);
    const next = this.queuedReads.shift();
    if (!next) throw new Error(`${this.name}: no read queued for ${endpoint}`);
    if (next.endpoint !== endpoint) {
      throw new Error(`${this.name}: read from ${endpoint}, but the next queued read is for ${next.endpoint}`);
    }
    return Uint8Array.from(next.data.slice(0, length));
  }

  async disconnect(): Promise<void> {
    this.goAway();
  }

  // --- the device side -------------------------------------------------------------------

  queueRead(endpoint: Endpoint, data: readonly number[]): void {
    this.queuedReads.push({ endpoint, data });
    this.readWaiters.shift()?.wake();
  }

  /** Sends a notification; returns false (and drops it) when the endpoint is not subscribed. */
  notify(endpoint: Endpoint, data: readonly number[]): boolean {
    if (!this.connected || !this.subscribed.has(endpoint)) return false;
    this.notificationSubject.next({ endpoint, data: Uint8Array.from(data) });
    return true;
  }

  /** The device goes away (either side). */
  goAway(): void {
    if (!this.connected) return;
    this.connected = false;
    this.subscribed.clear();
    for (const waiter of this.readWaiters.splice(0)) waiter.wake();
    this.notificationSubject.complete();
    this.disconnectedSubject.next();
    this.disconnectedSubject.complete();
  }

  private check(endpoint: Endpoint, action: string): void {
    if (!this.connected) throw new Error(`${this.name}: ${action} on ${endpoint} after disconnect`);
    if (!this.endpoints.includes(endpoint)) throw new Error(`${this.name}: ${action} on unknown endpoint ${endpoint}`);
  }

  private waitForRead(endpoint: Endpoint, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: ReadWaiter = {
        wake: () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        },
      };
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          this.readWaiters.splice(this.readWaiters.indexOf(waiter), 1);
          reject(new Error(`${this.name}: read from ${endpoint} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.readWaiters.push(waiter);
    });
  }
}
