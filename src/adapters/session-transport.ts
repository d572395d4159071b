/**
 * The session machine's `transport` actor: it binds one session to one ClientConnection.
 * Closing the session (its actor stopping) always closes the connection.
 */
import { fromCallback } from 'xstate';
import type { TransportCommand, TransportEvent } from '../../machines/session.ts';
import type { ClientConnection } from '../transport/connection.ts';

export function createSessionTransport(connections: Map<string, ClientConnection>) {
  return fromCallback<TransportCommand, { connectionId: string }, TransportEvent>(({ input, receive, sendBack }) => {
    const connection = connections.get(input.connectionId);
    if (!connection) {
      sendBack({ type: 'transport.closed' });
      return () => {};
    }
    // A connection whose streams error is treated as closed (RxJS would rethrow the error as uncaught).
    const gone = () => sendBack({ type: 'transport.closed' });
    const frames = connection.frames.subscribe({ next: (frame) => sendBack({ type: 'frame', frame }), error: gone });
    const closed = connection.closed.subscribe({ next: gone, error: gone });
    receive((command) => {
      if (command.type === 'send') connection.send(command.text);
      else connection.close(command.code, command.reason);
    });
    return () => {
      frames.unsubscribe();
      closed.unsubscribe();
      connection.close(1000, 'session ended');
      connections.delete(input.connectionId);
    };
  });
}
