import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { allInterfaceUrls, formatHostPort, formatRemote } from '../../src/transport/address.ts';

describe('formatHostPort', () => {
  it('brackets IPv6 and unmaps IPv4-mapped addresses', () => {
    expect(formatHostPort('127.0.0.1', 53211)).toBe('127.0.0.1:53211');
    expect(formatHostPort('::1', 40000)).toBe('[::1]:40000');
    expect(formatHostPort('::ffff:192.168.1.4', 80)).toBe('192.168.1.4:80');
  });

  it('reports a socket without an address as unknown', () => {
    expect(formatRemote({})).toBe('unknown');
  });
});

describe('allInterfaceUrls', () => {
  const info = (address: string, family: 'IPv4' | 'IPv6', internal = false, scopeid = 0) =>
    ({ address, family, internal, scopeid, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;
  const interfaces = {
    lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
    eth0: [info('192.168.1.20', 'IPv4'), info('fe80::1', 'IPv6', false, 2), info('2001:db8::20', 'IPv6')],
  };

  it('lists loopback first, then external addresses, leaving out link-local IPv6', () => {
    expect(allInterfaceUrls(12345, interfaces, true)).toEqual([
      'ws://127.0.0.1:12345',
      'ws://[::1]:12345',
      'ws://192.168.1.20:12345',
      'ws://[2001:db8::20]:12345',
    ]);
  });

  it('lists no IPv6 address when IPv6 is not bound', () => {
    expect(allInterfaceUrls(1, interfaces, false)).toEqual(['ws://127.0.0.1:1', 'ws://192.168.1.20:1']);
  });
});
