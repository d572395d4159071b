/**
 * Stopping the daemon: a signal stops every device (the stop bytes reach the device before its
 * connection closes), closes clients and the bridge, and the process exits 0 within 2 s.
 */
import { ButtplugClient, ButtplugNodeWebsocketClientConnector, DeviceOutput } from 'buttplug-v4';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBridgeDevice, type BridgeDevice, type BridgeCommand } from '../../src/hardware/index.ts';
import { EPHEMERAL, WAIT_MS, eventually, killAll, startDaemon, withTimeout, type DaemonProcess } from './support.ts';

const clients: ButtplugClient[] = [];
const sockets: Socket[] = [];
const devices: BridgeDevice[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await killAll();
  for (const client of clients.splice(0)) if (client.connected) await withTimeout(client.disconnect(), WAIT_MS, 'client disconnect').catch(() => {});
  for (const device of devices.splice(0)) if (device.isOpen) await withTimeout(device.close(), WAIT_MS, 'device close').catch(() => {});
});

const writes = (commands: readonly BridgeCommand[]) =>
  commands.flatMap((command) => (command.kind === 'write' ? [[...command.data]] : []));

/** The daemon with an Aneros "Massage Demo" on the bridge and the official v4 client vibrating it at 50 %. */
async function vibratingSetup(args: readonly string[] = []) {
  const daemon = startDaemon([...EPHEMERAL, ...args]);
  const report = await daemon.ready();
  const device = await connectBridgeDevice(report.bridgeUrls[0], {
    version: 1,
    identifier: 'Massage Demo',
    address: 'shutdown-test-1',
    messageGapMs: 0,
  });
  devices.push(device);
  await device.waitForFrame('Connected', WAIT_MS);

  const client = new ButtplugClient('plugstate shutdown test');
  clients.push(client);
  await withTimeout(client.connect(new ButtplugNodeWebsocketClientConnector(report.clientUrls[0])), WAIT_MS, 'client connect');
  await eventually(() => client.devices.size === 1, 'the client lists the bridge device');
  const [toy] = client.devices.values();
  await toy.runOutput(DeviceOutput.Vibrate.percent(0.5));
  // Aneros: F1 <level> and F2 <level>, level 0..127; 50 % is 64.
  await eventually(
    () => [0xf1, 0xf2].every((motor) => writes(device.commands).some(([op, level]) => op === motor && level > 0)),
    'both motors vibrate',
  );
  return { daemon, device, client };
}

async function expectStopThenExit(daemon: DaemonProcess, device: BridgeDevice, signal: NodeJS.Signals) {
  const before = device.commands.length;
  const signalledAt = Date.now();
  daemon.signal(signal);
  const exit = await daemon.exit(WAIT_MS);
  const tookMs = Date.now() - signalledAt;
  const closed = await withTimeout(device.closed, WAIT_MS, 'bridge socket close');

  expect(exit).toEqual({ code: 0, signal: null });
  expect(tookMs).toBeLessThan(2000);
  // Everything in the log arrived before the socket closed (the log completes on close).
  const after = writes(device.commands.slice(before));
  expect(after).toContainEqual([0xf1, 0]);
  expect(after).toContainEqual([0xf2, 0]);
  // The last word to each motor is a stop.
  const all = writes(device.commands);
  expect(all.findLast(([op]) => op === 0xf1)).toEqual([0xf1, 0]);
  expect(all.findLast(([op]) => op === 0xf2)).toEqual([0xf2, 0]);
  expect(closed.code).toBeGreaterThanOrEqual(1000);
  expect(daemon.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('plugstate shutdown', () => {
  it('SIGTERM with a vibrating bridge device: its stop bytes go out before its socket closes, exit 0 within 2 s', async () => {
    const { daemon, device } = await vibratingSetup();
    await expectStopThenExit(daemon, device, 'SIGTERM');
  });

  it('SIGINT (Ctrl-C) does the same', async () => {
    const { daemon, device } = await vibratingSetup();
    await expectStopThenExit(daemon, device, 'SIGINT');
  });

  it('the official client is told the server went away', async () => {
    const { daemon, client } = await vibratingSetup();
    const disconnected = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
    daemon.signal('SIGTERM');
    await withTimeout(disconnected, WAIT_MS, 'client disconnect event');
    expect((await daemon.exit()).code).toBe(0);
  });

  it('keeps running across client connects and disconnects; the device stays connected with its index', async () => {
    const { daemon, device, client } = await vibratingSetup();
    const [first] = client.devices.values();
    const url = (await daemon.ready()).clientUrls[0];
    const stopsBefore = writes(device.commands).filter(([, level]) => level === 0).length;
    await client.disconnect();
    // The client leaving stops the device but does not disconnect it; a new client may connect at once.
    await eventually(() => writes(device.commands).filter(([, level]) => level === 0).length > stopsBefore, 'stop on client leave');
    expect(device.isOpen).toBe(true);

    const second = new ButtplugClient('second client');
    clients.push(second);
    await withTimeout(second.connect(new ButtplugNodeWebsocketClientConnector(url)), WAIT_MS, 'second connect');
    await eventually(() => second.devices.size === 1, 'the second client lists the device');
    const [again] = second.devices.values();
    expect(again.index).toBe(first.index);
    expect(again.name).toBe(first.name);
    await again.runOutput(DeviceOutput.Vibrate.percent(1));
    await eventually(() => writes(device.commands).some(([op, level]) => op === 0xf1 && level === 127), 'the second client drives it');
    expect(daemon.child.exitCode).toBeNull();
  });

  it('a second signal exits at once, without waiting for a shutdown held up by a client that ignores close frames', async () => {
    const daemon = startDaemon([...EPHEMERAL]);
    const url = new URL((await daemon.ready()).clientUrls[0]);
    // A WebSocket client that completes the upgrade and then never answers: the graceful close waits for it.
    const socket = connect({ host: '127.0.0.1', port: Number(url.port) });
    sockets.push(socket);
    let response = '';
    socket.setEncoding('latin1').on('data', (text: string) => (response += text));
    socket.write(
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await eventually(() => response.startsWith('HTTP/1.1 101'), 'the upgrade');

    daemon.signal('SIGTERM');
    await eventually(() => daemon.stderr.includes('SIGTERM: stopping every device'), 'the first signal is handled');
    daemon.signal('SIGTERM');
    expect(await daemon.exit()).toEqual({ code: 128 + 15, signal: null });
    expect(daemon.stderr).toContain('SIGTERM again: exiting at once');
  });
});
