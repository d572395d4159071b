/**
 * The README is a promise: its two command lines come first, its flag table lists every flag, and
 * its scripts work as printed. The daemon run here is the "done when": the start line brings up a
 * server the official buttplug client connects to and drives a simulated device through. It runs on
 * ports the system picks (tests never take fixed ports), so the scripts' default URLs are pointed at
 * them; the defaults themselves are checked in listen.test.ts. The embedding example (embed.mjs)
 * runs as printed against the installed package in test/package/package.test.ts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BRIDGE_PORT, DEFAULT_WEBSOCKET_PORT, FLAGS } from '../../src/daemon/flags.ts';
import { VERSION } from '../../src/version.ts';
import { canBindIpv6Loopback } from '../transport/support.ts';
import { REPO_ROOT, START_MS, WAIT_MS, eventually, killAll, removeTempDirs, startDaemon, tempDir, withTimeout } from './support.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const require = createRequire(import.meta.url);
const ipv6 = await canBindIpv6Loopback();

const children = new Set<ChildProcessWithoutNullStreams>();
afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  await killAll();
  removeTempDirs();
});

/** The fenced block whose first line is `// <name>…`. */
function script(name: string): string {
  const block = [...README.matchAll(/```(?:js|ts)\n([\s\S]*?)```/g)].map((match) => match[1]).find((code) => code.startsWith(`// ${name}`));
  if (!block) throw new Error(`README has no ${name} block`);
  return block;
}

/**
 * Writes a README script to a temporary file, pointing its package imports at this checkout's
 * copies and each URL in `urls` (as printed → as used) at the running daemon.
 */
function materialize(name: string, urls: Record<string, string> = {}): string {
  let code = script(name)
    .replace(/from 'buttplug'/g, `from '${pathToFileURL(require.resolve('buttplug-v4')).href}'`)
    .replace(/from 'ws'/g, `from '${pathToFileURL(require.resolve('ws')).href}'`);
  for (const [printed, used] of Object.entries(urls)) {
    if (!code.includes(printed)) throw new Error(`README ${name} does not use ${printed}`);
    code = code.replaceAll(printed, used);
  }
  const file = join(tempDir(), name);
  writeFileSync(file, code);
  return file;
}

function run(args: string[]) {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'pipe' });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

describe('README', () => {
  it('starts with the two command lines, start then test', () => {
    const commandLines = README.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('```'));
    expect(commandLines.slice(0, 2)).toEqual(['    npm ci && npm start', '    npm ci && npm test']);
  });

  it('lists every flag in its table', () => {
    for (const flag of FLAGS) expect(README).toMatch(new RegExp(`^\\| \`--${flag.name}[ \`]`, 'm'));
  });

  it('`npm start -- <flags>` runs the daemon from the checkout', async () => {
    const npm = spawn('npm', ['start', '--silent', '--', '--server-version'], { cwd: REPO_ROOT, stdio: 'pipe', shell: process.platform === 'win32' });
    let out = '';
    npm.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    const code = await withTimeout(new Promise((resolve) => npm.once('exit', resolve)), START_MS, 'npm start');
    expect(code).toBe(0);
    expect(out.trim()).toBe(VERSION);
  });

  it('the README toy and the official client work as described, and Ctrl-C stops the toy', async () => {
    const daemon = startDaemon(['--websocket-port', '0', '--device-websocket-server-port', '0']);
    const report = await daemon.ready();
    const clientPort = Number(new URL(report.clientUrls[0]).port);
    const bridgePort = report.bridgePort!;
    expect(report.clientUrls).toEqual(
      ipv6 ? [`ws://127.0.0.1:${clientPort}`, `ws://[::1]:${clientPort}`] : [`ws://127.0.0.1:${clientPort}`],
    );
    expect(report.bridgeUrls[0]).toBe(`ws://127.0.0.1:${bridgePort}`);

    // The scripts as printed use the default ports; here they go to the ports this daemon printed.
    const toy = run([materialize('pretend-toy.mjs', { [`ws://127.0.0.1:${DEFAULT_BRIDGE_PORT}`]: report.bridgeUrls[0] })]);
    await eventually(() => toy.stdout().includes('{"Connected":{"index":0'), 'the toy is announced', START_MS);

    const drive = run([materialize('drive.mjs', { [`ws://127.0.0.1:${DEFAULT_WEBSOCKET_PORT}`]: report.clientUrls[0] })]);
    expect(await withTimeout(drive.exited, START_MS, 'drive.mjs')).toBe(0);
    expect(drive.stdout()).toContain('connected to Buttplug Server');
    expect(drive.stdout()).toMatch(/driving device 0: /);
    for (const line of ['write tx: f1 40', 'write tx: f2 40', 'write tx: f1 00', 'write tx: f2 00']) expect(toy.stdout()).toContain(line);

    daemon.signal('SIGINT');
    expect((await daemon.exit(WAIT_MS)).code).toBe(0);
    expect(await withTimeout(toy.exited, WAIT_MS, 'toy exit')).toBe(0);
    expect(toy.stdout()).toMatch(/closed by the server \(\d+\)/);
  });
});
