import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { listenOnBothFamilies } from '../../src/transport/listeners.ts';
import { BINARY_FRAME_REPLY, MAX_FRAME_BYTES } from '../../src/transport/ws-connection.ts';
import {
  PortInUseError,
  startWebSocketServer,
  type RunningWebSocketServer,
  type WebSocketServerOptions,
} from '../../src/transport/websocket-server.ts';
import { createServer } from 'node:http';
import { pino } from 'pino';
import {
  canBindIpv6Loopback,
  closeEvent,
  echoAcceptor,
  occupyPort,
  openClient,
  recordingLog,
  roundTrip,
} from './support.ts';

const ipv6 = await canBindIpv6Loopback();
const ipv6Skip = ipv6 ? '' : ' (skipped: ::1 cannot be bound on this machine)';

const running: RunningWebSocketServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(overrides: Partial<WebSocketServerOptions> = {}) {
  const acceptor = echoAcceptor();
  const server = await startWebSocketServer({
    port: 0,
    acceptor,
    status: () => ({ name: 'test server', clients: 0 }),
    ...overrides,
  });
  running.push(server);
  return { server, acceptor, port: server.addresses[0].port };
}

describe('websocket server: listening', () => {
  it('port 0 picks one free port used by every listener and reported in urls', async () => {
    const { server, port } = await start();
    expect(port).toBeGreaterThan(0);
    expect(server.addresses[0]).toEqual({ host: '127.0.0.1', port });
    expect(server.addresses.every((address) => address.port === port)).toBe(true);
    expect(server.urls[0]).toBe(`ws://127.0.0.1:${port}`);
  });

  it('logs through a pino logger as it is', async () => {
    const lines: string[] = [];
    const { server } = await start({ log: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }) });
    expect(lines.some((line) => line.includes(`listening on ${server.urls[0]}`))).toBe(true);
  });

  it('serves a client on IPv4 loopback', async () => {
    const { server, acceptor, port } = await start();
    const client = await openClient(server.urls[0]);
    expect(await roundTrip(client, 'hello')).toBe('echo:hello');
    const connection = await acceptor.connection(0);
    expect(connection.kind).toBe('websocket');
    expect(connection.remote).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(connection.remote).not.toBe(`127.0.0.1:${port}`);
    client.close();
  });

  it.skipIf(!ipv6)(`serves a client on IPv6 loopback on the same port${ipv6Skip}`, async () => {
    const { server, acceptor, port } = await start();
    expect(server.addresses).toContainEqual({ host: '::1', port });
    expect(server.urls).toContain(`ws://[::1]:${port}`);
    const client = await openClient(`ws://[::1]:${port}`);
    expect(await roundTrip(client, 'over six')).toBe('echo:over six');
    expect((await acceptor.connection(0)).remote).toMatch(/^\[::1\]:\d+$/);
    client.close();
  });

  it('rejects a port taken on IPv4 with PortInUseError carrying the port', async () => {
    const held = await occupyPort('127.0.0.1');
    try {
      const failure = await start({ port: held.port }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PortInUseError);
      expect((failure as PortInUseError).port).toBe(held.port);
    } finally {
      await held.release();
    }
  });

  it.skipIf(!ipv6)(`a port taken only on ::1 rejects and leaves nothing listening on IPv4${ipv6Skip}`, async () => {
    const held = await occupyPort('::1');
    try {
      const failure = await start({ port: held.port }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PortInUseError);
      expect((failure as PortInUseError).port).toBe(held.port);
      // The IPv4 listener opened first must be gone: the port is free there again.
      const reuse = await occupyPort('127.0.0.1', held.port);
      await reuse.release();
    } finally {
      await held.release();
    }
  });

  it('continues on IPv4 alone, with a log line, when the IPv6 address does not exist here', async () => {
    const { log, lines } = recordingLog();
    // 2001:db8::/32 is reserved for documentation, so no machine has it.
    const listeners = await listenOnBothFamilies(() => createServer(), { ipv4: '127.0.0.1', ipv6: '2001:db8::1' }, 0, log);
    try {
      expect(listeners.map((listener) => listener.host)).toEqual(['127.0.0.1']);
      expect(listeners[0].server.listening).toBe(true);
      expect(lines.some((line) => line.message.includes('2001:db8::1') && line.message.includes('IPv4 only'))).toBe(true);
    } finally {
      await new Promise((done) => listeners[0].server.close(done));
    }
  });

  it('rejects an invalid port with a clear error', async () => {
    await expect(start({ port: 70000 })).rejects.toThrow(/port must be an integer from 0 to 65535/);
  });

  it('close() says goodbye to clients with 1001 and frees the port', async () => {
    const { server, acceptor, port } = await start();
    const client = await openClient(server.urls[0]);
    const connection = await acceptor.connection(0);
    const clientClosed = closeEvent(client);
    await server.close();
    expect((await clientClosed).code).toBe(1001);
    expect((await firstValueFrom(connection.closed)).code).toBe(1001);
    const reuse = await occupyPort('127.0.0.1', port);
    await reuse.release();
  });

  it('an acceptor that throws gets the socket closed with 1011 and the server keeps serving', async () => {
    const healthy = echoAcceptor();
    let calls = 0;
    const { server } = await start({
      acceptor: {
        accept(connection) {
          calls += 1;
          if (calls === 1) throw new Error('boom');
          healthy.accept(connection);
        },
      },
    });
    const refused = await openClient(server.urls[0]);
    expect((await closeEvent(refused)).code).toBe(1011);
    const served = await openClient(server.urls[0]);
    expect(await roundTrip(served, 'still here')).toBe('echo:still here');
    served.close();
  });
});

describe('websocket server: plain HTTP status', () => {
  it('answers GET with the status JSON', async () => {
    const status = { name: 'plugstate', version: '0.1.0', uptime: 12, devices: [], clients: 1 };
    const { port } = await start({ status: () => status });
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(status);
  });

  it('answers a browser (Accept prefers text/html) with an escaped HTML page', async () => {
    const { port } = await start({ status: () => ({ name: '<toy & co>', clients: 2 }) });
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('&#60;toy &#38; co&#62;');
    expect(page).not.toContain('<toy');
    expect(page).toContain(`ws://127.0.0.1:${port}`);
  });

  it('a status function that throws gives 500 and the server keeps serving', async () => {
    let fail = true;
    const { port } = await start({
      status: () => {
        if (fail) throw new Error('not ready');
        return { ok: true };
      },
    });
    const failed = await fetch(`http://127.0.0.1:${port}/`);
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { error: string }).error).toContain('not ready');
    fail = false;
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).json()).toEqual({ ok: true });
  });

  it('refuses methods other than GET and HEAD with 405', async () => {
    const { port } = await start();
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('websocket server: frames', () => {
  it('a frame over 1 MiB closes only that socket, with 1009', async () => {
    const { server, acceptor } = await start();
    const bystander = await openClient(server.urls[0]);
    const offender = await openClient(server.urls[0]);
    const offenderConnection = await acceptor.connection(1);
    const offenderClosed = closeEvent(offender);
    offender.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect((await offenderClosed).code).toBe(1009);
    expect((await firstValueFrom(offenderConnection.closed)).code).toBe(1009);
    expect(acceptor.framesOf(offenderConnection)).toEqual([]);
    expect(await roundTrip(bystander, 'fine')).toBe('echo:fine');
    bystander.close();
  });

  it('a frame of exactly 1 MiB is delivered', async () => {
    const { server, acceptor } = await start();
    const client = await openClient(server.urls[0]);
    const big = 'y'.repeat(MAX_FRAME_BYTES);
    const reply = await roundTrip(client, big);
    expect(reply.length).toBe(big.length + 'echo:'.length);
    expect(acceptor.framesOf(await acceptor.connection(0))).toEqual([big]);
    client.close();
  });

  it('a binary frame is answered with the Error frame and not forwarded', async () => {
    const { server, acceptor } = await start();
    const client = await openClient(server.urls[0]);
    const reply = new Promise<{ text: string; isBinary: boolean }>((resolve) =>
      client.once('message', (data, isBinary) => resolve({ text: data.toString(), isBinary })),
    );
    client.send(Buffer.from('[{"Ping":{"Id":1}}]'));
    const answer = await reply;
    expect(answer.isBinary).toBe(false);
    expect(answer.text).toBe(BINARY_FRAME_REPLY);
    expect(JSON.parse(answer.text)).toEqual([
      { Error: { Id: 0, ErrorCode: 3, ErrorMessage: 'binary frames are not supported; send JSON text frames' } },
    ]);
    // TCP keeps order, so once the text frame after it is echoed the binary one was surely processed.
    expect(await roundTrip(client, 'text after')).toBe('echo:text after');
    expect(acceptor.framesOf(await acceptor.connection(0))).toEqual(['text after']);
    client.close();
  });

  it('the connection closes with the code and reason the client sent, and frames completes', async () => {
    const { server, acceptor } = await start();
    const client = await openClient(server.urls[0]);
    const connection = await acceptor.connection(0);
    const framesDone = new Promise<void>((resolve) => connection.frames.subscribe({ complete: resolve }));
    client.close(4000, 'done here');
    expect(await firstValueFrom(connection.closed)).toEqual({ code: 4000, reason: 'done here' });
    await framesDone;
  });

  it('server-side close reaches the client; later sends are ignored and a second close is harmless', async () => {
    const { server, acceptor } = await start();
    const client = await openClient(server.urls[0]);
    const connection = await acceptor.connection(0);
    const received: string[] = [];
    client.on('message', (data) => received.push(data.toString()));
    const clientClosed = closeEvent(client);
    connection.send('before');
    connection.close(4001, 'bye');
    connection.send('after');
    connection.close(4002, 'again');
    expect(await clientClosed).toEqual({ code: 4001, reason: 'bye' });
    expect(received).toEqual(['before']);
  });
});

describe('websocket server: heartbeat', () => {
  it('terminates a client that does not answer pings; its connection reports the close', async () => {
    const { server, acceptor } = await start({ heartbeatMs: 40 });
    const silent = await openClient(server.urls[0], { autoPong: false });
    const silentClosed = closeEvent(silent);
    const connection = await acceptor.connection(0);
    const closed = await firstValueFrom(connection.closed);
    expect(closed.code).toBe(1006);
    expect(closed.reason).toMatch(/no pong/);
    expect((await silentClosed).code).toBe(1006);
  });

  it('keeps a client that answers pings', async () => {
    const { server, acceptor } = await start({ heartbeatMs: 40 });
    const answering = await openClient(server.urls[0]);
    const connection = await acceptor.connection(0);
    let closedEarly = false;
    connection.closed.subscribe(() => (closedEarly = true));
    // Three pings means at least two checks for a pong have passed.
    await new Promise<void>((resolve) => {
      let pings = 0;
      answering.on('ping', () => {
        pings += 1;
        if (pings === 3) resolve();
      });
    });
    expect(closedEarly).toBe(false);
    expect(await roundTrip(answering, 'alive')).toBe('echo:alive');
    answering.close();
  });
});
