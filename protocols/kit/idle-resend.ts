/**
 * Resends a packet once the device has heard nothing for an interval, for devices that stop or
 * drop the connection without steady traffic (hgod every 100 ms, honeyplaybox after 500 ms).
 * The packet is built at each resend, so it carries the current state; none means nothing to
 * send until the next `restart`. Resends go straight to the hardware, like the reference's
 * background loops; a failed write (the device is gone) ends them.
 */
import type { Endpoint, Hardware } from '../../src/hardware/types.ts';

export interface ResendPacket {
  readonly endpoint: Endpoint;
  readonly data: Uint8Array;
  readonly withResponse: boolean;
}

export class IdleResender {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly hardware: Hardware,
    private readonly intervalMs: number,
    private readonly packet: () => ResendPacket | undefined,
  ) {}

  /** Something was just sent: the next resend is one interval from now. */
  restart(): void {
    this.pause();
    if (!this.disposed) this.timer = setTimeout(() => void this.resend(), this.intervalMs);
  }

  /** No resend until the next restart. */
  pause(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.pause();
  }

  private async resend(): Promise<void> {
    this.timer = undefined;
    const packet = this.packet();
    if (!packet || this.disposed) return;
    try {
      await this.hardware.write(packet.endpoint, packet.data, packet.withResponse);
    } catch {
      this.dispose();
      return;
    }
    // A command sent meanwhile has already restarted the interval.
    if (this.timer === undefined) this.restart();
  }
}
