/**
 * plugstate as a user gets it from npm, outside this checkout: `npm pack` (of the build in dist/,
 * which the suite's global setup brought up to date), the tarball installed into a fresh temporary
 * project with the official client (`buttplug@5.0.2`), and no TypeScript or tsx there. In that
 * project plain `node` imports it as an ES module and requires it as CommonJS, `npx plugstate`
 * runs, a TypeScript file type-checks against the installed declarations, and the README's
 * embedding example runs exactly as printed.
 *
 * The pack and install happen once (beforeAll). The install takes what it can from the local npm
 * cache (--prefer-offline) and runs no install scripts (--ignore-scripts: the native hardware
 * libraries are not built, so their managers report themselves off, which the daemon tolerates).
 * Every command has a time limit; sockets are loopback only, on ports the system picks.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTimeout } from '../support/wait.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const NODE_TYPES = join(REPO_ROOT, 'node_modules', '@types');
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const INSTALL_MS = 180_000;
const RUN_MS = 30_000;

const execFileAsync = promisify(execFile);

/** Runs a command to its end within `ms`; rejects (with its output) on a non-zero exit or the limit. */
async function run(command: string, args: readonly string[], cwd: string, ms = RUN_MS) {
  try {
    return await execFileAsync(command, args, { cwd, timeout: ms, killSignal: 'SIGKILL', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${String(error)}\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

let workspace: string;
let app: string;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'plugstate-package-'));
  app = join(workspace, 'app');
  mkdirSync(app);
  // The build is already fresh (test/build-setup.ts): packing it again through `prepare` would only cost time.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', workspace], REPO_ROOT);
  const tarball = join(workspace, stdout.trim().split('\n').at(-1)!);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'plugstate-consumer', version: '1.0.0', private: true }));
  await run(
    'npm',
    ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', tarball, 'buttplug@5.0.2'],
    app,
    INSTALL_MS,
  );
}, INSTALL_MS + RUN_MS);

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

/**
 * The same program for both module systems: a server with a simulated Aneros "Massage Demo" (two
 * vibrators), the official client connected in-process, vibrate at half, stop; it prints which file
 * the package resolved to and the bytes each command wrote.
 */
const EMBEDDED_BODY = `
const simulator = new SimulatorManager();
const toy = simulator.addDevice({ name: 'Massage Demo', address: 'package-test-1' });
const server = createServer({ name: 'Packaged', managers: [simulator] });
const client = new ButtplugClient('package test');
await client.connect(server.connector());
const added = new Promise((resolve) => client.once('deviceadded', resolve));
await client.startScanning();
const device = await added;
const writes = async (count) => {
  const bytes = [];
  for (let i = 0; i < count; i++) bytes.push([...(await toy.nextCommand(2000)).data]);
  return bytes.sort();
};
await device.runOutput(DeviceOutput.Vibrate.percent(0.5));
const vibrate = await writes(2);
await device.stop();
const stop = await writes(2);
const serverName = client.serverInfo?.serverName;
await client.disconnect();
await server.close();
console.log(JSON.stringify({ resolved: RESOLVED, serverName, device: device.name, vibrate, stop }));
`;

const ESM_PROGRAM = `import { ButtplugClient, DeviceOutput } from 'buttplug';
import { createServer, SimulatorManager } from 'plugstate';
const RESOLVED = import.meta.resolve('plugstate');
${EMBEDDED_BODY}`;

const CJS_PROGRAM = `const { ButtplugClient, DeviceOutput } = require('buttplug');
const { createServer, SimulatorManager } = require('plugstate');
const RESOLVED = require.resolve('plugstate');
(async () => {
${EMBEDDED_BODY}
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

async function runEmbedded(file: string, program: string) {
  writeFileSync(join(app, file), program);
  const { stdout, stderr } = await run(process.execPath, [file], app);
  expect(stderr).toBe('');
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

/** "Massage Demo" is how an Aneros Vivi advertises itself; each motor gets f1/f2 and 64 of 127 steps. */
const EXPECTED_BYTES = {
  serverName: 'Packaged',
  device: 'Aneros Vivi',
  vibrate: [
    [0xf1, 64],
    [0xf2, 64],
  ],
  stop: [
    [0xf1, 0],
    [0xf2, 0],
  ],
};

describe('the npm package, installed into a fresh project', () => {
  it('holds the build, the bundled device config with its licence, and the README, and no sources', () => {
    const installed = join(app, 'node_modules', 'plugstate');
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.js', 'bin/plugstate.js', 'README.md']) {
      expect(readFileSync(join(installed, file)).length, file).toBeGreaterThan(0);
    }
    for (const file of ['buttplug-device-config-v4.json', 'buttplug-device-config-schema-v4.json', 'LICENSE-buttplug.txt']) {
      expect(readFileSync(join(installed, 'protocols', 'config', file)).length, file).toBeGreaterThan(0);
    }
    expect(() => readFileSync(join(installed, 'src', 'index.ts'))).toThrow();
  });

  it('plain node imports it as an ES module: an embedded server drives a simulated device', async () => {
    const result = await runEmbedded('embedded.mjs', ESM_PROGRAM);
    expect(result).toMatchObject(EXPECTED_BYTES);
    expect(result.resolved).toMatch(/\/node_modules\/plugstate\/dist\/index\.js$/);
  });

  it('plain node requires it as CommonJS: an embedded server drives a simulated device', async () => {
    const result = await runEmbedded('embedded.cjs', CJS_PROGRAM);
    expect(result).toMatchObject(EXPECTED_BYTES);
    expect(result.resolved).toMatch(/\/node_modules\/plugstate\/dist\/index\.cjs$/);
  });

  it('`npx plugstate --help` prints the help', async () => {
    const { stdout } = await run('npx', ['plugstate', '--help'], app);
    expect(stdout).toMatch(/^Usage: plugstate \[flags\]/);
    expect(stdout).toContain('--websocket-port');
    expect((await run('npx', ['plugstate', '--server-version'], app)).stdout.trim()).toBe(VERSION);
  });

  it('`npx plugstate` starts and answers a client', async () => {
    // Its own process group, so the whole of it (npx and the daemon under it) is stopped at the end.
    const child = spawn('npx', ['plugstate', '--websocket-port', '0', '--device-websocket-server-port', '0'], {
      cwd: app,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
    try {
      const url = await withTimeout(
        new Promise<string>((resolve, reject) => {
          child.stdout.on('data', () => {
            const found = /ws:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0];
            if (found) resolve(found);
          });
          void exited.then(({ code }) => reject(new Error(`npx plugstate exited (${code}) before it listened:\n${out}\n${err}`)));
        }),
        RUN_MS,
        'npx plugstate listening',
      );
      expect(out).toMatch(/^plugstate \S+ is running as "Buttplug Server"\./);
      // The official client from this checkout (the same buttplug@5.0.2) over the daemon's WebSocket.
      const { ButtplugClient, ButtplugNodeWebsocketClientConnector } = await import('buttplug-v4');
      const client = new ButtplugClient('package test');
      await withTimeout(client.connect(new ButtplugNodeWebsocketClientConnector(url)), RUN_MS, 'client connect');
      expect(client.connected).toBe(true);
      await client.disconnect();
      // Ctrl-C reaches npx and the daemon alike (one process group): the daemon stops cleanly.
      process.kill(-child.pid!, 'SIGINT');
      const exit = await withTimeout(exited, RUN_MS, 'npx plugstate exit');
      expect(exit.code === 0 || exit.signal === 'SIGINT', JSON.stringify(exit)).toBe(true);
      expect(err).toContain('SIGINT: stopping every device');
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  });

  /** A TypeScript user of the public API; `@ts-expect-error` lines fail if the declarations were `any`. */
  const TYPED_PROGRAM = `import { ButtplugClient, DeviceOutput } from 'buttplug';
import {
  createServer,
  loadDeviceConfig,
  messages,
  SimulatorManager,
  VERSION,
  type DeviceCommand,
  type DeviceInfo,
  type PlugstateServer,
  type ServerEmitted,
  type ServerOptions,
} from 'plugstate';

export async function drive(): Promise<string> {
  const simulator = new SimulatorManager();
  const toy = simulator.addDevice({ name: 'Massage Demo', address: 'typed-1' });
  const options: ServerOptions = { name: 'Typed', managers: [simulator], deviceConfig: loadDeviceConfig() };
  const server: PlugstateServer = createServer(options);
  const seen: ServerEmitted[] = [];
  const subscription = server.events.subscribe((event) => seen.push(event));
  const client = new ButtplugClient('typed');
  await client.connect(server.connector());
  await client.startScanning();
  const devices: readonly DeviceInfo[] = server.devices();
  await client.devices.get(0)?.runOutput(DeviceOutput.Vibrate.percent(0.5));
  const command: DeviceCommand = await toy.nextCommand(1000);
  const written: string = command.kind === 'write' ? command.endpoint : '';
  const version: number = messages.CURRENT_SPEC_VERSION;
  subscription.unsubscribe();
  await server.close();
  // @ts-expect-error: the server's name is a string
  createServer({ name: 42 });
  // @ts-expect-error: addDevice needs a name
  simulator.addDevice({ address: 'nameless' });
  return \`\${VERSION} \${devices.length} \${written} \${version} \${seen.length}\`;
}
`;

  function typeCheck(config: string, compilerOptions: Record<string, unknown>, files: string[]) {
    writeFileSync(
      join(app, config),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          lib: ['ES2023'],
          types: ['node'],
          typeRoots: [NODE_TYPES],
          ...compilerOptions,
        },
        files,
      }),
    );
    return run(process.execPath, [TSC, '-p', config], app, 120_000);
  }

  it('a TypeScript file using the public API type-checks with moduleResolution node16 (ES module and CommonJS)', async () => {
    writeFileSync(join(app, 'typed.mts'), TYPED_PROGRAM);
    writeFileSync(join(app, 'typed.cts'), TYPED_PROGRAM);
    await expect(typeCheck('tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16' }, ['typed.mts', 'typed.cts'])).resolves.toBeDefined();
  }, 120_000);

  it('a TypeScript file using the public API type-checks with moduleResolution bundler', async () => {
    writeFileSync(join(app, 'typed.ts'), TYPED_PROGRAM);
    await expect(typeCheck('tsconfig.bundler.json', { module: 'preserve', moduleResolution: 'bundler' }, ['typed.ts'])).resolves.toBeDefined();
  }, 120_000);

  it("the README's embedding example runs as printed", async () => {
    const block = [...README.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]).find((code) => code.startsWith('// embed.mjs'));
    expect(block, 'README has an embed.mjs block').toBeDefined();
    writeFileSync(join(app, 'embed.mjs'), block!);
    const { stdout, stderr } = await run(process.execPath, ['embed.mjs'], app);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/also reachable at ws:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/kind: 'write'[\s\S]*endpoint: 'tx'[\s\S]*241, 64/);
  });
});
