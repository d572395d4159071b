/**
 * Benchmarks: message parsing and serialization, command round trips through the whole server,
 * memory per connected device, and the daemon's start-up against a bare `ws` server. Run with
 * `npm run bench` (numbers vary by machine).
 */
import { firstValueFrom, filter } from 'rxjs';
import { benchStartup } from './startup.ts';
import { parseFrame, serialize, deviceListMessage } from '../src/messages/index.ts';
import { createServer } from '../src/server/server.ts';
import { SimulatorManager } from '../src/hardware/index.ts';
import { createInProcessPair } from '../src/transport/index.ts';
import type { DeviceInfo } from '../src/devices/features.ts';

interface Row {
  name: string;
  value: string;
}
const rows: Row[] = [];

function rate(name: string, iterations: number, run: () => void) {
  run(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rows.push({ name, value: `${Math.round(iterations / seconds).toLocaleString('en')} /s` });
}

function benchMessages() {
  const v4 = JSON.stringify([{ OutputCmd: { Id: 7, DeviceIndex: 0, FeatureIndex: 1, Command: { Vibrate: { Value: 10 } } } }]);
  const v1 = JSON.stringify([{ VibrateCmd: { Id: 7, DeviceIndex: 0, Speeds: [{ Index: 0, Speed: 0.5 }, { Index: 1, Speed: 0.25 }] } }]);
  const batch = JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ Ping: { Id: i + 1 } })));
  rate('parseFrame v4 OutputCmd', 200_000, () => parseFrame(v4, 4));
  rate('parseFrame v1 VibrateCmd', 200_000, () => parseFrame(v1, 1));
  rate('parseFrame 50-message batch', 20_000, () => parseFrame(batch, 4));
  const devices: DeviceInfo[] = Array.from({ length: 10 }, (_, index) => ({
    index,
    name: `Device ${index}`,
    messageTimingGap: 75,
    features: [0, 1].map((f) => ({ index: f, id: `f${index}-${f}`, description: '', outputs: { Vibrate: { value: [0, 20] as const } }, inputs: {} })),
  }));
  for (const version of [1, 3, 4] as const) {
    rate(`serialize DeviceList of 10 (v${version})`, 20_000, () => serialize(deviceListMessage(devices, version, 1), version));
  }
}

async function connectClient(server: ReturnType<typeof createServer>) {
  const { server: connection, client } = createInProcessPair();
  const replies = client.messages;
  server.accept(connection);
  const ask = async (message: object, id: number) => {
    const reply = firstValueFrom(replies.pipe(filter((text) => text.includes(`"Id":${id}`))));
    client.send(JSON.stringify([message]));
    return JSON.parse(await reply);
  };
  return { client, replies, ask };
}

async function benchRoundTrips() {
  const sim = new SimulatorManager();
  sim.addDevice({ name: 'Massage Demo', address: 'bench-aneros', messageGapMs: 0 });
  const server = createServer({ managers: [sim] });
  const { ask } = await connectClient(server);
  await ask({ RequestServerInfo: { Id: 1, ClientName: 'bench', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } }, 1);
  const added = firstValueFrom(server.events.pipe(filter((e) => e.type === 'device.added')));
  await ask({ StartScanning: { Id: 2 } }, 2);
  await added;
  const count = 5_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const id = 10 + i;
    await ask({ OutputCmd: { Id: id, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: (i % 127) + 1 } } } }, id);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rows.push({ name: 'OutputCmd round trip (client → hardware write → Ok)', value: `${Math.round(count / seconds).toLocaleString('en')} /s` });
  await server.close();
}

async function benchMemory() {
  const devicesToConnect = 100;
  const sim = new SimulatorManager();
  for (let i = 0; i < devicesToConnect; i++) sim.addDevice({ name: 'Massage Demo', address: `mem-${i}`, messageGapMs: 0 });
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const server = createServer({ managers: [sim] });
  const all = firstValueFrom(server.events.pipe(filter(() => server.devices().length === devicesToConnect)));
  server.startScanning();
  await all;
  global.gc?.();
  const perDevice = (process.memoryUsage().heapUsed - before) / devicesToConnect;
  rows.push({
    name: `heap per connected device (${devicesToConnect} devices${global.gc ? '' : ', no --expose-gc'})`,
    value: `${(perDevice / 1024).toFixed(1)} KiB`,
  });
  await server.close();
}

// Start-up first, while this process is idle: it times other processes, and its own busy event
// loop (the servers of the benchmarks below) would be counted in their figures.
const startup = await benchStartup();
benchMessages();
await benchRoundTrips();
await benchMemory();
rows.push(...startup);
const width = Math.max(...rows.map((r) => r.name.length));
console.log(`plugstate benchmarks (node ${process.version})`);
for (const row of rows) console.log(`${row.name.padEnd(width)}  ${row.value}`);
