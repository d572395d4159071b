/** A connection arriving while every client slot is taken waits for one instead of being refused at once. */
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerEmitted } from '../../machines/server.ts';
import { waitForSlot, RECONNECT_WAIT_MS } from '../../src/server/wait-for-slot.ts';
import type { ClientConnection } from '../../src/transport/connection.ts';

function connection(id: string) {
  const closed = new Subject<{ code: number; reason: string }>();
  const client: ClientConnection = {
    id,
    kind: 'websocket',
    remote: '127.0.0.1:1',
    send: () => {},
    close: (code, reason) => closed.next({ code, reason }),
    frames: new Subject<string>(),
    closed,
  };
  return { client, closed };
}

function fakeServer(clients: number) {
  const events = new Subject<ServerEmitted>();
  const accepted: string[] = [];
  const server = { clients, events, clientCount: () => server.clients, accept: (c: ClientConnection) => accepted.push(c.id) };
  return { server, events, accepted };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('waitForSlot', () => {
  it('passes a connection straight on when no client is connected', () => {
    const { server, accepted } = fakeServer(0);
    waitForSlot(server, 1).accept(connection('a').client);
    expect(accepted).toEqual(['a']);
  });

  it('holds a connection until the current client has left', () => {
    const { server, events, accepted } = fakeServer(1);
    waitForSlot(server, 1).accept(connection('b').client);
    expect(accepted).toEqual([]);
    server.clients = 0;
    events.next({ type: 'client.disconnected', connectionId: 'a' });
    expect(accepted).toEqual(['b']);
  });

  it('offers it anyway after the wait, so the server can refuse it if the other client stays', () => {
    const { server, accepted } = fakeServer(1);
    waitForSlot(server, 1).accept(connection('b').client);
    vi.advanceTimersByTime(RECONNECT_WAIT_MS - 1);
    expect(accepted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(accepted).toEqual(['b']);
  });

  it('drops a waiting connection that closes before its turn', () => {
    const { server, events, accepted } = fakeServer(1);
    const { client, closed } = connection('b');
    waitForSlot(server, 1).accept(client);
    closed.next({ code: 1000, reason: '' });
    events.next({ type: 'client.disconnected', connectionId: 'a' });
    expect(accepted).toEqual([]);
  });

  it('hands waiting connections over when the server closes (it then closes them)', () => {
    const { server, events, accepted } = fakeServer(1);
    waitForSlot(server, 1).accept(connection('b').client);
    events.complete();
    expect(accepted).toEqual(['b']);
  });
});
