import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { networkInterfaces } from 'node:os';
import { WebSocketServer } from 'ws';
import { allInterfaceUrls, formatRemote, websocketUrl } from './address.ts';
import type { ConnectionAcceptor } from './connection.ts';
import { createStatusRequestHandler } from './http-status.ts';
import { closeServer, listenOnBothFamilies } from './listeners.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import { MAX_FRAME_BYTES, wrapWebSocket, type WrappedWebSocket } from './ws-connection.ts';
import { describeError } from '../errors.ts';

export { PortInUseError } from './listeners.ts';

/** Options of startWebSocketServer. */
export interface WebSocketServerOptions {
  port?: number;
  /** Listen on 0.0.0.0 and :: instead of 127.0.0.1 and ::1. */
  allInterfaces?: boolean;
  acceptor: ConnectionAcceptor;
  /** What a plain HTTP GET on the port answers. */
  status: () => object;
  /** Ping interval; a socket with no pong since the previous ping is terminated. 0 turns it off. */
  heartbeatMs?: number;
  log?: Logger;
}

/** A listening WebSocket server: its addresses and URLs, and `close()`. */
export interface RunningWebSocketServer {
  addresses: { host: string; port: number }[];
  urls: string[];
  close(): Promise<void>;
}

/** The addresses the client listener binds: loopback, or every interface when asked. */
export function listenHosts(allInterfaces: boolean): { ipv4: string; ipv6: string } {
  return allInterfaces ? { ipv4: '0.0.0.0', ipv6: '::' } : { ipv4: '127.0.0.1', ipv6: '::1' };
}

/** How long a client gets to answer our close frame at shutdown before its socket is cut. */
const SHUTDOWN_GRACE_MS = 1000;

/**
 * Listens for WebSocket clients (loopback IPv4 and IPv6 unless `allInterfaces`) and hands each
 * connection to the acceptor. `server.listen()` does this for a server.
 */
export async function startWebSocketServer(options: WebSocketServerOptions): Promise<RunningWebSocketServer> {
  const { port = 12345, allInterfaces = false, acceptor, status, heartbeatMs = 10_000, log = silentLogger } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`websocket port must be an integer from 0 to 65535, got ${port}`);
  }
  if (!Number.isFinite(heartbeatMs) || heartbeatMs < 0) {
    throw new RangeError(`heartbeatMs must be 0 (off) or a positive number, got ${heartbeatMs}`);
  }

  const websockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const open = new Set<WrappedWebSocket>();
  let closing = false;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closing) {
      socket.destroy();
      return;
    }
    websockets.handleUpgrade(request, socket, head, (websocket) => {
      const remote = formatRemote(request.socket);
      const wrapped = wrapWebSocket(websocket, { kind: 'websocket', remote, heartbeatMs, log });
      open.add(wrapped);
      wrapped.connection.closed.subscribe({ complete: () => open.delete(wrapped) });
      log.info(`${wrapped.connection.id} connected from ${remote}`);
      try {
        acceptor.accept(wrapped.connection);
      } catch (error) {
        log.warn(`${wrapped.connection.id}: acceptor failed: ${describeError(error)}`);
        wrapped.connection.close(1011, 'server could not accept the connection');
      }
    });
  };

  const handleStatusRequest = createStatusRequestHandler(status, log);
  const listeners = await listenOnBothFamilies(
    () => createServer(handleStatusRequest).on('upgrade', onUpgrade),
    listenHosts(allInterfaces),
    port,
    log,
  );

  const boundPort = listeners[0].port;
  const addresses = listeners.map(({ host, port }) => ({ host, port }));
  const urls = allInterfaces
    ? allInterfaceUrls(boundPort, networkInterfaces(), listeners.length > 1)
    : addresses.map(({ host, port }) => websocketUrl(host, port));
  log.info(`websocket server listening on ${urls.join(', ')}`);

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      closing = true;
      const serversClosed = listeners.map(({ server }) => closeServer(server));
      await Promise.all([...open].map((wrapped) => wrapped.shutdown(1001, 'server shutting down', SHUTDOWN_GRACE_MS)));
      for (const { server } of listeners) server.closeAllConnections();
      await Promise.all(serversClosed);
      websockets.close();
    })();
    return closed;
  };

  return { addresses, urls, close };
}
