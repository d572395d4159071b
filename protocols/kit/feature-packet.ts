/**
 * Protocols whose packet is one function of a single feature's output (a checksum, a value
 * encoded twice, a byte that depends on the value): `encode` builds the bytes, this module does
 * the rest (setup writes, one write per feature coalesced by the feature id, keepalive).
 */
import type { Endpoint } from '../../src/hardware/types.ts';
import { defineProtocol } from './define.ts';
import { type InitWrite, sendInitWrites } from './packet-table.ts';
import type { HardwareCommand, HardwareOutput, KeepaliveStrategy, Protocol, ProtocolHandler } from './types.ts';

export interface FeaturePacketSpec {
  /** The bytes for one output; throws a device error (e.g. `unsupportedOutput`) for what it cannot send. */
  readonly encode: (command: HardwareOutput) => readonly number[];
  /** Default: tx. */
  readonly endpoint?: Endpoint;
  /** Default: false. */
  readonly withResponse?: boolean;
  readonly init?: readonly InitWrite[];
  readonly keepalive?: KeepaliveStrategy;
}

export function createFeaturePacketHandler(spec: FeaturePacketSpec): ProtocolHandler {
  const { encode, endpoint = 'tx', withResponse = false, keepalive = { kind: 'none' } } = spec;
  return {
    keepalive,
    output(command): HardwareCommand[] {
      const data = Uint8Array.from(encode(command));
      return [{ kind: 'write', endpoint, data, withResponse, commandId: command.featureId }];
    },
  };
}

/** Name-based identification, the setup writes, then one `encode`d packet per output. */
export function featurePacketProtocol(name: string, spec: FeaturePacketSpec): Protocol {
  return defineProtocol({
    name,
    async initialize({ hardware }) {
      await sendInitWrites(hardware, spec.init ?? []);
      return createFeaturePacketHandler(spec);
    },
  });
}
