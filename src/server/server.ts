/**
 * The public API an app embeds: a Buttplug server with options, connectors to attach clients,
 * observable events, and close() that stops every device.
 */
import { createActor, type Actor, type InspectionEvent, type Observer } from "xstate";
import { Observable, Subject } from 'rxjs';
import { serverMachine, type ServerEmitted } from '../../machines/server.ts';
import { sessionMachine } from '../../machines/session.ts';
import { deviceMachine } from '../../machines/device.ts';
import { scanMachine } from '../../machines/scan.ts';
import { loadDeviceConfig } from '../config/load.ts';
import type { DeviceConfig } from '../config/device-config.ts';
import { protocolFor } from '../../protocols/registry.ts';
import { createDeviceActors } from '../adapters/device-actors.ts';
import { createManagerActor } from '../adapters/manager-actor.ts';
import type { HardwareManager } from '../hardware/types.ts';
import type { DeviceInfo } from '../devices/features.ts';
import { createSessionTransport } from '../adapters/session-transport.ts';
import { dialOut, InProcessClientConnector, startWebSocketServer } from '../transport/index.ts';
import type { ClientConnection, ConnectionAcceptor } from '../transport/connection.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import { VERSION } from '../version.ts';
import { waitForSlot } from './wait-for-slot.ts';

export interface ServerOptions {
  /** ServerName in ServerInfo. */
  name?: string;
  /** ms between client Pings before every device is stopped; 0 (default) turns the watchdog off. */
  maxPingTime?: number;
  /** Clients served at once; a further connection is refused with a close reason. Default 1. */
  maxClients?: number;
  /** Defaults to the bundled device configuration with no user config. */
  deviceConfig?: DeviceConfig;
  /** Hardware managers (simulator, bridge, btle, serial, hid). Default none. */
  managers?: readonly HardwareManager[];
  /**
   * Serve the spec v2/v3 Raw*Cmd messages (write, read and subscribe to any device endpoint;
   * the daemon's --allow-raw). Default false: they are refused and no description lists them.
   */
  allowRaw?: boolean;
  log?: Logger;
  /** XState clock; tests pass a SimulatedClock. */
  clock?: { setTimeout(fn: (...args: any[]) => void, ms: number): any; clearTimeout(id: any): void };
  /** XState inspection observer: sees every actor, event and state change. */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
}

/** Close code for a connection refused because another client is connected (RFC 6455 "try again later"). */
export const CLOSE_TRY_AGAIN_LATER = 1013;
const CLOSE_TIMEOUT_MS = 2000;
/** RFC 6455 "internal error": the session serving this client failed. */
const CLOSE_INTERNAL_ERROR = 1011;
/** Session actors are spawned as `session:<connectionId>` (machines/server.ts). */
const SESSION_PREFIX = 'session:';

export class PlugstateServer implements ConnectionAcceptor {
  readonly name: string;
  readonly config: DeviceConfig;
  readonly managers: ReadonlyMap<string, HardwareManager>;
  /** Every event the root actor emits (clients, devices, failures). */
  readonly events: Observable<ServerEmitted>;
  private readonly emitted = new Subject<ServerEmitted>();
  private readonly connections = new Map<string, ClientConnection>();
  private readonly startedAt = Date.now();
  private readonly log: Logger;
  private readonly closers: (() => Promise<void>)[] = [];
  private closing: Promise<void> | undefined;
  private readonly admission: ConnectionAcceptor;
  /**
   * The root actor, for plugstate's own daemon and tests; left out of the package's declarations
   * (its inferred type does not survive declaration emit). Embedders watch the server through
   * `events`, `status()` and the `inspect` option.
   * @internal
   */
  readonly actor: Actor<typeof serverMachine>;

  constructor(options: ServerOptions = {}) {
    this.name = options.name ?? 'plugstate';
    this.log = options.log ?? silentLogger;
    this.config = options.deviceConfig ?? loadDeviceConfig({ log: this.log });
    this.managers = new Map((options.managers ?? []).map((m) => [m.name, m]));
    this.events = this.emitted.asObservable();
    const maxClients = options.maxClients ?? 1;
    const allowRaw = options.allowRaw ?? false;

    const machine = serverMachine.provide({
      actors: {
        session: sessionMachine.provide({ actors: { transport: createSessionTransport(this.connections) } }),
        device: deviceMachine.provide({ actors: createDeviceActors({ config: this.config, protocolFor, log: this.log, allowRaw }) }),
        scan: scanMachine.provide({ actors: { manager: createManagerActor(this.managers, this.log) } }),
      },
    });
    this.actor = createActor(machine, {
      systemId: 'server',
      input: {
        serverName: this.name,
        maxPingTime: options.maxPingTime ?? 0,
        maxClients,
        allowRaw,
        managers: [...this.managers.keys()],
      },
      // XState spreads these over its defaults, so an explicit `clock: undefined` would erase the real clock.
      ...(options.clock ? { clock: options.clock } : {}),
      inspect: options.inspect,
    });
    this.actor.on('*', (event) => this.onEmitted(event as ServerEmitted));
    this.actor.subscribe({
      error: (error) => {
        // The root failing would otherwise crash the process; its children were stopped with it.
        this.log.error({ err: error }, `server actor failed: ${String(error)}`);
        this.emitted.next({ type: 'actor.failed', actor: 'server', error });
      },
    });
    this.actor.start();
    this.admission = waitForSlot(
      { clientCount: () => this.clientCount(), events: this.events, accept: (connection) => this.admitNow(connection) },
      maxClients,
    );
  }

  /** ConnectionAcceptor: serve a client over any transport (a client reconnecting at once waits for its old slot). */
  accept(connection: ClientConnection): void {
    this.admission.accept(connection);
  }

  private admitNow(connection: ClientConnection): void {
    if (this.closing || this.actor.getSnapshot().status !== 'active') {
      connection.close(1001, 'server is shutting down');
      return;
    }
    this.connections.set(connection.id, connection);
    this.actor.send({ type: 'connection.accepted', connectionId: connection.id });
  }

  /** The devices connected now, as clients see them (index, name, features). */
  devices(): readonly DeviceInfo[] {
    return this.actor.getSnapshot().context.devices;
  }

  /** How many clients are connected now. */
  clientCount(): number {
    return this.actor.getSnapshot().context.sessions.length;
  }

  /** What the HTTP status page shows. */
  status() {
    return {
      server: this.name,
      software: `plugstate ${VERSION}`,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      clients: this.clientCount(),
      devices: this.devices().map((d) => ({ index: d.index, name: d.displayName ?? d.name })),
    };
  }

  /** Starts a scan on every hardware manager, as a client's StartScanning would. */
  startScanning(): void {
    this.actor.send({ type: 'scan.start' });
  }

  /** Stops the scan on every hardware manager. */
  stopScanning(): void {
    this.actor.send({ type: 'scan.stop' });
  }

  /** Serves clients over WebSocket (loopback IPv4 and IPv6 unless allInterfaces); closed with the server. */
  async listen(options: { port?: number; allInterfaces?: boolean; heartbeatMs?: number } = {}) {
    const listener = await startWebSocketServer({ ...options, acceptor: this, status: () => this.status(), log: this.log });
    this.addCloser(() => listener.close());
    return listener;
  }

  /** Dials out to a client that listens at `url` (and redials when it goes away); stopped with the server. */
  dialOut(url: string, retryMs?: number) {
    const dialer = dialOut({ url, acceptor: this, retryMs, log: this.log });
    this.addCloser(() => dialer.stop());
    return dialer;
  }

  /** A connector for the official `buttplug` client running in this process. */
  connector(): InProcessClientConnector {
    return new InProcessClientConnector(this);
  }

  /** Registers something to close with the server (listeners, dial-out loops). */
  addCloser(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  /** Stops every device (the stop bytes go out), closes clients, managers and listeners. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await Promise.allSettled(this.closers.map((close) => close()));
    if (this.actor.getSnapshot().status === 'active') {
      const done = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        const subscription = this.actor.subscribe({
          complete: () => {
            clearTimeout(timer);
            subscription.unsubscribe();
            resolve();
          },
          error: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
      this.actor.send({ type: 'server.close' });
      await done;
    }
    this.actor.stop();
    for (const connection of this.connections.values()) connection.close(1001, 'server closed');
    this.connections.clear();
    await Promise.allSettled([...this.managers.values()].map((m) => m.close()));
    this.emitted.complete();
  }

  private onEmitted(event: ServerEmitted): void {
    if (event.type === 'connection.refused') {
      const connection = this.connections.get(event.connectionId);
      this.connections.delete(event.connectionId);
      connection?.close(CLOSE_TRY_AGAIN_LATER, event.reason);
      this.log.info(`refused a client: ${event.reason}`);
    } else if (event.type === 'actor.failed') {
      this.log.error({ err: event.error }, `${event.actor} failed`);
      // XState does not stop a failed actor's children, so the session's transport would keep the
      // client connected to nothing; close it so the client knows.
      const connectionId = event.actor.startsWith(SESSION_PREFIX) ? event.actor.slice(SESSION_PREFIX.length) : undefined;
      const connection = connectionId === undefined ? undefined : this.connections.get(connectionId);
      if (connectionId !== undefined && connection) {
        this.connections.delete(connectionId);
        connection.close(CLOSE_INTERNAL_ERROR, 'the server failed while serving this client');
      }
    }
    this.emitted.next(event);
  }
}

export function createServer(options: ServerOptions = {}): PlugstateServer {
  return new PlugstateServer(options);
}

