/**
 * Start-up: the time from spawning a process until a WebSocket client's connection to it is open,
 * for the daemon (bin/plugstate.js, the compiled build, default managers) and for a bare `ws`
 * server spawned and timed the same way, alternately, in the same run. Both pick a free loopback
 * port and print its URL; the timer stops when the client's connection opens. The daemon is also
 * timed to its ServerInfo answer (the handshake a real client waits for). Medians of RUNS starts.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/plugstate.js', import.meta.url));
const RUNS = 9;
/** A start slower than this is a failure, not a figure. */
const START_LIMIT_MS = 10_000;

/** A bare ws server: import ws, listen on 127.0.0.1 port 0, print the URL. */
const BARE_WS_SERVER = `
import { WebSocketServer } from 'ws';
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => console.log('ws://127.0.0.1:' + server.address().port));
`;
const DAEMON_ARGS = [BIN, '--websocket-port', '0', '--device-websocket-server-port', '0'];
const BARE_ARGS = ['--input-type=module', '--eval', BARE_WS_SERVER];

interface Timing {
  readonly open: number;
  readonly serverInfo?: number;
}

async function timeStart(args: readonly string[], handshake: boolean): Promise<Timing> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  let limit: NodeJS.Timeout | undefined;
  let socket: WebSocket | undefined;
  try {
    return await new Promise<Timing>((resolve, reject) => {
      limit = setTimeout(() => reject(new Error(`no connection within ${START_LIMIT_MS} ms`)), START_LIMIT_MS);
      child.once('exit', (code) => reject(new Error(`exited (${code}) before a client connected`)));
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        out += text;
        const url = /ws:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0];
        if (!url || socket) return;
        socket = new WebSocket(url);
        socket.once('error', reject);
        socket.once('open', () => {
          const open = performance.now() - started;
          if (!handshake) return resolve({ open });
          socket!.once('message', () => resolve({ open, serverInfo: performance.now() - started }));
          socket!.send(JSON.stringify([{ RequestServerInfo: { Id: 1, ClientName: 'bench', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } }]));
        });
      });
    });
  } finally {
    clearTimeout(limit);
    socket?.terminate();
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${Math.round(value)} ms`;

/** Rows for the benchmark table: daemon, bare ws, their ratio. */
export async function benchStartup(): Promise<Array<{ name: string; value: string }>> {
  const daemon: Timing[] = [];
  const bare: Timing[] = [];
  await timeStart(DAEMON_ARGS, false); // warm the file cache
  for (let run = 0; run < RUNS; run++) {
    daemon.push(await timeStart(DAEMON_ARGS, true));
    bare.push(await timeStart(BARE_ARGS, false));
  }
  const daemonOpen = median(daemon.map((t) => t.open));
  const bareOpen = median(bare.map((t) => t.open));
  return [
    { name: `start-up: spawn → client connection open, daemon (median of ${RUNS})`, value: ms(daemonOpen) },
    { name: `start-up: spawn → client connection open, bare ws server (median of ${RUNS})`, value: ms(bareOpen) },
    { name: 'start-up: daemon / bare ws server (goal ≤ 2×, daemon < 400 ms)', value: `${(daemonOpen / bareOpen).toFixed(2)}×` },
    { name: 'start-up: spawn → ServerInfo answered, daemon', value: ms(median(daemon.map((t) => t.serverInfo!))) },
  ];
}

// `node --import tsx bench/startup.ts` runs this part alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await benchStartup()) console.log(`${row.name}  ${row.value}`);
}
