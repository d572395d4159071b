/** Starting the planned managers: availability decides on/off, the bridge must bind. */
import { createServer, type Server } from 'node:net';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFlags, type DaemonFlags } from '../../src/daemon/flags.ts';
import { BridgeListenError, bridgeUrls, planManagers, startManagers } from '../../src/daemon/managers.ts';
import type { HardwareManager, ManagerAvailability, ManagerEvent } from '../../src/hardware/types.ts';
import { silentLogger } from '../../src/log/logger.ts';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function flags(argv: string[]): DaemonFlags {
  const result = parseFlags(argv);
  if (!result.ok) throw new Error(result.error);
  return result.flags;
}

class FakeManager implements HardwareManager {
  readonly events = new Subject<ManagerEvent>();
  closed = false;
  constructor(
    readonly name: string,
    private readonly answer: ManagerAvailability | Error,
  ) {}
  availability() {
    return this.answer instanceof Error ? Promise.reject(this.answer) : Promise.resolve(this.answer);
  }
  async startScanning() {}
  async stopScanning() {}
  isScanning() {
    return false;
  }
  async close() {
    this.closed = true;
  }
}

const bridge = { port: 0, allInterfaces: false };

describe('startManagers', () => {
  it('available managers are on and handed to the server; unavailable ones are closed and report their reason', async () => {
    const btle = new FakeManager('btle', { available: false, reason: 'Bluetooth unavailable: no adapter' });
    const serial = new FakeManager('serial', { available: true });
    const hid = new FakeManager('hid', new Error('HID unavailable: libusb missing'));
    const started = await startManagers(planManagers(flags(['--use-bluetooth-le', '--use-serial', '--use-hid']), 'linux'), {
      bridge,
      log: silentLogger,
      factories: { btle: () => btle, serial: () => serial, hid: () => hid },
    });
    expect(started.managers).toEqual([serial]);
    expect(started.bridge).toBeUndefined();
    expect(btle.closed && hid.closed && !serial.closed).toBe(true);
    const byId = new Map(started.statuses.map((status) => [status.id, status]));
    expect(byId.get('btle')).toMatchObject({ on: false, reason: 'Bluetooth unavailable: no adapter' });
    expect(byId.get('serial')).toMatchObject({ on: true });
    expect(byId.get('hid')).toMatchObject({ on: false, reason: 'HID unavailable: libusb missing' });
    expect(byId.get('bridge')).toMatchObject({ on: false, reason: 'not requested (add --use-device-websocket-server)' });
  });

  it('--use-usb builds the USB manager, on when its library answers', async () => {
    const usb = new FakeManager('usb', { available: true });
    const started = await startManagers(planManagers(flags(['--use-usb']), 'linux'), { bridge, log: silentLogger, factories: { usb: () => usb } });
    expect(started.managers).toEqual([usb]);
    expect(started.statuses.find((status) => status.id === 'usb')).toMatchObject({ label: 'USB', on: true });
  });

  it('a manager that throws while being built is reported off, not fatal', async () => {
    const started = await startManagers(planManagers(flags(['--use-hid']), 'linux'), {
      bridge,
      log: silentLogger,
      factories: {
        hid: () => {
          throw new Error('HID unavailable: cannot load');
        },
      },
    });
    expect(started.statuses.find((status) => status.id === 'hid')).toMatchObject({ on: false, reason: 'HID unavailable: cannot load' });
  });

  it('the bridge listens on loopback and is handed to the server', async () => {
    const started = await startManagers(planManagers(flags(['--use-device-websocket-server']), 'linux'), { bridge, log: silentLogger });
    closers.push(() => started.bridge!.close());
    expect(started.managers).toEqual([started.bridge]);
    expect(bridgeUrls(started.bridge!)[0]).toBe(`ws://127.0.0.1:${started.bridge!.port}`);
    expect(bridgeUrls(started.bridge!).every((url) => /^ws:\/\/(127\.0\.0\.1|\[::1\]):\d+$/.test(url))).toBe(true);
  });

  it('a bridge port in use throws BridgeListenError with the port and EADDRINUSE', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen({ host: '127.0.0.1', port: 0 }, resolve));
    closers.push(() => new Promise((resolve) => holder.close(resolve)));
    const port = (holder.address() as { port: number }).port;
    const attempt = startManagers(planManagers(flags(['--use-device-websocket-server']), 'linux'), {
      bridge: { port, allInterfaces: false },
      log: silentLogger,
    });
    await expect(attempt).rejects.toBeInstanceOf(BridgeListenError);
    await expect(attempt).rejects.toMatchObject({ port, code: 'EADDRINUSE' });
  });
});
