/**
 * Table-driven packets. Most protocols send a fixed header, one group of bytes per value and a
 * fixed footer; a table row says which bytes, where they go and how they coalesce, and this module
 * turns a row into a handler. Code is only needed where a protocol has real logic.
 */
import type { DeviceDefinition, OutputType } from '../../src/devices/features.ts';
import type { Endpoint, Hardware } from '../../src/hardware/types.ts';
import { defineProtocol } from './define.ts';
import { createSlotValues, slotMap } from './slot-values.ts';
import type { HardwareCommand, HardwareOutput, KeepaliveStrategy, Protocol, ProtocolHandler } from './types.ts';
import { toByte, toSignMagnitudeByte, unsupportedOutput } from './values.ts';

/** One byte of a value group. */
export type PacketByte =
  /** A literal byte. */
  | number
  /** The value as an unsigned byte. */
  | 'value'
  /** Bit 7 set when the value is ≥ 0 (clockwise), magnitude in bits 0–6. */
  | 'signMagnitude'
  /** offset + the slot number (whole-device packets) or the feature index (per-feature packets). */
  | { readonly indexPlus: number };

export interface PacketLayout {
  readonly header: readonly number[];
  /** Repeated once per value: once for per-feature packets, once per slot for whole-device ones. */
  readonly perValue: readonly PacketByte[];
  readonly footer: readonly number[];
}

export type PacketScope =
  /** One packet per commanded feature, coalesced by the feature id. */
  | { readonly kind: 'feature' }
  /**
   * One packet carrying every slot's current value, coalesced by one constant id. Slots are the
   * features with a row output, in index order; `slots` fixes their number (missing ones are 0,
   * or copy slot 0 with `missingSlots: 'copyFirst'`).
   */
  | {
      readonly kind: 'device';
      readonly commandId: string;
      readonly slots: number | 'outputFeatures';
      readonly missingSlots?: 'zero' | 'copyFirst';
    };

export interface PacketTableRow {
  /** Output types this packet carries. */
  readonly outputs: readonly OutputType[];
  /** Default: tx. */
  readonly endpoint?: Endpoint;
  /** Default: false. */
  readonly withResponse?: boolean;
  readonly layout: PacketLayout;
  /** Default: one packet per feature. */
  readonly scope?: PacketScope;
}

export interface InitWrite {
  readonly endpoint: Endpoint;
  readonly data: readonly number[];
  readonly withResponse: boolean;
}

/** A whole protocol that is only a table row (plus optional setup writes). */
export interface PacketProtocolRow extends PacketTableRow {
  readonly init?: readonly InitWrite[];
  readonly keepalive?: KeepaliveStrategy;
}

function encodeByte(protocol: string, spec: PacketByte, value: number, index: number): number {
  if (typeof spec === 'number') return spec;
  if (spec === 'value') return toByte(protocol, value);
  if (spec === 'signMagnitude') return toSignMagnitudeByte(protocol, value);
  return toByte(protocol, spec.indexPlus + index, 'index byte');
}

/** header + perValue for each value (with its index) + footer. */
export function encodePacket(
  protocol: string,
  layout: PacketLayout,
  values: readonly { readonly value: number; readonly index: number }[],
): Uint8Array {
  const bytes: number[] = [...layout.header];
  for (const { value, index } of values) {
    for (const spec of layout.perValue) bytes.push(encodeByte(protocol, spec, value, index));
  }
  bytes.push(...layout.footer);
  return Uint8Array.from(bytes);
}

/** A handler for one table row, with its own slot state. */
export function createPacketHandler(
  protocol: string,
  row: PacketTableRow,
  definition: DeviceDefinition,
  keepalive: KeepaliveStrategy = { kind: 'none' },
): ProtocolHandler {
  const { scope = { kind: 'feature' }, endpoint = 'tx', withResponse = false } = row;
  if (scope.kind === 'feature') {
    return {
      keepalive,
      output(command: HardwareOutput): HardwareCommand[] {
        if (!row.outputs.includes(command.output)) throw unsupportedOutput(protocol, command);
        const data = encodePacket(protocol, row.layout, [{ value: command.value, index: command.featureIndex }]);
        return [{ kind: 'write', endpoint, data, withResponse, commandId: command.featureId }];
      },
    };
  }

  const slots = createSlotValues(protocol, definition, row.outputs, scope.slots === 'outputFeatures' ? undefined : scope.slots);
  const used = slotMap(definition, row.outputs).size;
  return {
    keepalive,
    output(command: HardwareOutput): HardwareCommand[] {
      const values = slots.update(command);
      const filled = values.map((value, index) => (index >= used && scope.missingSlots === 'copyFirst' ? values[0] : value));
      const data = encodePacket(
        protocol,
        row.layout,
        filled.map((value, index) => ({ value, index })),
      );
      return [{ kind: 'write', endpoint, data, withResponse, commandId: scope.commandId }];
    },
  };
}

export async function sendInitWrites(hardware: Hardware, writes: readonly InitWrite[]): Promise<void> {
  for (const write of writes) {
    await hardware.write(write.endpoint, Uint8Array.from(write.data), write.withResponse);
  }
}

/** A protocol that is a table row: name-based identification, optional setup writes, the row's packets. */
export function packetProtocol(name: string, row: PacketProtocolRow): Protocol {
  return defineProtocol({
    name,
    async initialize({ hardware, definition }) {
      await sendInitWrites(hardware, row.init ?? []);
      return createPacketHandler(name, row, definition, row.keepalive);
    },
  });
}
