/**
 * Protocols whose one packet carries every motor's current value (a mode byte for two on/off
 * motors, one speed picked from two, a scrambled packet with both speeds): `encode` builds the
 * bytes from all slot values, this module keeps the values (kit/slot-values.ts) and coalesces
 * the packets under one id for the whole device.
 */
import type { DeviceDefinition, OutputType } from '../../src/devices/features.ts';
import type { Endpoint } from '../../src/hardware/types.ts';
import { defineProtocol } from './define.ts';
import { createSlotValues } from './slot-values.ts';
import type { HardwareCommand, Protocol, ProtocolHandler } from './types.ts';

export interface DevicePacketSpec {
  /** The outputs the packet carries; their features are the slots, in index order. */
  readonly outputs: readonly OutputType[];
  /** The packet for every slot's current value; throws a device error for what it cannot send. */
  readonly encode: (values: readonly number[]) => ArrayLike<number>;
  /** The packet's number of slots (default: one per feature with a listed output). */
  readonly slots?: number;
  /** Default: tx. */
  readonly endpoint?: Endpoint;
  /** Default: false. */
  readonly withResponse?: boolean;
}

export function createDevicePacketHandler(protocol: string, definition: DeviceDefinition, spec: DevicePacketSpec): ProtocolHandler {
  const { encode, endpoint = 'tx', withResponse = false } = spec;
  const values = createSlotValues(protocol, definition, spec.outputs, spec.slots);
  const commandId = `${protocol}:device`;
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      const data = Uint8Array.from(encode(values.update(command)));
      return [{ kind: 'write', endpoint, data, withResponse, commandId }];
    },
  };
}

/** Name-based identification and one whole-device packet per command. */
export function devicePacketProtocol(name: string, spec: DevicePacketSpec): Protocol {
  return defineProtocol({
    name,
    async initialize({ definition }) {
      return createDevicePacketHandler(name, definition, spec);
    },
  });
}
