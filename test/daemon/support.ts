/**
 * Spawning the real daemon (`node bin/plugstate.js …`) and reading what it prints: the startup
 * report on stdout, logs on stderr, the exit code. Every process is killed by `killAll` (call it from
 * afterEach) and every wait is bounded.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { READY_LINE } from '../../src/daemon/report.ts';
import { eventually as eventuallyWithin, sleep, withTimeout } from '../support/wait.ts';

export { withTimeout };

export const BIN = fileURLToPath(new URL('../../bin/plugstate.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Bound on a daemon's start (generous: the suite runs test files side by side) and on each wait. */
export const START_MS = 15_000;
export const WAIT_MS = 5_000;

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StartupReport {
  readonly clientUrls: string[];
  readonly bridgeUrls: string[];
  readonly bridgePort: number | undefined;
  /** Manager label → "on" or "off: reason". */
  readonly managers: Map<string, string>;
  /** Every line, for lines the test looks at directly. */
  readonly lines: string[];
}

export class DaemonProcess {
  private out = '';
  private err = '';
  readonly exited: Promise<Exit>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (text: string) => (this.out += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (this.err += text));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** JSON log entries on stderr (stderr is a pipe, so the daemon logs JSON lines). */
  get logEntries(): Record<string, unknown>[] {
    return this.err
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Resolves with the parsed startup report once it is complete; rejects if the process exits first. */
  async ready(ms = START_MS): Promise<StartupReport> {
    const deadline = Date.now() + ms;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (!this.out.includes(READY_LINE)) {
      if (exited) throw new Error(`the daemon exited before it was ready:\n${this.out}\n${this.err}`);
      if (Date.now() > deadline) throw new Error(`the daemon was not ready within ${ms} ms:\n${this.out}\n${this.err}`);
      await sleep(20);
    }
    return parseReport(this.out);
  }

  /** Waits for the exit (bounded) and returns it. */
  exit(ms = WAIT_MS): Promise<Exit> {
    return withTimeout(this.exited, ms, 'daemon exit');
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

const running = new Set<DaemonProcess>();

export function startDaemon(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): DaemonProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: 'pipe',
  });
  const daemon = new DaemonProcess(child);
  running.add(daemon);
  void daemon.exited.then(() => running.delete(daemon));
  return daemon;
}

/** Runs the daemon to its exit (for --help, errors and the like). */
export async function runDaemon(args: readonly string[], ms = START_MS): Promise<{ exit: Exit; stdout: string; stderr: string }> {
  const daemon = startDaemon(args);
  const exit = await daemon.exit(ms);
  return { exit, stdout: daemon.stdout, stderr: daemon.stderr };
}

/** Kills every daemon still running (afterEach). */
export async function killAll(): Promise<void> {
  const left = [...running];
  for (const daemon of left) daemon.child.kill('SIGKILL');
  await Promise.all(left.map((daemon) => daemon.exit().catch(() => undefined)));
}

/** Ephemeral ports for everything, so tests never collide with each other or a running daemon. */
export const EPHEMERAL = ['--websocket-port', '0', '--device-websocket-server-port', '0'] as const;

function indentedAfter(lines: string[], heading: RegExp): string[] {
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    out.push(line.trim());
  }
  return out;
}

export function parseReport(stdout: string): StartupReport {
  const lines = stdout.split('\n');
  const managers = new Map<string, string>();
  for (const line of indentedAfter(lines, /^Hardware managers:/)) {
    const match = /^(.+?)\s{2,}(on|off: .*)$/.exec(line);
    if (match) managers.set(match[1], match[2]);
  }
  const bridgeLine = lines.find((line) => line.startsWith('Device bridge on port '));
  return {
    clientUrls: indentedAfter(lines, /^Clients can connect to/),
    bridgeUrls: indentedAfter(lines, /^Device bridge on port/),
    bridgePort: bridgeLine ? Number(/port (\d+)/.exec(bridgeLine)![1]) : undefined,
    managers,
    lines,
  };
}

/** Polls `check` until true; fails with `what` after `ms` (default WAIT_MS). */
export const eventually = (check: () => boolean, what: string, ms = WAIT_MS): Promise<void> => eventuallyWithin(check, what, ms);

/** A bare WebSocket client speaking Buttplug JSON, for what the official client hides (ServerInfo fields, errors, close codes). */
export class RawClient {
  readonly messages: Record<string, Record<string, unknown>>[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      for (const message of JSON.parse(String(data)) as Record<string, Record<string, unknown>>[]) this.messages.push(message);
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static connect(url: string): Promise<RawClient> {
    return withTimeout(
      new Promise<RawClient>((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.once('open', () => resolve(new RawClient(socket)));
        socket.once('error', reject);
      }),
      WAIT_MS,
      `connect to ${url}`,
    );
  }

  send(message: Record<string, unknown>): void {
    this.socket.send(JSON.stringify([message]));
  }

  /** The first message of this type with this Id (or any Id when left out). */
  async reply(type: string, id?: number): Promise<Record<string, unknown>> {
    const find = () => this.messages.find((m) => type in m && (id === undefined || m[type].Id === id));
    await eventually(() => find() !== undefined, `${type} from the server`);
    return find()![type];
  }

  close(): void {
    this.socket.terminate();
  }
}

/** A TCP port that was free a moment ago (for tests of an explicit port number). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const tempDirs: string[] = [];

/** A fresh temporary directory, removed by `removeTempDirs` (call it from afterEach). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plugstate-test-'));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
