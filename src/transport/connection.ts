import type { Observable } from 'rxjs';
/**
 * One client connection, whatever carries it (WebSocket, in-process, dial-out): text frames in and
 * out, and its close.
 */
export interface ClientConnection {
  readonly id: string;                    // unique per connection
  readonly kind: 'websocket' | 'in-process' | 'dial-out';
  readonly remote: string;                // e.g. "127.0.0.1:53211", "[::1]:40000", "in-process"
  send(text: string): void;               // one text frame; ignored after close
  close(code: number, reason: string): void;   // idempotent
  readonly frames: Observable<string>;    // incoming text frames; completes on close
  readonly closed: Observable<{ code: number; reason: string }>;  // emits once, then completes
}
/** Takes client connections: a PlugstateServer is one (`server.accept(connection)`). */
export interface ConnectionAcceptor { accept(connection: ClientConnection): void }
