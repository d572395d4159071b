/**
 * One device's raw endpoint reads and subscriptions for spec v2/v3 clients (RawReadCmd,
 * RawSubscribeCmd, RawUnsubscribeCmd): they go to the hardware, and notifications of
 * raw-subscribed endpoints reach their subscribers. Raw writes join the device's output queue.
 */
import type { Subscription } from 'rxjs';
import type { Endpoint, Hardware } from '../hardware/types.ts';
import { deviceError } from '../errors.ts';

export interface RawAccessOptions<Subscriber> {
  readonly hardware: Hardware;
  /** "device 0 (Lovense Edge)", for error messages. */
  readonly label: string;
  /** Hands notification bytes (never empty) to one subscriber. */
  readonly deliver: (subscriber: Subscriber, endpoint: Endpoint, data: readonly number[]) => void;
}

export interface RawAccess<Subscriber> {
  /** The endpoint's bytes; rejects with a device error when the read fails or returns nothing. */
  read(endpoint: Endpoint, length: number, timeoutMs: number): Promise<number[]>;
  /** A repeated subscribe is answered as a success (as the reference did). */
  subscribe(endpoint: Endpoint, subscriber: Subscriber): Promise<void>;
  /** Unsubscribing something not subscribed is a success too. */
  unsubscribe(endpoint: Endpoint, subscriber: Subscriber): Promise<void>;
  /** Ends every raw subscription (a stop with inputs, the device leaving `ready`). Never rejects. */
  endAll(): Promise<void>;
  /** Stops forwarding notifications. */
  dispose(): void;
}

interface EndpointSubscription<Subscriber> {
  readonly subscribers: Set<Subscriber>;
  /** Settles once the hardware subscription is in place. */
  readonly ready: Promise<void>;
  /**
   * Whether raw access subscribed the endpoint on the hardware. An endpoint the protocol had
   * already subscribed (Lovense listens on rx) stays subscribed when the last raw client leaves.
   */
  readonly owned: boolean;
}

/** Whether the hardware already listens on the endpoint; every bus's HardwareBase can tell. */
function alreadySubscribed(hardware: Hardware, endpoint: Endpoint): boolean {
  const probe = (hardware as { isSubscribed?: (endpoint: Endpoint) => boolean }).isSubscribed;
  return typeof probe === 'function' ? probe.call(hardware, endpoint) === true : false;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createRawAccess<Subscriber>(options: RawAccessOptions<Subscriber>): RawAccess<Subscriber> {
  const { hardware, label, deliver } = options;
  const active = new Map<Endpoint, EndpointSubscription<Subscriber>>();
  let disposed = false;

  const notifications: Subscription = hardware.notifications.subscribe({
    next: ({ endpoint, data }) => {
      const subscription = active.get(endpoint);
      // A RawReading carries at least one byte (schema), so an empty notification is dropped.
      if (!subscription || data.length === 0) return;
      const bytes = [...data];
      for (const subscriber of subscription.subscribers) deliver(subscriber, endpoint, bytes);
    },
    // The hardware's own disconnect handling reports failures; here they only end forwarding.
    error: () => {},
  });

  async function release(endpoint: Endpoint, subscription: EndpointSubscription<Subscriber>): Promise<void> {
    active.delete(endpoint);
    const subscribed = await subscription.ready.then(
      () => true,
      () => false,
    );
    if (!subscribed || !subscription.owned) return;
    try {
      await hardware.unsubscribe(endpoint);
    } catch (error) {
      throw deviceError(`${label}: unsubscribing from endpoint "${endpoint}" failed: ${reason(error)}`);
    }
  }

  return {
    async read(endpoint, length, timeoutMs) {
      let data: Uint8Array;
      try {
        data = await hardware.read(endpoint, length, timeoutMs);
      } catch (error) {
        throw deviceError(`${label}: reading endpoint "${endpoint}" failed: ${reason(error)}`);
      }
      if (data.length === 0) throw deviceError(`${label}: endpoint "${endpoint}" returned no data`);
      return [...data];
    },

    subscribe(endpoint, subscriber) {
      if (disposed) return Promise.reject(deviceError(`${label} is no longer connected`));
      const existing = active.get(endpoint);
      if (existing) {
        existing.subscribers.add(subscriber);
        return existing.ready;
      }
      const owned = !alreadySubscribed(hardware, endpoint);
      const ready = owned
        ? hardware.subscribe(endpoint).catch((error: unknown) => {
            if (active.get(endpoint)?.ready === ready) active.delete(endpoint);
            throw deviceError(`${label}: subscribing to endpoint "${endpoint}" failed: ${reason(error)}`);
          })
        : Promise.resolve();
      active.set(endpoint, { subscribers: new Set([subscriber]), ready, owned });
      return ready;
    },

    async unsubscribe(endpoint, subscriber) {
      const subscription = active.get(endpoint);
      if (!subscription) return;
      subscription.subscribers.delete(subscriber);
      if (subscription.subscribers.size > 0) return;
      await release(endpoint, subscription);
    },

    async endAll() {
      await Promise.all(
        [...active].map(([endpoint, subscription]) => release(endpoint, subscription).catch(() => undefined)),
      );
    },

    dispose() {
      disposed = true;
      notifications.unsubscribe();
    },
  };
}
