import { WebSocket } from 'ws';
import { formatHostPort } from './address.ts';
import type { ConnectionAcceptor } from './connection.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import { MAX_FRAME_BYTES, wrapWebSocket, type WrappedWebSocket } from './ws-connection.ts';
import { describeError } from '../errors.ts';

/** Options of dialOut: the address to connect out to, retried after a wait. */
export interface DialOutOptions {
  /** A ws:// (or wss://) address the server connects out to. */
  url: string;
  acceptor: ConnectionAcceptor;
  /** Wait between a closed or failed connection and the next attempt. */
  retryMs?: number;
  /** Ping interval on the outgoing socket; 0 turns it off. */
  heartbeatMs?: number;
  log?: Logger;
}

/** A running dial-out (the server connecting out to a client), stopped with `stop()`. */
export interface DialOut {
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 1000;

function parseDialUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`dial-out address is not a URL: ${JSON.stringify(url)} (expected e.g. ws://127.0.0.1:12345)`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new TypeError(`dial-out address must start with ws:// or wss://, got ${JSON.stringify(url)}`);
  }
  if (parsed.hash) {
    throw new TypeError(`dial-out address must not have a #fragment, got ${JSON.stringify(url)}`);
  }
  return parsed;
}

function remoteOf(url: URL): string {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : url.protocol === 'wss:' ? 443 : 80;
  return formatHostPort(host, port);
}

function untilClosed(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

/**
 * Connects out to `url` and serves the remote end like any client connection (Intiface's
 * --websocket-client-address). After a close or a failed attempt it tries again in `retryMs`,
 * until stopped.
 */
export function dialOut(options: DialOutOptions): DialOut {
  const { acceptor, retryMs = 1000, heartbeatMs = 10_000, log = silentLogger } = options;
  const url = parseDialUrl(options.url);
  if (!Number.isFinite(retryMs) || retryMs < 0) {
    throw new RangeError(`retryMs must be a non-negative number, got ${retryMs}`);
  }
  const remote = remoteOf(url);

  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let socket: WebSocket | undefined;
  let served: WrappedWebSocket | undefined;
  let failuresInARow = 0;

  const attempt = () => {
    retryTimer = undefined;
    if (stopped) return;
    const current = new WebSocket(url, { maxPayload: MAX_FRAME_BYTES });
    socket = current;
    let opened = false;

    current.on('error', (error) => {
      if (opened || stopped) return; // once open, the connection wrapper reports errors
      failuresInARow += 1;
      const message = `dial-out to ${url.href} failed: ${error.message}; retrying every ${retryMs} ms`;
      if (failuresInARow === 1) log.warn(message);
      else log.debug(message);
    });

    current.once('open', () => {
      opened = true;
      failuresInARow = 0;
      served = wrapWebSocket(current, { kind: 'dial-out', remote, heartbeatMs, log });
      log.info(`${served.connection.id} connected out to ${url.href}`);
      try {
        acceptor.accept(served.connection);
      } catch (error) {
        log.warn(`${served.connection.id}: acceptor failed: ${describeError(error)}`);
        served.connection.close(1011, 'server could not accept the connection');
      }
    });

    current.once('close', () => {
      socket = undefined;
      served = undefined;
      if (!stopped) retryTimer = setTimeout(attempt, retryMs);
    });
  };

  attempt();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      stopped = true;
      clearTimeout(retryTimer);
      if (served) await served.shutdown(1001, 'server shutting down', STOP_GRACE_MS);
      else if (socket) {
        const connecting = socket;
        connecting.terminate();
        await untilClosed(connecting);
      }
    })();
    return stopping;
  };

  return { stop };
}
