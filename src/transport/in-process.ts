import { AsyncSubject, type Observable } from 'rxjs';
import type { ClientConnection } from './connection.ts';
import { nextConnectionId } from './connection-id.ts';
import { createFrameChannel } from './frame-channel.ts';

type CloseInfo = { code: number; reason: string };

/** The client's side of an in-process connection. */
export interface InProcessClientEnd {
  /** One text frame to the server; ignored once either side closed. */
  send(text: string): void;
  /** Text frames from the server; completes when the connection closes. */
  readonly messages: Observable<string>;
  /** Emits the close code and reason once, then completes. */
  readonly closed: Observable<CloseInfo>;
  /** Idempotent. Frames this side sent before closing still reach the server. */
  close(code?: number, reason?: string): void;
}

/**
 * A connection whose two ends live in this process. Every delivery happens in a later microtask,
 * in send order, so a handler that answers a frame never re-enters the sender. Closing takes
 * effect at once for sending; the receiving side still gets what was sent before the close,
 * except that a side which closed itself gets nothing more. Frames that arrive before a side
 * subscribes are held for its first subscriber.
 */
export function createInProcessPair(): { server: ClientConnection; client: InProcessClientEnd } {
  const toServer = createFrameChannel<string>();
  const toClient = createFrameChannel<string>();
  const closed = new AsyncSubject<CloseInfo>();
  let closing = false;
  let serverClosedItself = false;
  let clientClosedItself = false;

  const finish = (info: CloseInfo) => {
    closing = true;
    queueMicrotask(() => {
      toServer.complete();
      toClient.complete();
      closed.next(info);
      closed.complete();
    });
  };

  const server: ClientConnection = {
    id: nextConnectionId('in-process'),
    kind: 'in-process',
    remote: 'in-process',
    send(text) {
      if (closing) return;
      queueMicrotask(() => {
        if (!clientClosedItself) toClient.next(text);
      });
    },
    close(code, reason) {
      if (closing) return;
      serverClosedItself = true;
      finish({ code, reason });
    },
    frames: toServer.observable,
    closed: closed.asObservable(),
  };

  const client: InProcessClientEnd = {
    send(text) {
      if (closing) return;
      queueMicrotask(() => {
        if (!serverClosedItself) toServer.next(text);
      });
    },
    close(code = 1000, reason = 'client closed the connection') {
      if (closing) return;
      clientClosedItself = true;
      finish({ code, reason });
    },
    messages: toClient.observable,
    closed: closed.asObservable(),
  };

  return { server, client };
}
