/** A plain HTTP GET on the WebSocket port answers with the server's status as JSON. */
import { describe, expect, it } from 'vitest';
import {
  WAIT_MS,
  addAneros,
  addLovenseEdge,
  eventually,
  handshakeV4,
  startStack,
  teardownAfterEach,
  withTimeout,
} from './support.ts';

const teardown = teardownAfterEach();

async function getStatus(port: number) {
  const response = await withTimeout(
    fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'application/json', connection: 'close' } }),
    WAIT_MS,
    'GET status',
  );
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

describe('HTTP status on the WebSocket port', () => {
  it('names the server and lists its devices and client count, following changes', async () => {
    const stack = await startStack(teardown);

    const empty = await getStatus(stack.port);
    expect(empty.status).toBe(200);
    expect(empty.type).toBe('application/json');
    expect(empty.body).toMatchObject({ server: 'plugstate e2e', clients: 0, devices: [] });
    expect(empty.body.software).toMatch(/^plugstate /);

    addAneros(stack.sim);
    addLovenseEdge(stack.sim, teardown);
    await stack.scanUntilAnnounced(2);
    const client = await stack.openClient();
    await client.request(handshakeV4());
    await eventually(() => stack.server.clientCount() === 1, 'client counted');

    const busy = await getStatus(stack.port);
    expect(busy.body.server).toBe('plugstate e2e');
    expect(busy.body.clients).toBe(1);
    expect([...busy.body.devices].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      stack.server
        .devices()
        .map((device) => ({ index: device.index, name: device.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(busy.body.devices.map((device: { name: string }) => device.name).sort()).toEqual(['Aneros Vivi', 'Lovense Edge']);
  });
});
