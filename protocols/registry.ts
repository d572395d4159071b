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
    'its one feature (belt moves to a position over a time) needs the USB report that moves the belts, which no public source describes: the reference has no code for it, its protocol page says "Format: Unknown", and the public reverse engineering (librealtouch) documents only the version, serial, heat, lube and stop reports'
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
