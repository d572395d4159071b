/**
 * Devices whose identification goes wrong, over the device bridge with the real server: a failed
 * answer, a malformed one and none at all each end in `Rejected` with the reason and a log line;
 * the server keeps serving, and a device arriving meanwhile connects without waiting for them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeManager, connectBridgeDevice, type BridgeDevice } from '../../src/hardware/index.ts';
import { createServer, type PlugstateServer } from '../../src/server/server.ts';
import type { Logger } from '../../src/log/logger.ts';
import { RawClient, waitUntil } from '../server/raw-client.ts';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface LogLine {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

function recordingLogger(lines: LogLine[]): Logger {
  const at =
    (level: string) =>
    (first: string | object, ...rest: unknown[]): void => {
      if (typeof first === 'string') lines.push({ level, fields: {}, message: first });
      else lines.push({ level, fields: first as Record<string, unknown>, message: String(rest[0] ?? '') });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function serveWithBridge(): Promise<{ server: PlugstateServer; url: string; log: LogLine[] }> {
  const log: LogLine[] = [];
  const bridge = new BridgeManager({ port: 0, pingIntervalMs: 0 });
  await bridge.start();
  const server = createServer({ managers: [bridge], log: recordingLogger(log) });
  closers.push(() => bridge.close(), () => server.close());
  return { server, url: bridge.url!, log };
}

async function device(url: string, identifier: string, address: string): Promise<BridgeDevice> {
  const connected = await connectBridgeDevice(url, { version: 1, identifier, address, messageGapMs: 0 });
  closers.push(() => connected.close());
  return connected;
}

describe('a device whose identification fails is rejected with the reason, and nothing else suffers', () => {
  it('a Hismith whose model read fails, one that answers nothing, and an Aneros meanwhile', async () => {
    const { server, url, log } = await serveWithBridge();
    const client = await RawClient.connect(server, 4);
    await client.request('StartScanning');

    const failing = await device(url, 'HISMITH', 'hismith-failing');
    failing.queueRead('rxblemodel', { error: 'GATT error 0x0e' });
    const silent = await device(url, 'HISMITH', 'hismith-silent');
    silent.onRead(() => new Promise<never>(() => {})); // never answers
    const aneros = await device(url, 'Massage Demo', 'aneros-meanwhile');

    await waitUntil(() => aneros.announced !== undefined, 'the Aneros to be announced');
    expect(silent.rejected).toBeUndefined(); // the Aneros did not wait for the silent device
    await waitUntil(() => failing.rejected !== undefined && silent.rejected !== undefined, 'both Hismiths to be rejected');

    expect(failing.rejected).toMatch(/did not report its model number.*GATT error 0x0e/);
    expect(silent.rejected).toMatch(/did not report its model number/);
    await failing.closed;
    await silent.closed;
    for (const address of ['hismith-failing', 'hismith-silent']) {
      const line = log.find((entry) => entry.fields.address === address);
      expect(line?.message).toMatch(/not used: .*did not report its model number/);
    }

    const list = await client.request('RequestDeviceList');
    expect(Object.values(list.body.Devices as Record<string, { DeviceName: string }>).map((d) => d.DeviceName)).toEqual([
      aneros.announced!.name,
    ]);
  });

  it('a Lovense whose DeviceType answer is not text is rejected, and the next Lovense is served', async () => {
    const { server, url } = await serveWithBridge();
    const client = await RawClient.connect(server, 3);
    await client.request('StartScanning');
    const garbled = await device(url, 'LVS-Z36', 'lovense-garbled');
    garbled.commands$.subscribe((command) => {
      if (command.kind === 'write' && new TextDecoder().decode(command.data) === 'DeviceType;') garbled.notify('rx', [0xff, 0xfe]);
    });
    await waitUntil(() => garbled.rejected !== undefined, 'the garbled Lovense to be rejected');
    expect(garbled.rejected).toMatch(/not UTF-8/);

    const good = await device(url, 'LVS-Z36', 'lovense-good');
    good.commands$.subscribe((command) => {
      if (command.kind === 'write' && new TextDecoder().decode(command.data) === 'DeviceType;') good.notify('rx', [...Buffer.from('Z:37:001122334455;')]);
    });
    await waitUntil(() => good.announced !== undefined, 'the good Lovense to be announced');
    expect(good.announced!.protocol).toBe('lovense');
    await client.waitForDevices([good.announced!.index]);
  });
});
