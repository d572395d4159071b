/**
 * The handler of a stroker that takes only HwPositionWithDuration and picks its speed from the
 * move: it remembers the previous position (0 before the first move) and writes one packet on tx.
 */
import type { HardwareCommand, ProtocolHandler } from './types.ts';
import { toByte, unsupportedOutput } from './values.ts';

export interface StrokePacket {
  /** The bytes for a move from position `from` to `to` (both bytes) in `durationMs`. */
  readonly encode: (from: number, to: number, durationMs: number) => Uint8Array;
  readonly withResponse: boolean;
}

export function createStrokeHandler(protocol: string, { encode, withResponse }: StrokePacket): ProtocolHandler {
  let previousPosition = 0;
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      if (command.output !== 'HwPositionWithDuration') throw unsupportedOutput(protocol, command);
      const position = toByte(protocol, command.value, 'position');
      const data = encode(previousPosition, position, command.duration ?? 0);
      previousPosition = position;
      return [{ kind: 'write', endpoint: 'tx', data, withResponse, commandId: command.featureId }];
    },
  };
}
