/**
 * The device bridge: a WebSocket listener where each connection is one device (see the device-bridge
 * contract). Devices may arrive at any time; scanning is only reported, it gates nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Subject, type Observable } from 'rxjs';
import { WebSocketServer, type WebSocket } from 'ws';
import { BridgeLink, type BridgeLinkContext } from './bridge-link.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import type { HardwareManager, ManagerAvailability, ManagerEvent } from './types.ts';
import { describeError } from '../errors.ts';

/**
 * Options of a BridgeManager (the device bridge: a WebSocket port where each connection is one
 * device).
 */
export interface BridgeManagerOptions {
  /** TCP port; default 54817. 0 picks a free one (tests). */
  readonly port?: number;
  /** Listen on every interface; default: loopback only (127.0.0.1 and ::1). */
  readonly allInterfaces?: boolean;
  /** WebSocket ping interval; a device that misses a pong is dropped. Default 10 000 ms; 0 turns it off. */
  readonly pingIntervalMs?: number;
  readonly logger?: Logger;
}

/** An address the device bridge listens on. */
export interface BridgeAddress {
  readonly host: string;
  readonly port: number;
  readonly family: string;
}

/** The device bridge's default TCP port (54817). */
export const DEFAULT_BRIDGE_PORT = 54817;

/** Frames larger than this end the connection; devices send a few bytes at a time. */
const MAX_FRAME_BYTES = 1024 * 1024;

function listen(server: Server, port: number, host: string | undefined): Promise<AddressInfo> {
  return new Promise<AddressInfo>((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(host === undefined ? { port } : { port, host, ipv6Only: host.includes(':') });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * The loopback pair the bridge binds, or undefined for every interface: no host, which Node takes as
 * :: (both families) where IPv6 exists, else 0.0.0.0.
 */
export function bridgeListenHosts(allInterfaces: boolean): { readonly ipv4: string; readonly ipv6: string } | undefined {
  return allInterfaces ? undefined : { ipv4: '127.0.0.1', ipv6: '::1' };
}

export class BridgeManager implements HardwareManager {
  readonly name = 'bridge';
  readonly events: Observable<ManagerEvent>;

  private readonly eventSubject = new Subject<ManagerEvent>();
  private readonly links = new Set<BridgeLink>();
  private readonly servers: Server[] = [];
  private readonly bound: BridgeAddress[] = [];
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly requestedPort: number;
  private readonly allInterfaces: boolean;
  private readonly logger: Logger;
  private readonly linkContext: BridgeLinkContext;
  private starting: Promise<readonly BridgeAddress[]> | undefined;
  private scanning = false;
  private closed = false;

  constructor(options: BridgeManagerOptions = {}) {
    this.requestedPort = options.port ?? DEFAULT_BRIDGE_PORT;
    this.allInterfaces = options.allInterfaces ?? false;
    this.logger = options.logger ?? silentLogger;
    this.events = this.eventSubject.asObservable();
    this.linkContext = {
      managerName: this.name,
      logger: this.logger,
      pingIntervalMs: options.pingIntervalMs ?? 10_000,
      addressInUse: (address, asker) =>
        [...this.links].some((link) => link !== asker && link.holdsAddress && link.address === address),
      found: (candidate) => this.eventSubject.next({ type: 'found', candidate }),
      closed: (link) => this.links.delete(link),
    };
  }

  /** Starts listening (once); resolves to the bound addresses. Rejects if the port cannot be bound. */
  start(): Promise<readonly BridgeAddress[]> {
    if (this.closed) return Promise.reject(new Error('the device bridge is closed'));
    this.starting ??= this.bind().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** Where the bridge listens (empty before start). */
  get addresses(): readonly BridgeAddress[] {
    return this.bound.slice();
  }

  get port(): number | undefined {
    return this.bound[0]?.port;
  }

  /** A URL devices on this machine can use (undefined before start). */
  get url(): string | undefined {
    return this.port === undefined ? undefined : `ws://127.0.0.1:${this.port}`;
  }

  async availability(): Promise<ManagerAvailability> {
    try {
      await this.start();
      return { available: true };
    } catch (error) {
      return { available: false, reason: `Device bridge unavailable: ${describeError(error)}` };
    }
  }

  async startScanning(): Promise<void> {
    await this.start();
    this.scanning = true;
  }

  async stopScanning(): Promise<void> {
    this.scanning = false;
  }

  isScanning(): boolean {
    return this.scanning;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scanning = false;
    await this.starting?.catch(() => undefined);
    await Promise.all([...this.links].map((link) => link.close(1001, 'the server is shutting down')));
    await Promise.all(this.servers.map(closeServer));
    this.wss.close();
    this.bound.length = 0;
    this.eventSubject.complete();
  }

  private async bind(): Promise<readonly BridgeAddress[]> {
    const hosts = bridgeListenHosts(this.allInterfaces);
    if (hosts === undefined) {
      await this.listenOn(this.requestedPort, undefined);
    } else {
      const first = await this.listenOn(this.requestedPort, hosts.ipv4);
      try {
        await this.listenOn(first.port, hosts.ipv6);
      } catch (error) {
        this.logger.warn(
          { port: first.port, error: describeError(error) },
          `device bridge: cannot listen on ${hosts.ipv6}; continuing on IPv4 (${hosts.ipv4}) only`,
        );
      }
    }
    this.logger.info({ addresses: this.bound }, 'device bridge: listening');
    return this.bound.slice();
  }

  private async listenOn(port: number, host: string | undefined): Promise<AddressInfo> {
    const server = createServer((_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain' });
      response.end('plugstate device bridge: connect with a WebSocket\n');
    });
    server.on('upgrade', (request, socket, head) => {
      socket.on('error', () => socket.destroy());
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
    });
    try {
      const info = await listen(server, port, host);
      this.servers.push(server);
      this.bound.push({ host: info.address, port: info.port, family: info.family });
      return info;
    } catch (error) {
      server.close();
      throw error;
    }
  }

  private accept(socket: WebSocket): void {
    if (this.closed) {
      socket.terminate();
      return;
    }
    this.links.add(new BridgeLink(socket, this.linkContext));
  }
}
