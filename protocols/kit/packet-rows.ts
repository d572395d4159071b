/**
 * Protocols whose packet differs per output type (a vibration packet, a rotation packet, …):
 * one table row per output type, and the command goes to the row that carries its output.
 */
import type { DeviceDefinition } from '../../src/devices/features.ts';
import { defineProtocol } from './define.ts';
import { createPacketHandler, type InitWrite, type PacketTableRow, sendInitWrites } from './packet-table.ts';
import type { HardwareCommand, KeepaliveStrategy, Protocol, ProtocolHandler } from './types.ts';
import { unsupportedOutput } from './values.ts';

export interface OutputRow extends PacketTableRow {
  /**
   * The device has no direction for this output: a signed value (a counter-clockwise legacy
   * RotateCmd) is sent as its magnitude.
   */
  readonly magnitudeOnly?: boolean;
}

export interface PacketRowsOptions {
  readonly init?: readonly InitWrite[];
  readonly keepalive?: KeepaliveStrategy;
}

export function createRowsHandler(
  protocol: string,
  rows: readonly OutputRow[],
  definition: DeviceDefinition,
  keepalive: KeepaliveStrategy = { kind: 'none' },
): ProtocolHandler {
  const handlers = rows.map((row) => ({ row, handler: createPacketHandler(protocol, row, definition) }));
  return {
    keepalive,
    output(command): HardwareCommand[] {
      const match = handlers.find(({ row }) => row.outputs.includes(command.output));
      if (!match) throw unsupportedOutput(protocol, command);
      const value = match.row.magnitudeOnly ? Math.abs(command.value) : command.value;
      return match.handler.output({ ...command, value });
    },
  };
}

/** A protocol that is one table row per output type, with optional setup writes and keepalive. */
export function packetRowsProtocol(name: string, rows: readonly OutputRow[], options: PacketRowsOptions = {}): Protocol {
  return defineProtocol({
    name,
    async initialize({ hardware, definition }) {
      await sendInitWrites(hardware, options.init ?? []);
      return createRowsHandler(name, rows, definition, options.keepalive);
    },
  });
}
