/**
 * Every flag's effect on the real daemon, seen from outside: what a client, a bridge device, the
 * startup report, the log stream or the file system sees. The two all-interfaces switches are the
 * exception: tests bind loopback only, so listen.test.ts follows them from the flags to the hosts
 * bound, and here a loopback-only run shows what the report says.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ButtplugClient, ButtplugNodeWebsocketClientConnector } from 'buttplug-v4';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBridgeDevice, type BridgeDevice } from '../../src/hardware/index.ts';
import { MANAGER_KINDS } from '../../src/daemon/managers.ts';
import { EPHEMERAL, RawClient, WAIT_MS, eventually, freePort, killAll, removeTempDirs, startDaemon, tempDir, withTimeout } from './support.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await killAll();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  removeTempDirs();
});

async function bridgeDevice(url: string, identifier: string, address: string): Promise<BridgeDevice> {
  const device = await connectBridgeDevice(url, { version: 1, identifier, address, messageGapMs: 0 });
  cleanups.push(() => device.isOpen && device.close().catch(() => {}));
  return device;
}

async function rawClient(url: string): Promise<RawClient> {
  const client = await RawClient.connect(url);
  cleanups.push(() => client.close());
  return client;
}

const requestServerInfo = (version: number) => ({
  RequestServerInfo:
    version === 4
      ? { Id: 1, ClientName: 'flag test', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 }
      : { Id: 1, ClientName: 'flag test', MessageVersion: version },
});

describe('client-side flags', () => {
  it('--websocket-port: clients connect on that port', async () => {
    const port = await freePort();
    const daemon = startDaemon(['--websocket-port', String(port), '--device-websocket-server-port', '0']);
    const report = await daemon.ready();
    expect(report.clientUrls[0]).toBe(`ws://127.0.0.1:${port}`);
    const client = await rawClient(`ws://127.0.0.1:${port}`);
    client.send(requestServerInfo(4));
    expect(await client.reply('ServerInfo', 1)).toMatchObject({ ProtocolVersionMajor: 4 });
  });

  it('without --websocket-use-all-interfaces and --device-websocket-server-use-all-interfaces: loopback only, and the report says so', async () => {
    const daemon = startDaemon([...EPHEMERAL]);
    const report = await daemon.ready();
    expect(report.lines).toContain('Clients can connect to (loopback only):');
    expect(report.lines).toContain(`Device bridge on port ${report.bridgePort} (loopback only); devices connect to:`);
    expect(report.clientUrls.length).toBeGreaterThan(0);
    expect(report.bridgeUrls.length).toBeGreaterThan(0);
    for (const url of [...report.clientUrls, ...report.bridgeUrls]) expect(url).toMatch(/^ws:\/\/(127\.0\.0\.1|\[::1\]):\d+$/);
  });

  it('--websocket-client-address: the daemon connects out and serves the client at that address', async () => {
    const remote = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => {
      for (const socket of remote.clients) socket.terminate();
      return new Promise((resolve) => remote.close(resolve));
    });
    await new Promise((resolve) => remote.once('listening', resolve));
    const address = `ws://127.0.0.1:${(remote.address() as { port: number }).port}`;
    const connected = new Promise<WebSocket>((resolve) => remote.once('connection', resolve));

    const daemon = startDaemon(['--websocket-client-address', address, '--device-websocket-server-port', '0', '--server-name', 'Dialer']);
    const report = await daemon.ready();
    expect(report.clientUrls).toEqual([]);
    expect(report.lines).toContain(`Connecting out to ${address}; the client there is served (retried every second until it answers).`);

    const socket = await withTimeout(connected, WAIT_MS, 'the daemon dialling out');
    const replies: string[] = [];
    socket.on('message', (data) => replies.push(String(data)));
    socket.send(JSON.stringify([requestServerInfo(4)]));
    await withTimeout(new Promise<void>((resolve) => socket.once('message', () => resolve())), WAIT_MS, 'ServerInfo');
    expect(JSON.parse(replies[0])).toEqual([
      { ServerInfo: { Id: 1, ServerName: 'Dialer', MaxPingTime: 0, ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } },
    ]);
  });

  it('--server-name: the official client is told it', async () => {
    const daemon = startDaemon([...EPHEMERAL, '--server-name', 'Bedside Rig']);
    const report = await daemon.ready();
    expect(report.lines[0]).toBe(`plugstate ${report.lines[0].split(' ')[1]} is running as "Bedside Rig".`);
    const client = new ButtplugClient('name test');
    cleanups.push(() => client.connected && client.disconnect());
    await withTimeout(client.connect(new ButtplugNodeWebsocketClientConnector(report.clientUrls[0])), WAIT_MS, 'connect');
    expect(client.serverInfo?.serverName).toBe('Bedside Rig');
  });

  it('--max-ping-time: ServerInfo carries it, and a client that does not Ping is told so and disconnected', async () => {
    const daemon = startDaemon([...EPHEMERAL, '--max-ping-time', '150']);
    const report = await daemon.ready();
    expect(report.lines).toContain(
      'Ping timeout: 150 ms (a client that does not Ping in time has its devices stopped and is disconnected)',
    );
    const client = await rawClient(report.clientUrls[0]);
    client.send(requestServerInfo(4));
    expect(await client.reply('ServerInfo', 1)).toMatchObject({ MaxPingTime: 150 });
    const error = await client.reply('Error', 0);
    expect(error.ErrorCode).toBe(2); // ERROR_PING
    expect((await withTimeout(client.closed, WAIT_MS, 'close')).code).toBe(1008);
  });

  it('without --max-ping-time the ping timer is off', async () => {
    const daemon = startDaemon([...EPHEMERAL]);
    const report = await daemon.ready();
    expect(report.lines).toContain('Ping timeout: off');
    const client = await rawClient(report.clientUrls[0]);
    client.send(requestServerInfo(4));
    expect(await client.reply('ServerInfo', 1)).toMatchObject({ MaxPingTime: 0 });
  });

  it('--allow-raw lets a v3 client write raw bytes to a device endpoint; without it RawWriteCmd is refused', async () => {
    const rawWrite = { RawWriteCmd: { Id: 3, DeviceIndex: 0, Endpoint: 'tx', Data: [1, 2, 3], WriteWithResponse: false } };
    for (const allowed of [true, false]) {
      const daemon = startDaemon([...EPHEMERAL, ...(allowed ? ['--allow-raw'] : [])]);
      const report = await daemon.ready();
      expect(report.lines).toContain(
        allowed ? 'Raw messages: allowed (spec v2/v3 clients may write any bytes to any device endpoint)' : 'Raw messages: off (--allow-raw turns them on)',
      );
      const device = await bridgeDevice(report.bridgeUrls[0], 'Massage Demo', `raw-${allowed}`);
      await device.waitForFrame('Connected', WAIT_MS);
      const client = await rawClient(report.clientUrls[0]);
      client.send(requestServerInfo(3));
      await client.reply('ServerInfo', 1);
      client.send(rawWrite);
      if (allowed) {
        await client.reply('Ok', 3);
        await device.flush();
        expect(device.commands.some((c) => c.kind === 'write' && c.endpoint === 'tx' && [...c.data].join() === '1,2,3')).toBe(true);
      } else {
        expect(await client.reply('Error', 3)).toMatchObject({ ErrorMessage: expect.stringContaining('--allow-raw') });
      }
    }
  });
});

describe('logging: --log', () => {
  const levels = (entries: Record<string, unknown>[]) => new Set(entries.map((entry) => entry.level));

  it('default info: info entries as JSON lines on stderr, no debug', async () => {
    const daemon = startDaemon([...EPHEMERAL]);
    await daemon.ready();
    const entries = daemon.logEntries;
    expect(entries.some((entry) => entry.level === 30 && String(entry.msg).startsWith('websocket server listening'))).toBe(true);
    expect(levels(entries).has(20)).toBe(false);
  });

  it('--log debug adds debug entries', async () => {
    const daemon = startDaemon([...EPHEMERAL, '--log', 'debug']);
    await daemon.ready();
    expect(daemon.logEntries).toContainEqual(expect.objectContaining({ level: 20, msg: 'flags given' }));
  });

  it('--log warn leaves info out; --log silent leaves stderr empty', async () => {
    const warn = startDaemon([...EPHEMERAL, '--log', 'warn', '--use-device-websocket-server']);
    await warn.ready();
    expect([...levels(warn.logEntries)].every((level) => Number(level) >= 40)).toBe(true);
    expect(warn.stderr).not.toContain('websocket server listening');

    const silent = startDaemon([...EPHEMERAL, '--log', 'silent']);
    await silent.ready();
    expect(silent.stderr).toBe('');
  });
});

describe('hardware managers: --use-*', () => {
  const labels = new Map(MANAGER_KINDS.map((kind) => [kind.flag, kind.label]));

  it.each(MANAGER_KINDS.map((kind) => kind.flag))('--%s alone: that manager is considered, every other one is "not requested"', async (flag) => {
    const daemon = startDaemon([...EPHEMERAL, `--${flag}`]);
    const report = await daemon.ready();
    for (const [otherFlag, label] of labels) {
      const state = report.managers.get(label);
      if (otherFlag === flag) expect(state).not.toMatch(/not requested/);
      else expect(state).toBe(`off: not requested (add --${otherFlag})`);
    }
    if (flag === 'use-device-websocket-server') {
      expect(report.managers.get('Device bridge')).toBe('on');
      expect(report.bridgePort).toBeGreaterThan(0);
    } else {
      expect(report.lines).toContain('Device bridge: off');
    }
  });

  it('managers plugstate cannot run here are reported with the reason and are not fatal', async () => {
    const daemon = startDaemon([...EPHEMERAL, '--use-xinput', '--use-lovense-connect', '--use-lovense-dongle-hid']);
    const report = await daemon.ready();
    expect(report.managers.get('XInput')).toBe(
      process.platform === 'win32' ? 'off: plugstate has no XInput manager' : 'off: XInput exists only on Windows',
    );
    expect(report.managers.get('Lovense Connect')).toBe('off: plugstate has no Lovense Connect manager');
    expect(report.managers.get('Lovense dongle (HID)')).toBe('off: plugstate has no Lovense dongle manager');
    expect(daemon.child.exitCode).toBeNull();
  });

  it('no --use-* flag: every manager that can run here is considered and the bridge is on', async () => {
    const daemon = startDaemon([...EPHEMERAL]);
    const report = await daemon.ready();
    expect(report.managers.get('Device bridge')).toBe('on');
    for (const label of ['Bluetooth LE', 'Serial ports', 'HID', 'USB']) {
      // "on", or off with the reason this machine gives (no adapter, no libusb, …), never "not requested".
      expect(report.managers.get(label)).toMatch(/^(on|off: (?!not requested).+)$/);
    }
  });
});

describe('the device bridge flags', () => {
  it('--use-device-websocket-server with --device-websocket-server-port: devices connect on that port', async () => {
    const port = await freePort();
    const daemon = startDaemon(['--websocket-port', '0', '--use-device-websocket-server', '--device-websocket-server-port', String(port)]);
    const report = await daemon.ready();
    expect(report.bridgePort).toBe(port);
    expect(report.bridgeUrls).toContain(`ws://127.0.0.1:${port}`);
    const device = await bridgeDevice(`ws://127.0.0.1:${port}`, 'Massage Demo', 'bridge-port-1');
    expect(await device.waitForFrame('Connected', WAIT_MS)).toMatchObject({ protocol: 'aneros', name: expect.any(String) });
  });
});

describe('device config flags', () => {
  it('--device-config-file replaces the bundled config: matching follows the file', async () => {
    const bundled = JSON.parse(
      readFileSync(new URL('../../protocols/config/buttplug-device-config-v4.json', import.meta.url), 'utf8'),
    ) as { protocols: Record<string, { communication: { btle?: { names: string[] } }[] }> };
    bundled.protocols.aneros.communication[0].btle!.names = ['Custom Massager'];
    const file = join(tempDir(), 'device-config.json');
    writeFileSync(file, JSON.stringify(bundled));

    const daemon = startDaemon([...EPHEMERAL, '--device-config-file', file]);
    const report = await daemon.ready();
    expect(report.lines).toContain(`Device config: ${file}`);
    const renamed = await bridgeDevice(report.bridgeUrls[0], 'Custom Massager', 'custom-1');
    expect(await renamed.waitForFrame('Connected', WAIT_MS)).toMatchObject({ protocol: 'aneros' });
    const oldName = await bridgeDevice(report.bridgeUrls[0], 'Massage Demo', 'custom-2');
    expect((await oldName.waitForFrame('Rejected', WAIT_MS)).reason).toMatch(/Massage Demo/);
  });

  it('--user-device-config-file: a missing file is created when a device is added; the next run gives the device its saved index', async () => {
    const file = join(tempDir(), 'user-config.json');
    const first = startDaemon([...EPHEMERAL, '--user-device-config-file', file]);
    const firstReport = await first.ready();
    expect(firstReport.lines).toContain(`User device config: ${file} (new; created when a device is added or at exit)`);
    expect(existsSync(file)).toBe(false);
    const device = await bridgeDevice(firstReport.bridgeUrls[0], 'Massage Demo', 'user-config-1');
    await device.waitForFrame('Connected', WAIT_MS);
    await eventually(() => existsSync(file), 'user config file');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      user_configs: { devices: { identifier: { address: string; protocol: string }; config: { user_config: { index: number } } }[] };
    };
    const entry = saved.user_configs.devices.find((d) => d.identifier.address === 'user-config-1');
    expect(entry?.identifier.protocol).toBe('aneros');
    first.signal('SIGTERM');
    expect((await first.exit()).code).toBe(0);

    // Move the device to index 7 by hand; the next run must use it.
    entry!.config.user_config.index = 7;
    writeFileSync(file, JSON.stringify(saved));
    const second = startDaemon([...EPHEMERAL, '--user-device-config-file', file]);
    const secondReport = await second.ready();
    expect(secondReport.lines).toContain(`User device config: ${file}`);
    const again = await bridgeDevice(secondReport.bridgeUrls[0], 'Massage Demo', 'user-config-1');
    expect(await again.waitForFrame('Connected', WAIT_MS)).toMatchObject({ index: 7 });
  });

  it('--user-device-config-file: a missing file with no device is created at exit', async () => {
    const file = join(tempDir(), 'empty-user-config.json');
    const daemon = startDaemon([...EPHEMERAL, '--user-device-config-file', file]);
    await daemon.ready();
    daemon.signal('SIGTERM');
    expect((await daemon.exit()).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: { major: 4, minor: 0 }, user_configs: { protocols: {}, devices: [] } });
  });
});
