/**
 * Every implemented protocol by its device-config name. The list comes from the files in
 * `protocols/` (see kit/protocol-list.ts); protocols of the bundled config that this server
 * deliberately does not implement are named below with the reason.
 */
import { ALL_PROTOCOLS } from './all.ts';
import type { Protocol } from './kit/types.ts';

/** Config protocols without an implementation here, and why. */
export const NOT_IMPLEMENTED: Readonly<Record<string, string>> = {
  xinput: 'XInput game controllers exist only on Windows, and plugstate has no XInput manager',
  'lovense-connect-service': 'needs the Lovense Connect manager, which plugstate does not have yet',
  realtouch:
    'neither the reference code nor the stpihkal documentation describes the RealTouch protocol (stpihkal/video-encoding-formats/realtouch.md: "Format: Unknown")',
};

function indexByName(protocols: readonly Protocol[]): ReadonlyMap<string, Protocol> {
  const byName = new Map<string, Protocol>();
  for (const protocol of protocols) {
    if (byName.has(protocol.name)) throw new Error(`protocol registry: "${protocol.name}" is registered twice`);
    byName.set(protocol.name, protocol);
  }
  return byName;
}

const BY_NAME = indexByName(ALL_PROTOCOLS);

export function protocolFor(name: string): Protocol | undefined {
  return BY_NAME.get(name);
}

/** Names of every implemented protocol, sorted. */
export function implementedProtocols(): string[] {
  return [...BY_NAME.keys()].sort();
}
