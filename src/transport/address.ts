import type { NetworkInterfaceInfo } from 'node:os';

/** Strips the IPv4-mapped prefix Node reports on dual-stack sockets (`::ffff:1.2.3.4`). */
function unmapIpv4(host: string): string {
  return host.startsWith('::ffff:') && host.includes('.') ? host.slice('::ffff:'.length) : host;
}

/** `host:port`, with IPv6 hosts in brackets: `127.0.0.1:53211`, `[::1]:40000`. */
export function formatHostPort(host: string, port: number): string {
  const plain = unmapIpv4(host);
  return plain.includes(':') ? `[${plain}]:${port}` : `${plain}:${port}`;
}

export function websocketUrl(host: string, port: number): string {
  return `ws://${formatHostPort(host, port)}`;
}

/** The remote end of an accepted TCP socket, or `unknown` once the socket is gone. */
export function formatRemote(socket: { remoteAddress?: string; remotePort?: number }): string {
  if (socket.remoteAddress === undefined || socket.remotePort === undefined) return 'unknown';
  return formatHostPort(socket.remoteAddress, socket.remotePort);
}

/**
 * URLs a client can use to reach a server bound to every interface: loopback first, then each
 * external address of the machine. IPv6 link-local addresses are left out because they only
 * work with a zone id that clients rarely accept.
 */
export function allInterfaceUrls(
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  ipv6Bound: boolean,
): string[] {
  const urls = [websocketUrl('127.0.0.1', port)];
  if (ipv6Bound) urls.push(websocketUrl('::1', port));
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv4') urls.push(websocketUrl(info.address, port));
      else if (ipv6Bound && info.scopeid === 0 && !info.address.toLowerCase().startsWith('fe80:')) {
        urls.push(websocketUrl(info.address, port));
      }
    }
  }
  return [...new Set(urls)];
}
