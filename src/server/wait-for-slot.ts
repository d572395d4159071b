/**
 * The official clients resolve disconnect() before the server has seen the socket close, so a
 * client that reconnects at once would find its own old session still ending and be refused. A
 * connection that arrives while every client slot is taken therefore waits (bounded) for a client
 * to leave before it is offered to the server, which still refuses it if nobody left.
 */
import { filter, first, timeout, type Observable } from 'rxjs';
import type { ServerEmitted } from '../../machines/server.ts';
import type { ClientConnection, ConnectionAcceptor } from '../transport/connection.ts';

export const RECONNECT_WAIT_MS = 1000;

interface SlotServer extends ConnectionAcceptor {
  clientCount(): number;
  readonly events: Observable<ServerEmitted>;
}

export function waitForSlot(server: SlotServer, capacity: number, waitMs = RECONNECT_WAIT_MS): ConnectionAcceptor {
  return {
    accept(connection: ClientConnection) {
      if (server.clientCount() < capacity) {
        server.accept(connection);
        return;
      }
      let gone = false;
      const closed = connection.closed.subscribe(() => (gone = true));
      server.events
        .pipe(
          filter((event) => event.type === 'client.disconnected' || event.type === 'server.closed'),
          first(),
          timeout({ first: waitMs }),
        )
        .subscribe({
          next: () => offer(),
          // Timed out, or the server's events ended: let the server decide (it refuses or closes).
          error: () => offer(),
        });
      function offer() {
        closed.unsubscribe();
        if (!gone) server.accept(connection);
      }
    },
  };
}
