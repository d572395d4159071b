import type { Server } from 'node:http';
import { formatHostPort } from './address.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../errors.ts';

/** The port is taken on one of the addresses the server needs. Nothing is left listening. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
  ) {
    super(`port ${port} is already in use on ${host}`);
    this.name = 'PortInUseError';
  }
}

interface BoundListener {
  host: string;
  port: number;
  server: Server;
}

/** Errors that mean "this machine has no such IPv6 address", not "the port is taken". */
const IPV6_UNAVAILABLE = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT']);

/** How often to pick a new port when port 0 gave one that is taken on the IPv6 side. */
const PORT_ZERO_ATTEMPTS = 5;

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function listen(server: Server, host: string, port: number, ipv6Only: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, ipv6Only });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function listenFailure(host: string, port: number, error: unknown): Error {
  if (errorCode(error) === 'EADDRINUSE') return new PortInUseError(port, host);
  const message = describeError(error);
  return new Error(`cannot listen on ${formatHostPort(host, port)}: ${message}`, { cause: error });
}

/**
 * Listens on an IPv4 and an IPv6 address with one port: IPv4 first (it picks the port when
 * `port` is 0), then IPv6 on that port. A machine without the IPv6 address is served on IPv4
 * alone; any other failure closes what was opened and rejects.
 */
export async function listenOnBothFamilies(
  createServer: () => Server,
  hosts: { ipv4: string; ipv6: string },
  port: number,
  log: Logger,
): Promise<BoundListener[]> {
  const attempts = port === 0 ? PORT_ZERO_ATTEMPTS : 1;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const ipv4Server = createServer();
    let chosenPort: number;
    try {
      chosenPort = await listen(ipv4Server, hosts.ipv4, port, false);
    } catch (error) {
      throw listenFailure(hosts.ipv4, port, error);
    }
    const ipv4: BoundListener = { host: hosts.ipv4, port: chosenPort, server: ipv4Server };

    const ipv6Server = createServer();
    try {
      await listen(ipv6Server, hosts.ipv6, chosenPort, true);
      return [ipv4, { host: hosts.ipv6, port: chosenPort, server: ipv6Server }];
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && IPV6_UNAVAILABLE.has(code)) {
        log.info(`IPv6 address ${hosts.ipv6} is unavailable (${code}); listening on IPv4 only`);
        return [ipv4];
      }
      await closeServer(ipv4Server);
      if (code === 'EADDRINUSE' && attempt < attempts) {
        log.debug(`port ${chosenPort} is free on ${hosts.ipv4} but taken on ${hosts.ipv6}; trying another`);
        continue;
      }
      throw listenFailure(hosts.ipv6, chosenPort, error);
    }
  }
  // Unreachable: the last attempt returns or throws.
  throw new Error('no port free on both address families');
}
