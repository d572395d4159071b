/**
 * Buffers a hardware's notifications from the moment it is created, so a reply that arrives
 * while a request is still being written is not lost, and lets protocol code wait for the next
 * one with a timeout. Disconnection rejects the waiter.
 */
import type { Subscription } from 'rxjs';
import type { Hardware, Notification } from '../../src/hardware/types.ts';
import { deviceError } from '../../src/errors.ts';

interface Waiter {
  resolve(notification: Notification | undefined): void;
  reject(error: Error): void;
  timer?: ReturnType<typeof setTimeout>;
}

export class NotificationInbox {
  private readonly queue: Notification[] = [];
  private waiter: Waiter | undefined;
  private closedReason: string | undefined;
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly hardware: Hardware) {
    this.subscriptions.push(
      hardware.notifications.subscribe({
        next: (notification) => this.deliver(notification),
        complete: () => this.shut('disconnected'),
        // A broken stream ends the inbox like a disconnect (unhandled, RxJS would rethrow it as uncaught).
        error: () => this.shut('disconnected'),
      }),
      hardware.disconnected.subscribe({ next: () => this.shut('disconnected'), error: () => this.shut('disconnected') }),
    );
  }

  /**
   * The oldest unread notification; undefined when none arrives within timeoutMs
   * (no timeout when timeoutMs is undefined). Rejects once the hardware is gone.
   */
  next(timeoutMs?: number): Promise<Notification | undefined> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closedReason) return Promise.reject(this.closedError());
    if (this.waiter) return Promise.reject(new Error('NotificationInbox: only one reader at a time'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          if (this.waiter === waiter) this.waiter = undefined;
          resolve(undefined);
        }, timeoutMs);
      }
      this.waiter = waiter;
    });
  }

  close(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.shut('closed');
  }

  private deliver(notification: Notification): void {
    const waiter = this.takeWaiter();
    if (waiter) waiter.resolve(notification);
    else this.queue.push(notification);
  }

  private shut(reason: string): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    this.takeWaiter()?.reject(this.closedError());
  }

  private takeWaiter(): Waiter | undefined {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter?.timer !== undefined) clearTimeout(waiter.timer);
    return waiter;
  }

  private closedError(): Error {
    return deviceError(`${this.hardware.name}: ${this.closedReason} while waiting for a notification`);
  }
}
