/**
 * The part of a device's command path that shapes what the hardware sees (reference-server.md
 * §8 items 1–3): an output identical to the feature's previous one is dropped, and within one
 * message-gap window a newer packet replaces a queued one with the same coalescing id.
 */
import type { Hardware } from '../../src/hardware/types.ts';
import type { HardwareCommand, HardwareOutput, ProtocolHandler } from '../../protocols/kit/types.ts';

function sameOutput(a: HardwareOutput, b: HardwareOutput): boolean {
  return a.output === b.output && a.value === b.value && a.duration === b.duration;
}

/** Whether a newer command supersedes a queued one (same kind, same coalescing id). */
function overlaps(newer: HardwareCommand, queued: HardwareCommand): boolean {
  return newer.kind === queued.kind && newer.commandId === queued.commandId;
}

export class OutputPipeline {
  private readonly lastOutput = new Map<string, HardwareOutput>();
  private pending: HardwareCommand[] = [];

  constructor(
    private readonly handler: ProtocolHandler,
    private readonly hardware: Hardware,
  ) {}

  /** Runs one output through de-dup and the protocol, queueing its packets for the next flush. */
  submit(command: HardwareOutput): void {
    const last = this.lastOutput.get(command.featureId);
    if (last && sameOutput(last, command)) return;
    this.lastOutput.set(command.featureId, command);
    this.enqueue(this.handler.output(command));
  }

  /** Sends the queued packets in order (the end of the message-gap window). */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    for (const command of batch) {
      if (command.kind === 'write') await this.hardware.write(command.endpoint, command.data, command.withResponse);
      else if (command.kind === 'subscribe') await this.hardware.subscribe(command.endpoint);
      else await this.hardware.unsubscribe(command.endpoint);
    }
  }

  /**
   * Like the reference device task: the first batch of a window is queued as is; each command of
   * a later batch removes the queued commands it overlaps and goes to the back.
   */
  private enqueue(batch: readonly HardwareCommand[]): void {
    if (this.pending.length === 0) {
      this.pending.push(...batch);
      return;
    }
    for (const command of batch) {
      this.pending = this.pending.filter((queued) => !overlaps(command, queued));
      this.pending.push(command);
    }
  }
}
