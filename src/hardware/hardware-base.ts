/**
 * What every bus's Hardware shares: endpoint checks, subscription gating of notifications, and a
 * disconnect that happens once. Subclasses only move bytes.
 */
import { AsyncSubject, Subject, type Observable } from 'rxjs';
import { deviceError } from '../errors.ts';
import type { Endpoint, Hardware, Notification } from './types.ts';

export interface HardwareIdentity {
  readonly name: string;
  readonly address: string;
  readonly endpoints: readonly Endpoint[];
  readonly defaultMessageGapMs?: number;
}

export abstract class HardwareBase implements Hardware {
  readonly name: string;
  readonly address: string;
  readonly endpoints: readonly Endpoint[];
  readonly defaultMessageGapMs?: number;
  readonly notifications: Observable<Notification>;
  readonly disconnected: Observable<void>;

  private readonly notificationSubject = new Subject<Notification>();
  // AsyncSubject: a late subscriber still learns the hardware is gone.
  private readonly disconnectedSubject = new AsyncSubject<void>();
  private readonly subscribed = new Set<Endpoint>();
  private gone = false;

  protected constructor(identity: HardwareIdentity) {
    this.name = identity.name;
    this.address = identity.address;
    this.endpoints = [...identity.endpoints];
    if (identity.defaultMessageGapMs !== undefined) this.defaultMessageGapMs = identity.defaultMessageGapMs;
    this.notifications = this.notificationSubject.asObservable();
    this.disconnected = this.disconnectedSubject.asObservable();
  }

  get isConnected(): boolean {
    return !this.gone;
  }

  /** Endpoints whose notifications are currently wanted. */
  get subscriptions(): readonly Endpoint[] {
    return [...this.subscribed];
  }

  isSubscribed(endpoint: Endpoint): boolean {
    return this.subscribed.has(endpoint);
  }

  // Each method checks, then hands over to the bus before its first await, so bytes leave in call order.
  async write(endpoint: Endpoint, data: Uint8Array, withResponse: boolean): Promise<void> {
    this.assertUsable(endpoint, 'write to');
    return this.writeToDevice(endpoint, Uint8Array.from(data), withResponse);
  }

  async read(endpoint: Endpoint, length: number, timeoutMs: number): Promise<Uint8Array> {
    this.assertUsable(endpoint, 'read');
    return this.readFromDevice(endpoint, length, timeoutMs);
  }

  async subscribe(endpoint: Endpoint): Promise<void> {
    this.assertUsable(endpoint, 'subscribe to');
    // Marked first: a notification racing the device's acknowledgement is still delivered.
    const wasSubscribed = this.subscribed.has(endpoint);
    this.subscribed.add(endpoint);
    try {
      await this.subscribeOnDevice(endpoint);
    } catch (error) {
      if (!wasSubscribed) this.subscribed.delete(endpoint);
      throw error;
    }
  }

  async unsubscribe(endpoint: Endpoint): Promise<void> {
    this.assertUsable(endpoint, 'unsubscribe from');
    this.subscribed.delete(endpoint);
    await this.unsubscribeOnDevice(endpoint);
  }

  async disconnect(): Promise<void> {
    if (this.gone) return;
    try {
      await this.closeConnection();
    } finally {
      this.markDisconnected();
    }
  }

  /** Delivers bytes from the device if that endpoint is subscribed; says whether it was. */
  protected deliver(endpoint: Endpoint, data: Uint8Array): boolean {
    if (this.gone || !this.subscribed.has(endpoint)) return false;
    this.notificationSubject.next({ endpoint, data: Uint8Array.from(data) });
    return true;
  }

  /** The hardware went away (either side). Safe to call more than once. */
  protected markDisconnected(): void {
    if (this.gone) return;
    this.gone = true;
    this.subscribed.clear();
    this.notificationSubject.complete();
    this.disconnectedSubject.next();
    this.disconnectedSubject.complete();
  }

  protected assertUsable(endpoint: Endpoint, action: string): void {
    if (this.gone) throw deviceError(`cannot ${action} ${this.name} (${this.address}): it is disconnected`);
    if (!this.endpoints.includes(endpoint)) {
      throw deviceError(
        `cannot ${action} endpoint "${endpoint}" of ${this.name}: it has only ${this.endpoints.join(', ') || 'no endpoints'}`,
      );
    }
  }

  protected abstract writeToDevice(endpoint: Endpoint, data: Uint8Array, withResponse: boolean): Promise<void>;
  protected abstract readFromDevice(endpoint: Endpoint, length: number, timeoutMs: number): Promise<Uint8Array>;
  protected abstract subscribeOnDevice(endpoint: Endpoint): Promise<void>;
  protected abstract unsubscribeOnDevice(endpoint: Endpoint): Promise<void>;
  /** Ends the connection from the server side; the base marks the hardware disconnected afterwards. */
  protected abstract closeConnection(): Promise<void>;
}
