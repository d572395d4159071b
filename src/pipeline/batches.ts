/**
 * Pure rules for a device's queued hardware commands: which commands make an earlier one
 * pointless (coalescing), raw client writes that nothing may coalesce away, and when two outputs
 * are the same (de-duplication).
 */
import type { HardwareCommand, HardwareOutput } from '../../protocols/kit/types.ts';

export type WriteCommand = Extract<HardwareCommand, { kind: 'write' }>;

/** commandId prefix of raw client writes (spec v2/v3 RawWriteCmd). */
const RAW_COMMAND_PREFIX = 'raw:';

/** The commandId of the n-th raw client write: unique, so no later command coalesces it away. */
export function rawWriteId(n: number): string {
  return `${RAW_COMMAND_PREFIX}${n}`;
}

/** A raw client write: one-shot bytes, so keepalive never repeats it. */
export function isRawWrite(command: HardwareCommand): boolean {
  return command.kind === 'write' && command.commandId.startsWith(RAW_COMMAND_PREFIX);
}

/** Same kind and same commandId: the later command makes the earlier one pointless. */
export function overlaps(a: HardwareCommand, b: HardwareCommand): boolean {
  return a.kind === b.kind && a.commandId === b.commandId;
}

export function withoutOverlaps(commands: readonly HardwareCommand[], newer: readonly HardwareCommand[]): HardwareCommand[] {
  return commands.filter((command) => !newer.some((other) => overlaps(command, other)));
}

/**
 * Adds a batch (the commands of one output) to a queue: queued commands the batch overlaps are
 * removed, then the batch is appended whole (a batch never de-duplicates itself).
 */
export function mergeBatch(queued: readonly HardwareCommand[], batch: readonly HardwareCommand[]): HardwareCommand[] {
  return [...withoutOverlaps(queued, batch), ...batch];
}

/** An output equal to the last one accepted for its feature is not sent again (reference #20). */
export function sameOutput(a: HardwareOutput, b: HardwareOutput): boolean {
  return a.output === b.output && a.value === b.value && a.duration === b.duration;
}
