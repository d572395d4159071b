import { createServer as createNetServer } from 'node:net';
import { firstValueFrom, ReplaySubject, skip } from 'rxjs';
import { WebSocket } from 'ws';
import type { ClientConnection, ConnectionAcceptor } from '../../src/transport/connection.ts';
import type { Logger } from '../../src/log/logger.ts';

/** Records every accepted connection and the frames it received; echoes each frame as `echo:<text>`. */
export function echoAcceptor() {
  const accepted = new ReplaySubject<ClientConnection>();
  const framesById = new Map<string, string[]>();
  const acceptor: ConnectionAcceptor & {
    framesOf(connection: ClientConnection): string[];
    connection(index: number): Promise<ClientConnection>;
  } = {
    accept(connection) {
      const frames: string[] = [];
      framesById.set(connection.id, frames);
      connection.frames.subscribe((text) => {
        frames.push(text);
        connection.send(`echo:${text}`);
      });
      accepted.next(connection);
    },
    framesOf: (connection) => framesById.get(connection.id) ?? [],
    connection: (index) => firstValueFrom(accepted.pipe(skip(index))),
  };
  return acceptor;
}

export function recordingLog() {
  const lines: { level: keyof Logger; message: string }[] = [];
  const record = (level: keyof Logger) => (message: string | object) =>
    lines.push({ level, message: typeof message === 'string' ? message : JSON.stringify(message) });
  const log: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  return { log, lines };
}

export function openClient(url: string, options?: ConstructorParameters<typeof WebSocket>[2]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

export function nextText(socket: WebSocket): Promise<string> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(data.toString())));
}

export function closeEvent(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

/** Sends `text` and waits for its echo, proving the socket and its connection still work. */
export async function roundTrip(socket: WebSocket, text: string): Promise<string> {
  const reply = nextText(socket);
  socket.send(text);
  return reply;
}

/** Holds a TCP port on one address, as another program would. */
export function occupyPort(host: string, port = 0): Promise<{ port: number; release(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen({ host, port, ipv6Only: host.includes(':') }, () => {
      const address = server.address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      resolve({ port: address.port, release: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** Whether this machine can listen on ::1 (containers often have IPv6 turned off). */
export async function canBindIpv6Loopback(): Promise<boolean> {
  try {
    const held = await occupyPort('::1');
    await held.release();
    return true;
  } catch {
    return false;
  }
}
