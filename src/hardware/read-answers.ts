/**
 * How a pretend device answers the server's reads: queued answers per endpoint (oldest first),
 * else a handler, else whatever gets queued before the read's time is up.
 */
import type { Endpoint } from './types.ts';

/** A read of `length` bytes from an endpoint, given up after `timeoutMs`. */
export interface ReadRequest {
  readonly endpoint: Endpoint;
  readonly length: number;
  readonly timeoutMs: number;
}

/** Bytes, or the reason the read fails. */
export type ReadAnswer = Uint8Array | { readonly error: string };

/** Returns undefined to leave the read to the queue. */
export type ReadHandler<R extends ReadRequest = ReadRequest> = (
  request: R,
) => ReadAnswer | undefined | Promise<ReadAnswer | undefined>;

interface PendingRead {
  readonly endpoint: Endpoint;
  readonly settle: (answer: ReadAnswer | undefined) => void;
}

export function toBytes(data: Uint8Array | readonly number[]): Uint8Array {
  return Uint8Array.from(data);
}

export class ReadAnswers<R extends ReadRequest = ReadRequest> {
  private readonly queued = new Map<Endpoint, ReadAnswer[]>();
  private readonly pending: PendingRead[] = [];
  private handler: ReadHandler<R> | undefined;

  queue(endpoint: Endpoint, answer: ReadAnswer): void {
    const waiting = this.pending.find((read) => read.endpoint === endpoint);
    if (waiting) {
      waiting.settle(answer);
      return;
    }
    const list = this.queued.get(endpoint) ?? [];
    list.push(answer);
    this.queued.set(endpoint, list);
  }

  setHandler(handler: ReadHandler<R> | undefined): void {
    this.handler = handler;
  }

  /** Answers still queued for an endpoint. */
  queuedCount(endpoint: Endpoint): number {
    return this.queued.get(endpoint)?.length ?? 0;
  }

  /** The answer to one read, or undefined when none came within waitMs. */
  async take(request: R, waitMs: number): Promise<ReadAnswer | undefined> {
    const list = this.queued.get(request.endpoint);
    if (list && list.length > 0) return list.shift();
    if (this.handler) {
      const answer = await this.handler(request);
      if (answer !== undefined) return answer;
    }
    return new Promise<ReadAnswer | undefined>((resolve) => {
      const read: PendingRead = {
        endpoint: request.endpoint,
        settle: (answer) => {
          clearTimeout(timer);
          this.pending.splice(this.pending.indexOf(read), 1);
          resolve(answer);
        },
      };
      const timer = setTimeout(() => read.settle(undefined), waitMs);
      this.pending.push(read);
    });
  }

  /** Ends every waiting read without an answer. */
  cancelPending(): void {
    for (const read of [...this.pending]) read.settle(undefined);
  }
}
