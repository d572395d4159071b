import { createServer, type Server } from 'node:net';
import { firstValueFrom, toArray, type Observable } from 'rxjs';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBridgeDevice, type BridgeDevice, type BridgeReadRequest } from '../../src/hardware/bridge-client.ts';
import type { BridgeHello } from '../../src/hardware/bridge-frames.ts';
import { BridgeManager, type BridgeManagerOptions } from '../../src/hardware/bridge.ts';
import type { Logger } from '../../src/log/logger.ts';
import type { HardwareCandidate, Notification } from '../../src/hardware/types.ts';
import {
  bytes,
  foundCandidates,
  hidSpecifier,
  lovenseBtle,
  nextFound,
  recordEvents,
  serialSpecifier,
  websocketSpecifier,
} from './helpers.ts';

const managers: BridgeManager[] = [];
const devices: BridgeDevice[] = [];

afterEach(async () => {
  await Promise.all(devices.splice(0).map((device) => device.close()));
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

async function startBridge(options: BridgeManagerOptions = {}): Promise<BridgeManager> {
  const manager = new BridgeManager({ port: 0, pingIntervalMs: 0, ...options });
  managers.push(manager);
  await manager.start();
  return manager;
}

function url(manager: BridgeManager): string {
  if (!manager.url) throw new Error('bridge not started');
  return manager.url;
}

async function arrive(manager: BridgeManager, hello: BridgeHello | string): Promise<{ device: BridgeDevice; candidate: HardwareCandidate }> {
  const found = nextFound(manager.events);
  const device = await connectBridgeDevice(url(manager), hello);
  devices.push(device);
  return { device, candidate: await found };
}

function recordNotifications(hardware: { notifications: Observable<Notification> }): Notification[] {
  const seen: Notification[] = [];
  hardware.notifications.subscribe((notification) => seen.push(notification));
  return seen;
}

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** A pino-style logger (fields first, then the message) that keeps what it is told. */
function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (first: string | object, ...rest: unknown[]): void => {
      const fields = typeof first === 'object' ? (first as Record<string, unknown>) : {};
      lines.push({ level, fields, message: typeof first === 'string' ? first : String(rest[0]) });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const formOne = (fields: Partial<Extract<BridgeHello, { version: 1 }>> = {}): BridgeHello => ({
  version: 1,
  identifier: 'LVS-Z36',
  address: 'sim-edge-1',
  ...fields,
});

describe('device bridge: listening', () => {
  it('listens on 127.0.0.1 and ::1 on one port by default', async () => {
    const manager = await startBridge();
    const hosts = manager.addresses.map((address) => address.host).sort();
    expect(hosts).toEqual(['127.0.0.1', '::1']);
    expect(new Set(manager.addresses.map((address) => address.port)).size).toBe(1);
    expect(manager.port).toBeGreaterThan(0);

    for (const host of ['127.0.0.1', '[::1]']) {
      const found = nextFound(manager.events);
      const device = await connectBridgeDevice(`ws://${host}:${manager.port}`, { version: 0, identifier: 'DIY', address: host });
      devices.push(device);
      expect((await found).address).toBe(host);
    }
  });

  it('continues on IPv4 and says so in the log when ::1 cannot be bound', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '::1', resolve));
    const port = (blocker.address() as import('node:net').AddressInfo).port;
    try {
      const logger = recordingLogger();
      const manager = await startBridge({ port, logger });
      expect(manager.addresses).toEqual([{ host: '127.0.0.1', port, family: 'IPv4' }]);
      expect(logger.lines.some((line) => line.level === 'warn' && /::1/.test(line.message) && /IPv4/.test(line.message))).toBe(true);
      expect(await manager.availability()).toEqual({ available: true });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('reports unavailable with a reason when its port is taken', async () => {
    const first = await startBridge();
    const second = new BridgeManager({ port: first.port, pingIntervalMs: 0 });
    managers.push(second);
    const availability = await second.availability();
    expect(availability.available).toBe(false);
    expect(availability.available === false && availability.reason).toMatch(/^Device bridge unavailable: .*EADDRINUSE/);
  });

  it('offers devices whether or not a scan runs; isScanning only reflects start and stop', async () => {
    const manager = await startBridge();
    expect(manager.isScanning()).toBe(false);
    const { candidate } = await arrive(manager, { version: 0, identifier: 'DIY', address: 'idle' });
    expect(candidate.address).toBe('idle');
    await manager.startScanning();
    expect(manager.isScanning()).toBe(true);
    await manager.stopScanning();
    expect(manager.isScanning()).toBe(false);
  });
});

describe('device bridge: form 0 (Intiface compatible)', () => {
  it('offers a websocket specifier named by the identifier, with tx and rx', async () => {
    const manager = await startBridge();
    const { candidate } = await arrive(manager, { identifier: 'MyDIYToy', address: 'toy-1', version: 0 });
    expect(candidate.manager).toBe('bridge');
    expect(candidate.name).toBe('MyDIYToy');
    expect(candidate.address).toBe('toy-1');
    expect(candidate.specifier).toEqual({ kind: 'websocket', name: 'MyDIYToy' });
    const hardware = await candidate.connect(websocketSpecifier('MyDIYToy'));
    expect(hardware.endpoints).toEqual(['tx', 'rx']);
    expect(hardware.defaultMessageGapMs).toBeUndefined();
  });

  it('sends every write as one binary frame of the bytes, whatever the endpoint', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, { identifier: 'MyDIYToy', address: 'toy-1', version: 0 });
    const hardware = await candidate.connect(websocketSpecifier('MyDIYToy'));
    await hardware.write('tx', bytes('Vibrate:5;'), false);
    await hardware.write('rx', Uint8Array.of(0, 255), true);
    expect(await device.nextCommand()).toEqual({ kind: 'binary', data: bytes('Vibrate:5;') });
    expect(await device.nextCommand()).toEqual({ kind: 'binary', data: Uint8Array.of(0, 255) });
    expect(device.frames.every((frame) => frame.type === 'Binary')).toBe(true);
  });

  it('turns every frame the device sends, text or binary, into a notification on rx while rx is subscribed', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, { identifier: 'MyDIYToy', address: 'toy-1', version: 0 });
    const hardware = await candidate.connect(websocketSpecifier('MyDIYToy'));
    const seen = recordNotifications(hardware);

    device.sendRaw('before');
    await device.flush();
    await hardware.subscribe('rx');
    device.sendRaw('OK;');
    device.sendRaw(Uint8Array.of(1, 2, 3));
    await device.flush();
    await hardware.unsubscribe('rx');
    device.sendRaw('after');
    await device.flush();

    expect(seen).toEqual([
      { endpoint: 'rx', data: bytes('OK;') },
      { endpoint: 'rx', data: Uint8Array.of(1, 2, 3) },
    ]);
    // Subscriptions are not sent to a form 0 device: it only ever gets binary frames.
    expect(device.frames.every((frame) => frame.type === 'Binary')).toBe(true);
  });

  it('cannot be read', async () => {
    const manager = await startBridge();
    const { candidate } = await arrive(manager, { identifier: 'MyDIYToy', address: 'toy-1', version: 0 });
    const hardware = await candidate.connect(websocketSpecifier('MyDIYToy'));
    await expect(hardware.read('rx', 1, 100)).rejects.toThrow(/form 0.*cannot be read/);
  });
});

describe('device bridge: form 1', () => {
  it('offers a btle device exactly as a BLE discovery, ignoring fields of other transports and unknown fields', async () => {
    const manager = await startBridge();
    const { candidate } = await arrive(manager, JSON.stringify({
      ...formOne({
        transport: 'btle',
        manufacturerData: [{ company: 620, data: [255, 33] }],
        advertisedServices: ['0000fff0-0000-1000-8000-00805f9b34fb'],
        port: 'COM7',
        vendorId: 1234,
        productId: 5678,
      }),
      firmware: 'whatever',
    }));
    expect(candidate.name).toBe('LVS-Z36');
    expect(candidate.address).toBe('sim-edge-1');
    expect(candidate.specifier).toEqual({
      kind: 'btle',
      name: 'LVS-Z36',
      manufacturerData: [{ company: 620, data: [255, 33] }],
      advertisedServices: ['0000fff0-0000-1000-8000-00805f9b34fb'],
    });
  });

  it('defaults to btle with the endpoints the matched protocol maps and the BLE gap', async () => {
    const manager = await startBridge();
    const { candidate } = await arrive(manager, formOne());
    expect(candidate.specifier).toEqual({ kind: 'btle', name: 'LVS-Z36', manufacturerData: [], advertisedServices: [] });
    const hardware = await candidate.connect(lovenseBtle);
    expect([...hardware.endpoints].sort()).toEqual(['rx', 'rxblebattery', 'tx']);
    expect(hardware.defaultMessageGapMs).toBe(75);
  });

  it('uses the endpoints the device lists, and commands to others fail as on real hardware', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne({ endpoints: ['tx'] }));
    const hardware = await candidate.connect(lovenseBtle);
    expect(hardware.endpoints).toEqual(['tx']);
    await expect(hardware.write('rx', bytes('x'), false)).rejects.toThrow(/endpoint "rx"/);
    await expect(hardware.subscribe('rx')).rejects.toThrow(/endpoint "rx"/);
    await hardware.write('tx', bytes('y'), false);
    expect(await device.nextCommand()).toEqual({ kind: 'write', endpoint: 'tx', data: bytes('y'), withResponse: false });
  });

  it('offers a serial device by port (default: the identifier) with tx, rx and no gap', async () => {
    const manager = await startBridge();
    const named = await arrive(manager, formOne({ transport: 'serial', identifier: 'TCode', address: 'COM7', port: 'COM7' }));
    expect(named.candidate.specifier).toEqual({ kind: 'serial', port: 'COM7' });
    const defaulted = await arrive(manager, formOne({ transport: 'serial', identifier: '/dev/ttyUSB0', address: 'usb0' }));
    expect(defaulted.candidate.specifier).toEqual({ kind: 'serial', port: '/dev/ttyUSB0' });
    const hardware = await named.candidate.connect(serialSpecifier);
    expect(hardware.endpoints).toEqual(['tx', 'rx']);
    expect(hardware.defaultMessageGapMs).toBeUndefined();
  });

  it('offers a hid device by vendor and product id', async () => {
    const manager = await startBridge();
    const { candidate } = await arrive(
      manager,
      formOne({ transport: 'hid', identifier: 'Dongle', address: 'SN123', vendorId: 0x1234, productId: 0x5678 }),
    );
    expect(candidate.name).toBe('Dongle');
    expect(candidate.specifier).toEqual({ kind: 'hid', vendorId: 0x1234, productId: 0x5678 });
    expect((await candidate.connect(hidSpecifier)).endpoints).toEqual(['tx', 'rx']);
  });

  it('offers a plain usb device by vendor and product id, with the vendor-control endpoint', async () => {
    const manager = await startBridge();
    const { candidate } = await arrive(
      manager,
      formOne({ transport: 'usb', identifier: 'Trance Vibrator', address: 'usb-1', vendorId: 0x0b49, productId: 0x064f }),
    );
    expect(candidate.specifier).toEqual({ kind: 'usb', vendorId: 0x0b49, productId: 0x064f });
    const hardware = await candidate.connect({ kind: 'usb', pairs: [{ vendorId: 0x0b49, productId: 0x064f }] });
    expect(hardware.endpoints).toEqual(['txvendorcontrol']);
  });

  it('lets messageGapMs override the gap, including the device config gap', async () => {
    const manager = await startBridge();
    const { candidate } = await arrive(manager, formOne({ messageGapMs: 0 }));
    const hardware = (await candidate.connect(lovenseBtle)) as { defaultMessageGapMs?: number; messageGapOverrideMs?: number };
    expect(hardware.defaultMessageGapMs).toBe(0);
    expect(hardware.messageGapOverrideMs).toBe(0);
  });

  it('sends Write, Subscribe and Unsubscribe frames in the order the protocol wrote them', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    const hardware = await candidate.connect(lovenseBtle);
    const writes = Array.from({ length: 50 }, (_, i) => bytes(`Vibrate:${i % 21};`));
    const sent = [hardware.subscribe('rx'), ...writes.map((data, i) => hardware.write('tx', data, i % 2 === 0)), hardware.unsubscribe('rx')];
    await Promise.all(sent);
    const commands = [];
    for (let i = 0; i < 52; i += 1) commands.push(await device.nextCommand(2000));
    expect(commands).toEqual([
      { kind: 'subscribe', endpoint: 'rx' },
      ...writes.map((data, i) => ({ kind: 'write', endpoint: 'tx', data, withResponse: i % 2 === 0 })),
      { kind: 'unsubscribe', endpoint: 'rx' },
    ]);
    expect(device.frames[1]).toEqual({ type: 'Write', endpoint: 'tx', data: writes[0], writeWithResponse: true });
  });

  it('delivers Notification frames only while that endpoint is subscribed', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    device.notify('rx', bytes('before connect'));
    const hardware = await candidate.connect(lovenseBtle);
    const seen = recordNotifications(hardware);

    device.notify('rx', bytes('unsubscribed'));
    await device.flush();
    await hardware.subscribe('rx');
    await device.nextCommand();
    device.notify('rx', bytes('Z:11:0082059AD3BD;'));
    device.notify('tx', bytes('wrong endpoint'));
    await device.flush();
    await hardware.unsubscribe('rx');
    await device.nextCommand();
    device.notify('rx', bytes('after'));
    await device.flush();

    expect(seen).toEqual([{ endpoint: 'rx', data: bytes('Z:11:0082059AD3BD;') }]);
    expect(device.subscriptions).toEqual([]);
  });

  it('reads with an id and timeoutMs, answered by ReadReply data', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    const hardware = await candidate.connect(lovenseBtle);
    device.queueRead('rxblebattery', [87]);
    expect(await hardware.read('rxblebattery', 1, 500)).toEqual(Uint8Array.of(87));
    const [request] = device.reads;
    expect(request).toMatchObject({ endpoint: 'rxblebattery', length: 1, timeoutMs: 500 });
    expect(device.frames).toContainEqual({ type: 'Read', id: request.id, endpoint: 'rxblebattery', length: 1, timeoutMs: 500 });
  });

  it('fails a read answered with a ReadReply error', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    const hardware = await candidate.connect(lovenseBtle);
    device.queueRead('rxblebattery', { error: 'battery gauge offline' });
    await expect(hardware.read('rxblebattery', 1, 500)).rejects.toThrow(/battery gauge offline/);
  });

  it('fails a read nobody answers within timeoutMs, and ignores a late reply', async () => {
    const logger = recordingLogger();
    const manager = await startBridge({ logger });
    const { device, candidate } = await arrive(manager, formOne());
    const hardware = await candidate.connect(lovenseBtle);
    await expect(hardware.read('rxblebattery', 1, 50)).rejects.toThrow(/no ReadReply within 50 ms/);
    const [request] = device.reads;
    device.sendRaw(JSON.stringify({ ReadReply: { id: request.id, data: [1] } }));
    await device.flush();
    expect(logger.lines.some((line) => /cannot understand/.test(line.message) && /unknown read id/.test(String(line.fields.why)))).toBe(true);
    expect(device.isOpen).toBe(true);
  });

  it('answers reads out of order by id', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    const hardware = await candidate.connect(lovenseBtle);
    let first!: Promise<Uint8Array>;
    let second!: Promise<Uint8Array>;
    const [a, b] = await new Promise<BridgeReadRequest[]>((resolve) => {
      const requests: BridgeReadRequest[] = [];
      device.onRead((request) => {
        requests.push(request);
        if (requests.length === 2) resolve(requests);
        return undefined; // leave both unanswered for now
      });
      first = hardware.read('rx', 1, 2000);
      second = hardware.read('rxblebattery', 1, 2000);
    });
    device.sendRaw(JSON.stringify({ ReadReply: { id: b.id, data: [2] } }));
    device.sendRaw(JSON.stringify({ ReadReply: { id: a.id, data: [1] } }));
    expect(await first).toEqual(Uint8Array.of(1));
    expect(await second).toEqual(Uint8Array.of(2));
  });
});

describe('device bridge: lifecycle', () => {
  it('sends Connected when the device is announced, after the initialization traffic', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    const hardware = await candidate.connect(lovenseBtle);
    await hardware.subscribe('rx');
    await hardware.write('tx', bytes('DeviceType;'), false);
    hardware.announce?.({ index: 0, name: 'Lovense Edge', protocol: 'lovense' });
    expect(await device.waitForFrame('Connected')).toEqual({ type: 'Connected', index: 0, name: 'Lovense Edge', protocol: 'lovense' });
    expect(device.frames.map((frame) => frame.type)).toEqual(['Subscribe', 'Write', 'Connected']);
    expect(device.announced).toEqual({ index: 0, name: 'Lovense Edge', protocol: 'lovense' });
  });

  it('sends Rejected and closes when the candidate is refused', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    candidate.reject?.('no protocol matches LVS-Z36');
    expect(await device.waitForFrame('Rejected')).toEqual({ type: 'Rejected', reason: 'no protocol matches LVS-Z36' });
    await device.closed;
    await expect(candidate.connect(lovenseBtle)).rejects.toThrow(/went away/);
  });

  it('sends Rejected and closes when connected hardware is refused (identification failed)', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    const hardware = await candidate.connect(lovenseBtle);
    hardware.reject?.('identification failed');
    expect((await device.waitForFrame('Rejected')).reason).toBe('identification failed');
    await device.closed;
    await firstValueFrom(hardware.disconnected);
  });

  it.each([
    ['text that is not JSON', 'hello'],
    ['a JSON array', '[1,2]'],
    ['no identifier', JSON.stringify({ version: 1, address: 'a' })],
    ['no address', JSON.stringify({ version: 0, identifier: 'x' })],
    ['no version', JSON.stringify({ identifier: 'x', address: 'a' })],
    ['an unknown version', JSON.stringify({ version: 2, identifier: 'x', address: 'a' })],
    ['a string version', JSON.stringify({ version: '1', identifier: 'x', address: 'a' })],
    ['the websocket transport in form 1', JSON.stringify({ version: 1, identifier: 'x', address: 'a', transport: 'websocket' })],
    ['hid without ids', JSON.stringify({ version: 1, identifier: 'x', address: 'a', transport: 'hid' })],
    ['usb without a product id', JSON.stringify({ version: 1, identifier: 'x', address: 'a', transport: 'usb', vendorId: 1 })],
    ['bad manufacturer data', JSON.stringify({ version: 1, identifier: 'x', address: 'a', manufacturerData: [{ company: 'x' }] })],
    ['bytes out of range', JSON.stringify({ version: 1, identifier: 'x', address: 'a', manufacturerData: [{ company: 1, data: [256] }] })],
    ['a negative gap', JSON.stringify({ version: 1, identifier: 'x', address: 'a', messageGapMs: -5 })],
  ])('answers a first frame with %s with Rejected and closes the socket', async (_what, frame) => {
    const manager = await startBridge();
    const events = recordEvents(manager);
    const device = await connectBridgeDevice(url(manager), frame);
    devices.push(device);
    const rejected = await device.waitForFrame('Rejected');
    expect(rejected.reason).toMatch(/^bad handshake/);
    await device.closed;
    expect(foundCandidates(events)).toEqual([]);
  });

  it('answers a binary first frame with Rejected and closes the socket', async () => {
    const manager = await startBridge();
    const socket = new WebSocket(url(manager));
    const frames: string[] = [];
    socket.on('message', (data) => frames.push(String(data)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(Buffer.from(JSON.stringify({ version: 0, identifier: 'x', address: 'a' })));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0]).Rejected.reason).toMatch(/text frame/);
  });

  it('treats the socket closing as the hardware disconnecting; the same address comes back as the same device', async () => {
    const manager = await startBridge();
    const first = await arrive(manager, formOne());
    const hardware = await first.candidate.connect(lovenseBtle);
    const notificationsDone = firstValueFrom(hardware.notifications.pipe(toArray()));
    await first.device.close();
    await firstValueFrom(hardware.disconnected);
    await notificationsDone;
    await expect(hardware.write('tx', bytes('x'), false)).rejects.toThrow(/disconnected/);

    const again = await arrive(manager, formOne());
    expect(again.candidate.address).toBe(first.candidate.address);
    expect(again.candidate.specifier).toEqual(first.candidate.specifier);
    const back = await again.candidate.connect(lovenseBtle);
    await back.write('tx', bytes('back'), false);
    expect(await again.device.nextCommand()).toEqual({ kind: 'write', endpoint: 'tx', data: bytes('back'), withResponse: false });
  });

  it('fails pending reads when the device goes away', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    const hardware = await candidate.connect(lovenseBtle);
    let read!: Promise<void>;
    await new Promise<void>((resolve) => {
      device.onRead(() => {
        resolve();
        return undefined; // never answered
      });
      read = expect(hardware.read('rx', 1, 5000)).rejects.toThrow(/disconnected during read/);
    });
    await device.close();
    await read;
  });

  it('closes the socket when the server disconnects the hardware', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    const hardware = await candidate.connect(lovenseBtle);
    await hardware.disconnect();
    await device.closed;
    expect(device.isOpen).toBe(false);
    await expect(firstValueFrom(hardware.disconnected)).resolves.toBeUndefined();
  });

  it('rejects a second connection with an address that is still connected', async () => {
    const manager = await startBridge();
    await arrive(manager, formOne());
    const duplicate = await connectBridgeDevice(url(manager), formOne());
    devices.push(duplicate);
    expect((await duplicate.waitForFrame('Rejected')).reason).toMatch(/already connected/);
    await duplicate.closed;
  });

  it('logs and ignores frames it cannot understand, without closing that device or another', async () => {
    const logger = recordingLogger();
    const manager = await startBridge({ logger });
    const one = await arrive(manager, formOne({ address: 'one' }));
    const two = await arrive(manager, formOne({ address: 'two' }));
    const hardwareOne = await one.candidate.connect(lovenseBtle);
    const hardwareTwo = await two.candidate.connect(lovenseBtle);
    await hardwareOne.subscribe('rx');
    await one.device.nextCommand();
    const seen = recordNotifications(hardwareOne);

    for (const junk of [
      'not json',
      '42',
      JSON.stringify({ Hello: {} }),
      JSON.stringify({ Notification: { endpoint: 'rx', data: [300] } }),
      JSON.stringify({ Notification: { endpoint: 'rx' } }),
      JSON.stringify({ ReadReply: { id: 'x', data: [1] } }),
      JSON.stringify({ Notification: { endpoint: 'rx', data: [1] }, ReadReply: { id: 1, data: [1] } }),
    ]) {
      one.device.sendRaw(junk);
    }
    one.device.sendRaw(Uint8Array.of(1, 2, 3));
    one.device.notify('rx', bytes('still here'));
    await one.device.flush();

    expect(seen).toEqual([{ endpoint: 'rx', data: bytes('still here') }]);
    expect(logger.lines.filter((line) => /cannot understand/.test(line.message))).toHaveLength(8);
    expect(one.device.isOpen).toBe(true);
    await hardwareTwo.write('tx', bytes('two'), false);
    expect(await two.device.nextCommand()).toEqual({ kind: 'write', endpoint: 'tx', data: bytes('two'), withResponse: false });
  });

  it('keeps two devices apart', async () => {
    const manager = await startBridge();
    const a = await arrive(manager, formOne({ address: 'a', identifier: 'LVS-A' }));
    const b = await arrive(manager, { version: 0, identifier: 'DIY', address: 'b' });
    const hardwareA = await a.candidate.connect(lovenseBtle);
    const hardwareB = await b.candidate.connect(websocketSpecifier('DIY'));
    await hardwareA.subscribe('rx');
    await hardwareB.subscribe('rx');
    await a.device.nextCommand();
    const seenA = recordNotifications(hardwareA);
    const seenB = recordNotifications(hardwareB);

    await hardwareA.write('tx', bytes('to A'), false);
    await hardwareB.write('tx', bytes('to B'), false);
    a.device.notify('rx', bytes('from A'));
    b.device.notify('rx', bytes('from B'));
    expect(await a.device.nextCommand()).toEqual({ kind: 'write', endpoint: 'tx', data: bytes('to A'), withResponse: false });
    expect(await b.device.nextCommand()).toEqual({ kind: 'binary', data: bytes('to B') });
    await a.device.flush();
    await b.device.flush();
    expect(seenA).toEqual([{ endpoint: 'rx', data: bytes('from A') }]);
    expect(seenB).toEqual([{ endpoint: 'rx', data: bytes('from B') }]);

    await a.device.close();
    await firstValueFrom(hardwareA.disconnected);
    await hardwareB.write('tx', bytes('B still works'), false);
    expect(await b.device.nextCommand()).toEqual({ kind: 'binary', data: bytes('B still works') });
  });

  it('pings devices and drops one that stops answering', async () => {
    const manager = await startBridge({ pingIntervalMs: 20 });
    const silent = new WebSocket(url(manager), { autoPong: false });
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    await new Promise((resolve) => silent.once('open', resolve));
    const found = nextFound(manager.events);
    silent.send(JSON.stringify(formOne({ address: 'silent' })));
    const hardware = await (await found).connect(lovenseBtle);
    expect(await closed).toBe(1006);
    await firstValueFrom(hardware.disconnected);

    const lively = new WebSocket(url(manager));
    await new Promise((resolve) => lively.once('open', resolve));
    lively.send(JSON.stringify(formOne({ address: 'lively' })));
    await new Promise<void>((resolve) => {
      let pings = 0;
      lively.on('ping', () => {
        pings += 1;
        if (pings === 5) resolve();
      });
    });
    expect(lively.readyState).toBe(WebSocket.OPEN);
    lively.close();
  });

  it('close() disconnects every device and stops listening', async () => {
    const manager = await startBridge();
    const { device, candidate } = await arrive(manager, formOne());
    const hardware = await candidate.connect(lovenseBtle);
    const address = url(manager);
    await manager.close();
    await device.closed;
    await firstValueFrom(hardware.disconnected);
    await expect(connectBridgeDevice(address, formOne({ address: 'late' }))).rejects.toThrow();
  });
});
