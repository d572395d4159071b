/**
 * What the listen flags turn into, down to the addresses the listeners bind. Nothing here opens a
 * socket: tests never bind every interface, so the all-interfaces switches are followed from the
 * parsed flags to the host choice of the client listener and the device bridge.
 */
import { describe, expect, it } from 'vitest';
import { parseFlags, type DaemonFlags } from '../../src/daemon/flags.ts';
import { bridgeSettings, clientEndpoint } from '../../src/daemon/listen.ts';
import { formatReport, type StartupReport } from '../../src/daemon/report.ts';
import { bridgeListenHosts } from '../../src/hardware/bridge.ts';
import { listenHosts } from '../../src/transport/websocket-server.ts';

function parsed(argv: string[]): DaemonFlags {
  const result = parseFlags(argv);
  if (!result.ok) throw new Error(result.error);
  return result.flags;
}

const LOOPBACK = { ipv4: '127.0.0.1', ipv6: '::1' };

describe('clientEndpoint: where clients connect', () => {
  it('no flags: a listener on 12345 (the Engine-compatible default), loopback only', () => {
    const endpoint = clientEndpoint(parsed([]));
    expect(endpoint).toEqual({ kind: 'listen', port: 12345, allInterfaces: false });
    expect(listenHosts(false)).toEqual(LOOPBACK);
  });

  it('--websocket-port picks the port, 0 included', () => {
    expect(clientEndpoint(parsed(['--websocket-port', '4321']))).toEqual({ kind: 'listen', port: 4321, allInterfaces: false });
    expect(clientEndpoint(parsed(['--websocket-port', '0']))).toEqual({ kind: 'listen', port: 0, allInterfaces: false });
  });

  it('--websocket-use-all-interfaces: the client listener binds 0.0.0.0 and ::', () => {
    const endpoint = clientEndpoint(parsed(['--websocket-use-all-interfaces', '--websocket-port', '0']));
    expect(endpoint).toEqual({ kind: 'listen', port: 0, allInterfaces: true });
    expect(endpoint.kind === 'listen' && listenHosts(endpoint.allInterfaces)).toEqual({ ipv4: '0.0.0.0', ipv6: '::' });
  });

  it('--websocket-use-all-interfaces leaves the device bridge on loopback', () => {
    expect(bridgeSettings(parsed(['--websocket-use-all-interfaces'])).allInterfaces).toBe(false);
  });

  it('--websocket-client-address: no listener, the server dials out to that address', () => {
    expect(clientEndpoint(parsed(['--websocket-client-address', 'ws://127.0.0.1:4000']))).toEqual({
      kind: 'dial-out',
      url: 'ws://127.0.0.1:4000',
    });
  });
});

describe('bridgeSettings: where devices connect', () => {
  it('no flags: port 54817 (the Engine-compatible default), loopback only', () => {
    const settings = bridgeSettings(parsed([]));
    expect(settings).toEqual({ port: 54817, allInterfaces: false });
    expect(bridgeListenHosts(settings.allInterfaces)).toEqual(LOOPBACK);
  });

  it('--device-websocket-server-port picks the port, 0 included', () => {
    expect(bridgeSettings(parsed(['--device-websocket-server-port', '0']))).toEqual({ port: 0, allInterfaces: false });
  });

  it('--device-websocket-server-use-all-interfaces: the bridge binds no host, i.e. every interface', () => {
    const settings = bridgeSettings(parsed(['--device-websocket-server-use-all-interfaces']));
    expect(settings).toEqual({ port: 54817, allInterfaces: true });
    expect(bridgeListenHosts(settings.allInterfaces)).toBeUndefined();
  });

  it('--device-websocket-server-use-all-interfaces leaves the client listener on loopback', () => {
    expect(clientEndpoint(parsed(['--device-websocket-server-use-all-interfaces']))).toMatchObject({ allInterfaces: false });
  });
});

describe('formatReport: the scope each listener is reported with', () => {
  const base: StartupReport = {
    version: '0.0.0',
    serverName: 'Scope test',
    managers: [{ id: 'bridge', label: 'Device bridge', flag: 'use-device-websocket-server', on: true }],
    maxPingTime: 0,
    allowRaw: false,
  };

  it.each([
    [false, false, 'Clients can connect to (loopback only):', 'Device bridge on port 7 (loopback only); devices connect to:'],
    [true, false, 'Clients can connect to (all interfaces):', 'Device bridge on port 7 (loopback only); devices connect to:'],
    [false, true, 'Clients can connect to (loopback only):', 'Device bridge on port 7 (all interfaces); devices connect to:'],
  ])('clients on all interfaces: %s, bridge on all interfaces: %s', (clientAll, bridgeAll, clientLine, bridgeLine) => {
    const lines = formatReport({
      ...base,
      clientUrls: ['ws://127.0.0.1:6'],
      clientAllInterfaces: clientAll,
      bridge: { port: 7, urls: ['ws://127.0.0.1:7'], allInterfaces: bridgeAll },
    }).split('\n');
    expect(lines).toContain(clientLine);
    expect(lines).toContain(bridgeLine);
  });
});
