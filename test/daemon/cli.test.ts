/**
 * The command line of the real daemon: --help, --version, bad flags and values (exit 2), and the
 * start-up failures that must be one line and exit 1 (port in use, bad config files).
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/daemon/flags.ts';
import { VERSION } from '../../src/version.ts';
import { EPHEMERAL, killAll, removeTempDirs, runDaemon, tempDir } from './support.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  await killAll();
  removeTempDirs();
});

/** Holds a loopback port so the daemon finds it taken. */
async function occupyPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return (server.address() as { port: number }).port;
}

/** stderr lines that are not JSON log entries: what a person reads. */
const plainLines = (stderr: string) => stderr.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
const noStack = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m);

function tempFile(name: string, text: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

describe('plugstate --help, --version, --server-version', () => {
  it('--help lists every flag of the table with its help text, on stdout, exit 0', async () => {
    const { exit, stdout, stderr } = await runDaemon(['--help']);
    expect(exit.code).toBe(0);
    expect(stderr).toBe('');
    for (const flag of FLAGS) {
      const usage = flag.kind === 'option' ? `--${flag.name} ${flag.placeholder}` : `--${flag.name}`;
      expect(stdout).toContain(`  ${usage} `);
      // The first words of its help text follow on the same line.
      expect(stdout).toMatch(new RegExp(`--${flag.name}\\b.*${flag.help.split(' ').slice(0, 2).join('\\s+').replace(/[()*.]/g, '\\$&')}`));
    }
    for (const name of [
      'websocket-port', 'websocket-use-all-interfaces', 'websocket-client-address', 'server-name', 'max-ping-time',
      'device-config-file', 'user-device-config-file', 'log', 'use-bluetooth-le', 'use-serial', 'use-hid', 'use-usb',
      'use-lovense-dongle-hid', 'use-lovense-connect', 'use-xinput', 'use-device-websocket-server',
      'device-websocket-server-port', 'allow-raw', 'version', 'server-version', 'device-websocket-server-use-all-interfaces', 'help',
    ]) {
      expect(stdout).toContain(`--${name}`);
    }
    expect(stdout).toContain('(default: 12345)');
    expect(stdout).toContain('(default: 54817)');
  });

  it('--version prints the name and the package version', async () => {
    const { exit, stdout } = await runDaemon(['--version']);
    expect(exit.code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^plugstate ${VERSION.replace(/\./g, '\\.')} `));
  });

  it('--server-version prints the bare version', async () => {
    const { exit, stdout } = await runDaemon(['--server-version']);
    expect(exit.code).toBe(0);
    expect(stdout).toBe(`${VERSION}\n`);
  });
});

describe('plugstate with a bad command line: one line saying which, the usage, exit 2', () => {
  it.each([
    [['--no-such-flag'], 'plugstate: unknown flag "--no-such-flag"'],
    [['--websocket-port', 'twelve'], 'plugstate: --websocket-port: expected a port number from 0 to 65535'],
    [['--websocket-port', '70000'], 'plugstate: --websocket-port: expected a port number'],
    [['--websocket-port'], 'plugstate: --websocket-port needs a value <port>'],
    [['--max-ping-time', '-5'], 'plugstate: --max-ping-time: expected a whole number of milliseconds (0 turns it off), got "-5"'],
    [['--max-ping-time', 'soon'], 'plugstate: --max-ping-time: expected a whole number of milliseconds'],
    [['--log', 'loud'], 'plugstate: --log: expected one of trace, debug, info, warn, error, silent'],
    [['--websocket-client-address', 'http://example.com'], 'plugstate: --websocket-client-address: expected an address starting with ws://'],
    [['--device-websocket-server-port', 'x'], 'plugstate: --device-websocket-server-port: expected a port number'],
    [['--allow-raw=yes'], 'plugstate: --allow-raw is a switch and takes no value'],
    [['--server-name', 'a', '--server-name', 'b'], 'plugstate: --server-name is given more than once'],
    [['serve'], 'plugstate: unexpected argument "serve"'],
    [['--websocket-port', '1', '--websocket-client-address', 'ws://127.0.0.1:1'], 'plugstate: give either --websocket-port'],
  ])('%j', async (args, firstLine) => {
    const { exit, stdout, stderr } = await runDaemon(args);
    expect(exit.code).toBe(2);
    expect(stdout).toBe('');
    const [line, blank, usage] = stderr.split('\n');
    expect(line.startsWith(firstLine)).toBe(true);
    expect(blank).toBe('');
    expect(usage).toMatch(/^Usage: plugstate \[flags\]/);
    expect(stderr).toContain('--device-websocket-server-use-all-interfaces');
  });
});

describe('plugstate start-up failures: one line, exit 1, no stack trace', () => {
  it('the client port in use names the port and the flag to change it', async () => {
    const port = await occupyPort();
    const { exit, stdout, stderr } = await runDaemon(['--websocket-port', String(port), '--device-websocket-server-port', '0']);
    expect(exit.code).toBe(1);
    expect(stdout).toBe('');
    expect(plainLines(stderr)).toEqual([expect.stringMatching(new RegExp(`^plugstate: port ${port} is already in use .*--websocket-port <port>`))]);
    noStack(stderr);
  });

  it('the device bridge port in use names the port and the flag to change it', async () => {
    const port = await occupyPort();
    const { exit, stderr } = await runDaemon(['--websocket-port', '0', '--device-websocket-server-port', String(port)]);
    expect(exit.code).toBe(1);
    expect(plainLines(stderr)).toEqual([
      expect.stringMatching(new RegExp(`^plugstate: port ${port} \\(device bridge\\) is already in use.*--device-websocket-server-port <port>`)),
    ]);
    noStack(stderr);
  });

  it('an unreadable --device-config-file names the file', async () => {
    const missing = join(tempDir(), 'absent.json');
    const { exit, stderr } = await runDaemon(['--device-config-file', missing, ...EPHEMERAL]);
    expect(exit.code).toBe(1);
    expect(plainLines(stderr)).toEqual([expect.stringMatching(new RegExp(`^plugstate: ${missing}: cannot read the device config`))]);
    noStack(stderr);
  });

  it('an invalid --device-config-file names the file and the JSON path of the fault', async () => {
    const file = tempFile('bad.json', JSON.stringify({ version: { major: 4, minor: 0 }, protocols: { lovense: { communication: 'nope' } } }));
    const { exit, stderr } = await runDaemon(['--device-config-file', file, ...EPHEMERAL]);
    expect(exit.code).toBe(1);
    expect(plainLines(stderr)).toEqual([`plugstate: ${file}: /protocols/lovense/communication must be array`]);
  });

  it('a --device-config-file that is not JSON names the line and column', async () => {
    const file = tempFile('syntax.json', '{\n  "version": {"major": 4,\n}');
    const { exit, stderr } = await runDaemon(['--device-config-file', file, ...EPHEMERAL]);
    expect(exit.code).toBe(1);
    expect(plainLines(stderr)).toEqual([expect.stringMatching(new RegExp(`^plugstate: ${file}: invalid JSON at line 3 column 1`))]);
  });

  it('an invalid --user-device-config-file names the file and the JSON path of the fault', async () => {
    const file = tempFile('user.json', JSON.stringify({ version: { major: 4, minor: 0 }, user_configs: { protocols: { aneros: { defaults: {} } } } }));
    const { exit, stderr } = await runDaemon(['--user-device-config-file', file, ...EPHEMERAL]);
    expect(exit.code).toBe(1);
    expect(plainLines(stderr)).toEqual([`plugstate: ${file}: /user_configs/protocols/aneros/defaults is not allowed in a user config`]);
  });

  it('a --user-device-config-file that is a directory cannot be read', async () => {
    const directory = tempDir();
    const { exit, stderr } = await runDaemon(['--user-device-config-file', directory, ...EPHEMERAL]);
    expect(exit.code).toBe(1);
    expect(plainLines(stderr)).toEqual([expect.stringMatching(new RegExp(`^plugstate: ${directory}: cannot read`))]);
  });
});
