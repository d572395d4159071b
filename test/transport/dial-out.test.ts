import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { dialOut, type DialOut } from '../../src/transport/dial-out.ts';
import { BINARY_FRAME_REPLY } from '../../src/transport/ws-connection.ts';
import { closeEvent, echoAcceptor, nextText, occupyPort, roundTrip } from './support.ts';

/** A local websocket server playing the client app that the server dials out to. */
async function remoteApp(port = 0) {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const sockets: WebSocket[] = [];
  const waiting: { index: number; resolve: (socket: WebSocket) => void }[] = [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    for (const waiter of waiting.filter(({ index }) => index === sockets.length - 1)) waiter.resolve(socket);
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    port: address.port,
    url: `ws://127.0.0.1:${address.port}`,
    sockets,
    /** The n-th socket the dialer opened (0-based), once it is there. */
    socket: (index: number) =>
      new Promise<WebSocket>((resolve) => {
        if (sockets[index]) resolve(sockets[index]);
        else waiting.push({ index, resolve });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    server,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dial(options: Parameters<typeof dialOut>[0]): DialOut {
  const dialer = dialOut(options);
  cleanups.push(() => dialer.stop());
  return dialer;
}

describe('dial-out', () => {
  it('connects out and serves the remote end like any client connection', async () => {
    const app = await remoteApp();
    cleanups.push(app.close);
    const acceptor = echoAcceptor();
    dial({ url: app.url, acceptor, retryMs: 10 });
    const socket = await app.socket(0);
    const reply = nextText(socket);
    socket.send('hello from the app');
    expect(await reply).toBe('echo:hello from the app');
    const connection = await acceptor.connection(0);
    expect(connection.kind).toBe('dial-out');
    expect(connection.remote).toBe(`127.0.0.1:${app.port}`);
  });

  it('answers a binary frame from the remote end with the Error frame', async () => {
    const app = await remoteApp();
    cleanups.push(app.close);
    const acceptor = echoAcceptor();
    dial({ url: app.url, acceptor, retryMs: 10 });
    const socket = await app.socket(0);
    const reply = nextText(socket);
    socket.send(Buffer.from([1, 2, 3]));
    expect(await reply).toBe(BINARY_FRAME_REPLY);
    expect(acceptor.framesOf(await acceptor.connection(0))).toEqual([]);
  });

  it('reconnects after the remote end closes, as a new connection', async () => {
    const app = await remoteApp();
    cleanups.push(app.close);
    const acceptor = echoAcceptor();
    dial({ url: app.url, acceptor, retryMs: 0 });
    const first = await app.socket(0);
    const firstConnection = await acceptor.connection(0);
    first.close(4000, 'app restarts');
    expect(await firstValueFrom(firstConnection.closed)).toEqual({ code: 4000, reason: 'app restarts' });
    const second = await app.socket(1);
    const secondConnection = await acceptor.connection(1);
    expect(secondConnection.id).not.toBe(firstConnection.id);
    expect(await roundTrip(second, 'again')).toBe('echo:again');
  });

  it('keeps retrying while nothing listens, and connects once the app appears', async () => {
    const free = await occupyPort('127.0.0.1');
    await free.release();
    const acceptor = echoAcceptor();
    const failures: string[] = [];
    const firstFailure = new Promise<void>((resolve) => {
      dial({
        url: `ws://127.0.0.1:${free.port}`,
        acceptor,
        retryMs: 10,
        log: {
          debug: (message) => failures.push(String(message)),
          info: () => {},
          warn: (message) => {
            failures.push(String(message));
            resolve();
          },
          error: () => {},
        },
      });
    });
    await firstFailure;
    expect(failures[0]).toMatch(/dial-out to ws:\/\/127\.0\.0\.1:\d+\/ failed/);
    const app = await remoteApp(free.port);
    cleanups.unshift(app.close);
    const socket = await app.socket(0);
    expect(await roundTrip(socket, 'finally')).toBe('echo:finally');
  });

  it('stop() closes the live connection with 1001 and dials no more', async () => {
    const app = await remoteApp();
    cleanups.push(app.close);
    const acceptor = echoAcceptor();
    const dialer = dialOut({ url: app.url, acceptor, retryMs: 0 });
    const socket = await app.socket(0);
    await acceptor.connection(0); // the dialer's side is open too
    const closed = closeEvent(socket);
    await dialer.stop();
    expect((await closed).code).toBe(1001);
    // With retryMs 0 a reconnect would be queued at once; two full round trips by a probe client
    // give it ample turns of the event loop to show up, without asserting on time.
    for (const text of ['probe 1', 'probe 2']) {
      const probe = new WebSocket(app.url);
      await new Promise((resolve) => probe.once('open', resolve));
      const probeSide = await app.socket(app.sockets.length - 1);
      probeSide.once('message', (data) => probeSide.send(data.toString()));
      expect(await roundTrip(probe, text)).toBe(text);
      probe.close();
    }
    expect(app.sockets).toHaveLength(3);
  });

  it('stop() while connecting or waiting to retry resolves and leaves no socket', async () => {
    const free = await occupyPort('127.0.0.1');
    await free.release();
    const dialer = dialOut({ url: `ws://127.0.0.1:${free.port}`, acceptor: echoAcceptor(), retryMs: 5 });
    await expect(dialer.stop()).resolves.toBeUndefined();
    await expect(dialer.stop()).resolves.toBeUndefined(); // idempotent
  });

  it('rejects addresses that are not ws:// URLs', () => {
    const acceptor = echoAcceptor();
    expect(() => dialOut({ url: 'localhost:12345', acceptor })).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => dialOut({ url: 'http://127.0.0.1:1', acceptor })).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => dialOut({ url: 'not a url', acceptor })).toThrow(/not a URL/);
    expect(() => dialOut({ url: 'ws://127.0.0.1:1', acceptor, retryMs: -1 })).toThrow(/retryMs/);
  });
});
