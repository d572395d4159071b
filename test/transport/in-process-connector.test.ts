import { ButtplugClient } from 'buttplug-v4';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ClientConnection, ConnectionAcceptor } from '../../src/transport/connection.ts';
import { InProcessClientConnector } from '../../src/transport/in-process-connector.ts';

type Message = Record<string, { Id: number } & Record<string, unknown>>;

/** A scripted v4 server: just enough to let the official client finish its handshake and disconnect. */
function scriptedServer() {
  const received: Message[] = [];
  const connections: ClientConnection[] = [];
  const server: ConnectionAcceptor = {
    accept(connection) {
      connections.push(connection);
      connection.frames.subscribe((text) => {
        for (const message of JSON.parse(text) as Message[]) {
          received.push(message);
          const [name, body] = Object.entries(message)[0];
          const reply =
            name === 'RequestServerInfo'
              ? { ServerInfo: { Id: body.Id, ServerName: 'Scripted', MaxPingTime: 0, ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } }
              : name === 'RequestDeviceList'
                ? { DeviceList: { Id: body.Id, Devices: {} } }
                : { Ok: { Id: body.Id } };
          connection.send(JSON.stringify([reply]));
        }
      });
    },
  };
  return { server, received, connections, names: () => received.map((message) => Object.keys(message)[0]) };
}

describe('InProcessClientConnector with the official buttplug-v4 client', () => {
  it('completes the handshake and requests the device list', async () => {
    const { server, names, received, connections } = scriptedServer();
    const client = new ButtplugClient('Connector Test');
    await client.connect(new InProcessClientConnector(server));
    expect(client.connected).toBe(true);
    expect(client.serverInfo?.serverName).toBe('Scripted');
    expect(client.serverInfo?.protocolVersionMajor).toBe(4);
    expect(client.devices.size).toBe(0);
    expect(names()).toEqual(['RequestServerInfo', 'RequestDeviceList']);
    expect(received[0].RequestServerInfo).toMatchObject({ ClientName: 'Connector Test', ProtocolVersionMajor: 4 });
    expect(connections.map((connection) => connection.kind)).toEqual(['in-process']);
  });

  it('delivers messages the server pushes (Id 0) to the client', async () => {
    const { server, connections } = scriptedServer();
    const client = new ButtplugClient('Connector Test');
    await client.connect(new InProcessClientConnector(server));
    const finished = new Promise<void>((resolve) => client.once('scanningfinished', () => resolve()));
    connections[0].send('[{"ScanningFinished":{"Id":0}}]');
    await expect(finished).resolves.toBeUndefined();
  });

  it('client.disconnect() stops devices, closes the server side and emits disconnect once', async () => {
    const { server, names, connections } = scriptedServer();
    const client = new ButtplugClient('Connector Test');
    await client.connect(new InProcessClientConnector(server));
    let disconnects = 0;
    client.on('disconnect', () => (disconnects += 1));
    await client.disconnect();
    expect(names()).toContain('StopCmd');
    expect(await firstValueFrom(connections[0].closed)).toMatchObject({ code: 1000 });
    expect(client.connected).toBe(false);
    expect(disconnects).toBe(1);
  });

  it('a server-side close disconnects the client', async () => {
    const { server, connections } = scriptedServer();
    const client = new ButtplugClient('Connector Test');
    await client.connect(new InProcessClientConnector(server));
    const disconnected = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
    connections[0].close(1001, 'server shutting down');
    await disconnected;
    expect(client.connected).toBe(false);
  });

  it('a server that refuses the connection makes connect() reject with a clear error', async () => {
    const connector = new InProcessClientConnector({
      accept() {
        throw new Error('full');
      },
    });
    await expect(connector.connect()).rejects.toThrow(/in-process server refused the connection: full/);
    expect(connector.Connected).toBe(false);
    expect(() => connector.send({ Ping: { Id: 1 } })).toThrow(/not connected/);
  });

  it('can connect again after a disconnect', async () => {
    const { server, connections } = scriptedServer();
    const connector = new InProcessClientConnector(server);
    const client = new ButtplugClient('Connector Test');
    await client.connect(connector);
    await client.disconnect();
    await client.connect(connector);
    expect(client.connected).toBe(true);
    expect(connections).toHaveLength(2);
  });
});
