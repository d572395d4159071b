/**
 * Test helpers for driving a real server: a raw JSON client over an in-process connection,
 * bounded waiting, and readable views of what a simulated device received.
 */
import type { PlugstateServer } from '../../src/server/server.ts';
import { createInProcessPair, type InProcessClientEnd } from '../../src/transport/index.ts';
import type { DeviceCommand } from '../../src/hardware/index.ts';
import { eventually } from '../support/wait.ts';

export interface RawMessage {
  type: string;
  body: Record<string, any>;
}

const DEFAULT_WAIT_MS = 2000;
const POLL_MS = 2;

/** Resolves once `condition` holds; rejects with `what` after timeoutMs (bounded loop). */
export const waitUntil = (condition: () => boolean, what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> =>
  eventually(condition, what, timeoutMs, POLL_MS);

/** Lets queued microtasks and zero-delay timers run (in-process delivery is asynchronous). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

function handshake(version: number, id: number, name: string) {
  if (version === 0) return { RequestServerInfo: { Id: id, ClientName: name } };
  if (version < 4) return { RequestServerInfo: { Id: id, ClientName: name, MessageVersion: version } };
  return { RequestServerInfo: { Id: id, ClientName: name, ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } };
}

/** A Buttplug client that speaks raw JSON frames and records everything the server sent. */
export class RawClient {
  readonly received: RawMessage[] = [];
  closeInfo: { code: number; reason: string } | undefined;
  private nextId = 1;

  private constructor(
    readonly end: InProcessClientEnd,
    readonly version: number,
  ) {
    end.messages.subscribe((text) => {
      for (const item of JSON.parse(text) as Record<string, Record<string, any>>[]) {
        const [type, body] = Object.entries(item)[0];
        this.received.push({ type, body });
      }
    });
    end.closed.subscribe((info) => (this.closeInfo = info));
  }

  /** Opens a connection to the server without a handshake. */
  static open(server: PlugstateServer, version = 4): RawClient {
    const { server: serverEnd, client } = createInProcessPair();
    const raw = new RawClient(client, version);
    server.accept(serverEnd);
    return raw;
  }

  /** Opens a connection and completes the handshake for `version`. */
  static async connect(server: PlugstateServer, version = 4, name = 'raw test client'): Promise<RawClient> {
    const raw = RawClient.open(server, version);
    const id = raw.nextId++;
    raw.end.send(JSON.stringify([handshake(version, id, name)]));
    const reply = await raw.reply(id);
    if (reply.type !== 'ServerInfo') throw new Error(`handshake answered with ${reply.type}: ${JSON.stringify(reply.body)}`);
    return raw;
  }

  /** Sends one message; returns its Id. */
  send(type: string, body: Record<string, unknown> = {}): number {
    const id = this.nextId++;
    this.end.send(JSON.stringify([{ [type]: { Id: id, ...body } }]));
    return id;
  }

  /** Sends one message and waits for the reply carrying its Id. */
  request(type: string, body: Record<string, unknown> = {}, timeoutMs?: number): Promise<RawMessage> {
    return this.reply(this.send(type, body), timeoutMs);
  }

  repliesTo(id: number): RawMessage[] {
    return this.received.filter((m) => m.body.Id === id);
  }

  async reply(id: number, timeoutMs?: number): Promise<RawMessage> {
    await waitUntil(() => this.repliesTo(id).length > 0, `a reply to message ${id}`, timeoutMs);
    return this.repliesTo(id)[0];
  }

  /** Messages the server sent on its own (Id 0). */
  events(type?: string): RawMessage[] {
    return this.received.filter((m) => m.body.Id === 0 && (type === undefined || m.type === type));
  }

  /** The device indexes this client currently believes in, from its device events. */
  knownDevices(): number[] {
    const known = new Set<number>();
    for (const m of this.events()) {
      if (m.type === 'DeviceList') {
        known.clear();
        // v4 keys the devices by index; older lists are arrays.
        for (const d of Object.values(m.body.Devices as Record<string, { DeviceIndex: number }>)) known.add(d.DeviceIndex);
      } else if (m.type === 'DeviceAdded') known.add(m.body.DeviceIndex);
      else if (m.type === 'DeviceRemoved') known.delete(m.body.DeviceIndex);
    }
    return [...known].sort((a, b) => a - b);
  }

  async waitFor(predicate: (m: RawMessage) => boolean, what: string, timeoutMs?: number): Promise<RawMessage> {
    await waitUntil(() => this.received.some(predicate), what, timeoutMs);
    return this.received.find(predicate)!;
  }

  async waitForDevices(indexes: number[], timeoutMs?: number): Promise<void> {
    await waitUntil(
      () => JSON.stringify(this.knownDevices()) === JSON.stringify(indexes),
      `devices ${JSON.stringify(indexes)} (known: ${JSON.stringify(this.knownDevices())})`,
      timeoutMs,
    );
  }

  async waitClosed(timeoutMs?: number): Promise<{ code: number; reason: string }> {
    await waitUntil(() => this.closeInfo !== undefined, 'the connection to close', timeoutMs);
    return this.closeInfo!;
  }

  close(): void {
    this.end.close();
  }
}

const hex = (data: Uint8Array) => [...data].map((b) => b.toString(16).padStart(2, '0')).join('');

/** "write tx f100", "subscribe rx", … */
export function describeCommand(command: DeviceCommand): string {
  return command.kind === 'write' ? `write ${command.endpoint} ${hex(command.data)}` : `${command.kind} ${command.endpoint}`;
}

export function writesOf(commands: readonly DeviceCommand[]): string[] {
  return commands.filter((c) => c.kind === 'write').map(describeCommand);
}
