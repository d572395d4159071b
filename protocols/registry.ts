/**
 * Every implemented protocol by its device-config name. A new protocol is one more entry here:
 * a table row in table-protocols.ts, or a module exporting a `Protocol`.
 */
import { kiirooV2Protocol } from './kiiroo-v2.ts';
import { lovenseProtocol } from './lovense/index.ts';
import { packetProtocol } from './packet-table.ts';
import { satisfyerProtocol } from './satisfyer.ts';
import { TABLE_PROTOCOLS } from './table-protocols.ts';
import { tcodeV03Protocol } from './tcode-v03.ts';
import type { Protocol } from './types.ts';
import { vorzeSaProtocol } from './vorze-sa.ts';
import { weVibeChorusProtocol, weVibeProtocol4Bit, weVibeProtocol8Bit } from './wevibe.ts';

const PROTOCOLS: readonly Protocol[] = [
  lovenseProtocol,
  weVibeProtocol4Bit,
  weVibeProtocol8Bit,
  weVibeChorusProtocol,
  satisfyerProtocol,
  kiirooV2Protocol,
  tcodeV03Protocol,
  vorzeSaProtocol,
  ...TABLE_PROTOCOLS.map(packetProtocol),
];

function indexByName(protocols: readonly Protocol[]): ReadonlyMap<string, Protocol> {
  const byName = new Map<string, Protocol>();
  for (const protocol of protocols) {
    if (byName.has(protocol.name)) throw new Error(`protocol registry: "${protocol.name}" is registered twice`);
    byName.set(protocol.name, protocol);
  }
  return byName;
}

const BY_NAME = indexByName(PROTOCOLS);

export function protocolFor(name: string): Protocol | undefined {
  return BY_NAME.get(name);
}

/** Names of every implemented protocol, sorted. */
export function implementedProtocols(): string[] {
  return [...BY_NAME.keys()].sort();
}
