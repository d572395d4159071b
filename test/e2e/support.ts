/**
 * The end-to-end fixture: the real server behind a real loopback WebSocket listener, simulated
 * devices that answer like the hardware would, raw JSON and official clients, and a registry that
 * tears all of it down after each test.
 */
import { ButtplugClient, ButtplugNodeWebsocketClientConnector, type IButtplugClientConnector } from 'buttplug-v4';
import { filter, type Subscription } from 'rxjs';
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { createServer, type PlugstateServer, type ServerOptions } from '../../src/server/server.ts';
import { BridgeManager, SimulatorManager, type HardwareManager, type SimulatedDevice } from '../../src/hardware/index.ts';
import type { RunningWebSocketServer } from '../../src/transport/index.ts';
import { eventually as eventuallyWithin, withTimeout } from '../support/wait.ts';

export { withTimeout };

/** Upper bound on every wait in these tests: long enough for a loaded machine, short enough to fail fast. */
export const WAIT_MS = 3000;

// ---------------------------------------------------------------------------------------------
// Teardown

/** Everything a test opened, closed in reverse order by `closeAll` (call it from afterEach). */
export class Teardown {
  private readonly closers: (() => unknown)[] = [];

  add(close: () => unknown): void {
    this.closers.push(close);
  }

  async closeAll(): Promise<void> {
    const closers = this.closers.splice(0).reverse();
    for (const close of closers) {
      try {
        await withTimeout(Promise.resolve(close()), WAIT_MS, 'teardown step');
      } catch {
        // One stuck closer must not keep the others from running.
      }
    }
  }
}

/** A Teardown whose closeAll runs after each test of the file that calls this. */
export function teardownAfterEach(): Teardown {
  const teardown = new Teardown();
  afterEach(() => teardown.closeAll());
  return teardown;
}

/** Polls `check` until it returns true; fails with `what` after `ms` (default WAIT_MS). */
export const eventually = (check: () => boolean, what: string, ms = WAIT_MS): Promise<void> => eventuallyWithin(check, what, ms);

// ---------------------------------------------------------------------------------------------
// Bytes

export const ascii = (text: string): number[] => [...Buffer.from(text, 'ascii')];
export const text = (data: Uint8Array): string => Buffer.from(data).toString('ascii');

/** The writes a device received, as plain arrays (endpoint + bytes), oldest first. */
export function writesTo(device: SimulatedDevice): { endpoint: string; data: number[] }[] {
  return device.commands
    .filter((command) => command.kind === 'write')
    .map((command) => ({ endpoint: command.endpoint, data: [...(command as { data: Uint8Array }).data] }));
}

/** Whether the device's writes, from write number `from` on, contain every one of `expected` (in any order). */
export function receivedAll(device: SimulatedDevice, expected: readonly number[][], from = 0): boolean {
  const seen = writesTo(device)
    .slice(from)
    .map((write) => JSON.stringify(write.data));
  return expected.every((bytes) => seen.includes(JSON.stringify(bytes)));
}

export function waitForWrites(device: SimulatedDevice, expected: readonly number[][], from = 0, what = 'device writes') {
  return eventually(
    () => receivedAll(device, expected, from),
    `${what} (expected ${JSON.stringify(expected)}, got ${JSON.stringify(writesTo(device).slice(from).map((w) => w.data))})`,
  );
}

// ---------------------------------------------------------------------------------------------
// Simulated devices

/** Lovense Edge's answers (its BLE name LVS-P36; the type letter P names the Edge). */
export const LOVENSE_EDGE_REPLY = 'P:37:FFFFFFFFFFFF;';
export const LOVENSE_BATTERY_PERCENT = 85;

export const LOVENSE_EDGE_STOP = [ascii('Vibrate1:0;'), ascii('Vibrate2:0;')];
export const ANEROS_STOP = [
  [0xf1, 0x00],
  [0xf2, 0x00],
];
export const WEVIBE_STOP = [[0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]];

/**
 * A Lovense Edge that answers `DeviceType;` and `Battery;` on its rx endpoint, as the toy does.
 * The answer goes out on the next turn, after the server has finished its write.
 */
export function addLovenseEdge(sim: SimulatorManager, teardown: Teardown, address = 'lovense-edge-1'): SimulatedDevice {
  const device = sim.addDevice({ name: 'LVS-P36', address, messageGapMs: 0 });
  const answers: Record<string, string> = {
    'DeviceType;': LOVENSE_EDGE_REPLY,
    'Battery;': `${LOVENSE_BATTERY_PERCENT};`,
  };
  const subscription: Subscription = device.commands$
    .pipe(filter((command) => command.kind === 'write' && command.endpoint === 'tx'))
    .subscribe((command) => {
      const answer = answers[text((command as { data: Uint8Array }).data)];
      if (answer !== undefined) setImmediate(() => device.notify('rx', ascii(answer)));
    });
  teardown.add(() => subscription.unsubscribe());
  return device;
}

/** Aneros Vivi: advertises as "Massage Demo"; two vibrators, no identification step. */
export function addAneros(sim: SimulatorManager, address = 'aneros-1'): SimulatedDevice {
  return sim.addDevice({ name: 'Massage Demo', address, messageGapMs: 0 });
}

/** WeVibe 4 Plus: advertises as "4plus"; two vibrators packed into one 8-byte write. */
export function addWeVibe(sim: SimulatorManager, address = 'wevibe-1'): SimulatedDevice {
  return sim.addDevice({ name: '4plus', address, messageGapMs: 0 });
}

// ---------------------------------------------------------------------------------------------
// The server on a loopback port

export interface StackOptions extends Omit<ServerOptions, 'managers'> {
  /** Also a device bridge on a free loopback port, for devices that connect over WebSocket. */
  readonly bridge?: boolean;
}

export interface Stack {
  server: PlugstateServer;
  sim: SimulatorManager;
  /** Present when asked for with `bridge: true`. */
  bridge: BridgeManager | undefined;
  listener: RunningWebSocketServer;
  port: number;
  /** ws://127.0.0.1:<port> */
  url: string;
  /** A raw JSON client connected to the stack (closed by the teardown). */
  openClient(): Promise<RawClient>;
  /** The official v4 client connected through `connector` (default: the stack's URL), disconnected by the teardown. */
  connectOfficialClient(connector?: IButtplugClientConnector, name?: string): Promise<ButtplugClient>;
  /** Starts a scan and resolves once `count` devices are announced. */
  scanUntilAnnounced(count: number): Promise<void>;
}

/**
 * The real server with a simulator (and a device bridge if asked), listening on 127.0.0.1 and ::1
 * (port 0). WebSocket-level heartbeat is off so no timer outlives a test; everything is closed by
 * the teardown.
 */
export async function startStack(teardown: Teardown, options: StackOptions = {}): Promise<Stack> {
  const { bridge: withBridge, ...serverOptions } = options;
  const sim = new SimulatorManager();
  const bridge = withBridge ? await startBridge(teardown) : undefined;
  const managers: HardwareManager[] = bridge ? [sim, bridge] : [sim];
  const server = createServer({ name: 'plugstate e2e', ...serverOptions, managers });
  teardown.add(() => server.close());
  const listener = await server.listen({ port: 0, heartbeatMs: 0 });
  const port = listener.addresses[0].port;
  const url = `ws://127.0.0.1:${port}`;
  return {
    server,
    sim,
    bridge,
    listener,
    port,
    url,
    openClient: () => RawClient.open(url, teardown),
    connectOfficialClient: (connector = new ButtplugNodeWebsocketClientConnector(url), name = 'e2e v4 client') =>
      connectOfficialClient(teardown, connector, name),
    scanUntilAnnounced: (count) => {
      server.startScanning();
      return devicesAnnounced(server, count);
    },
  };
}

/** A device bridge on a free loopback port, without WebSocket pings (no timer outlives a test). */
async function startBridge(teardown: Teardown): Promise<BridgeManager> {
  const bridge = new BridgeManager({ port: 0, pingIntervalMs: 0 });
  await bridge.start();
  teardown.add(() => bridge.close());
  return bridge;
}

async function connectOfficialClient(teardown: Teardown, connector: IButtplugClientConnector, name: string): Promise<ButtplugClient> {
  const client = new ButtplugClient(name);
  teardown.add(async () => {
    if (client.connected) await client.disconnect().catch(() => {});
  });
  await withTimeout(client.connect(connector), WAIT_MS, `${name} connect`);
  return client;
}

/** An official client (v3 or v4) as far as scanning goes. */
interface ScanningClient<Device> {
  on(event: 'deviceadded', listener: (device: Device) => void): unknown;
  startScanning(): Promise<unknown>;
}

/** Starts a scan and waits until the client has been told of every one of `names`; its devices by name. */
export async function scanFor<Device extends { readonly name: string }>(
  client: ScanningClient<Device>,
  names: readonly string[],
): Promise<Map<string, Device>> {
  const found = new Map<string, Device>();
  client.on('deviceadded', (device) => found.set(device.name, device));
  await client.startScanning();
  await eventually(() => names.every((name) => found.has(name)), `the client sees ${names.join(', ')}`);
  return found;
}

/** Resolves once the server has announced `count` devices. */
function devicesAnnounced(server: PlugstateServer, count: number): Promise<void> {
  return eventually(() => server.devices().length >= count, `${count} device(s) announced`);
}

// ---------------------------------------------------------------------------------------------
// A raw JSON client

export type Json = Record<string, unknown>;
/** One message as it travels: `{ "<Type>": { Id, ... } }`. */
export type Message = Record<string, Json & { Id: number }>;

export const nameOf = (message: Message): string => Object.keys(message)[0];
export const bodyOf = (message: Message): Json & { Id: number } => Object.values(message)[0];

interface Waiter {
  match: (message: Message) => boolean;
  resolve: (message: Message) => void;
}

/**
 * A WebSocket client that speaks raw Buttplug JSON: every message the server sent is kept until a
 * test takes it (by Id or by type), so nothing that arrives early is lost and nothing is read twice.
 */
export class RawClient {
  /** Every frame exactly as received, oldest first. */
  readonly frames: string[] = [];
  /** Messages no `take` has claimed yet. */
  private readonly unclaimed: Message[] = [];
  private readonly waiters: Waiter[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const frame = data.toString();
      this.frames.push(isBinary ? `<binary>${frame}` : frame);
      let parsed: unknown;
      try {
        parsed = JSON.parse(frame);
      } catch {
        return; // kept in `frames` for the test to inspect
      }
      for (const message of Array.isArray(parsed) ? (parsed as Message[]) : []) this.deliver(message);
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async open(url: string, teardown: Teardown, options?: ConstructorParameters<typeof WebSocket>[2]): Promise<RawClient> {
    const socket = new WebSocket(url, options);
    teardown.add(() => {
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.terminate();
      return new Promise((resolve) => socket.once('close', resolve));
    });
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      }),
      WAIT_MS,
      `open ${url}`,
    );
    return new RawClient(socket);
  }

  /** Serves as the client end of a socket someone else opened (the dial-out test's listener). */
  static adopt(socket: WebSocket): RawClient {
    return new RawClient(socket);
  }

  private deliver(message: Message): void {
    const index = this.waiters.findIndex((waiter) => waiter.match(message));
    if (index >= 0) this.waiters.splice(index, 1)[0].resolve(message);
    else this.unclaimed.push(message);
  }

  /** Sends one frame: a string as is, anything else as JSON. */
  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first unclaimed message matching `match` (waits for it). */
  take(match: (message: Message) => boolean, what: string, ms = WAIT_MS): Promise<Message> {
    const index = this.unclaimed.findIndex(match);
    if (index >= 0) return Promise.resolve(this.unclaimed.splice(index, 1)[0]);
    const waiter: Waiter = { match, resolve: () => {} };
    const arrived = new Promise<Message>((resolve) => {
      waiter.resolve = resolve;
      this.waiters.push(waiter);
    });
    return withTimeout(arrived, ms, `${what} (unclaimed: ${JSON.stringify(this.unclaimed)})`).finally(() => {
      const left = this.waiters.indexOf(waiter);
      if (left >= 0) this.waiters.splice(left, 1);
    });
  }

  /** The reply carrying `id`. */
  reply(id: number, ms = WAIT_MS): Promise<Message> {
    return this.take((message) => bodyOf(message)?.Id === id, `reply to Id ${id}`, ms);
  }

  /** The next server event (Id 0) of type `type`. */
  event(type: string, ms = WAIT_MS): Promise<Message> {
    return this.take((message) => nameOf(message) === type && bodyOf(message).Id === 0, `${type} event`, ms);
  }

  /** Sends one message in its own frame and waits for the reply with the same Id. */
  async request(message: Message, ms = WAIT_MS): Promise<Message> {
    const id = bodyOf(message).Id;
    const reply = this.reply(id, ms);
    this.send([message]);
    return reply;
  }

  /** Messages that arrived and no test claimed. */
  get leftovers(): readonly Message[] {
    return this.unclaimed.slice();
  }

  close(code?: number): Promise<{ code: number; reason: string }> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code);
    return withTimeout(this.closed, WAIT_MS, 'client close');
  }
}

export const handshakeV4 = (id = 1, clientName = 'raw v4') => ({
  RequestServerInfo: { Id: id, ClientName: clientName, ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 },
});
