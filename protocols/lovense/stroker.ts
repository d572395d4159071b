/**
 * Lovense strokers (Solace, Solace Pro). Oscillation is `Mply:<speed>:20;` (the Solace wants
 * `Mply:0:0;` to stop). Position moves are not sent directly: a background task steps toward the
 * target with one `FSetSite:<pos>;` per tick, spreading the move over the requested duration.
 */
import type { Hardware } from '../../src/hardware/types.ts';
import type { HardwareCommand, HardwareOutput, ProtocolHandler } from '../kit/types.ts';
import { ascii, unsupportedOutput } from '../kit/values.ts';
import { LOVENSE, lovenseWrite } from './handlers.ts';

/** The stroke range the oscillation command asks for. */
const FULL_RANGE = 20;

/**
 * Where the stroker is and where it is going. `step()` advances one tick and returns the new
 * position, or undefined when there is nothing to do.
 */
export class StrokerMotion {
  private position = 0;
  private goal = 0;
  private stepSize = 0;

  constructor(private readonly tickMs: number) {}

  /** A new target. The same target again keeps the current move (as in the reference). */
  target(goal: number, durationMs: number): void {
    if (goal === this.goal) return;
    this.goal = goal;
    const ticks = Math.max(1, Math.floor(durationMs / this.tickMs));
    const step = Math.trunc((goal - this.position) / ticks);
    // The reference can compute a step of 0 and then never arrive; always make progress.
    this.stepSize = step !== 0 ? step : Math.sign(goal - this.position);
  }

  get moving(): boolean {
    return this.position !== this.goal;
  }

  step(): number | undefined {
    if (!this.moving) return undefined;
    const next = this.position + this.stepSize;
    this.position = this.stepSize < 0 ? Math.max(next, this.goal) : Math.min(next, this.goal);
    return this.position;
  }
}

export class LovenseStroker implements ProtocolHandler {
  readonly keepalive = { kind: 'none' } as const;
  private readonly motion: StrokerMotion;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing = false;
  private disposed = false;

  /** `zeroRangeOnStop`: the Solace (`H`) stops only with a zero range. */
  constructor(
    private readonly hardware: Hardware,
    private readonly zeroRangeOnStop: boolean,
    private readonly tickMs: number,
  ) {
    this.motion = new StrokerMotion(tickMs);
  }

  output(command: HardwareOutput): HardwareCommand[] {
    if (command.output === 'Oscillate') {
      const range = command.value === 0 && this.zeroRangeOnStop ? 0 : FULL_RANGE;
      return [lovenseWrite(`Mply:${command.value}:${range};`, command.featureId)];
    }
    if (command.output === 'HwPositionWithDuration') {
      this.motion.target(command.value, command.duration ?? 0);
      this.schedule(0);
      return [];
    }
    throw unsupportedOutput(LOVENSE, command);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.writing || this.disposed || !this.motion.moving) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    const position = this.motion.step();
    if (position === undefined || this.disposed) return;
    this.writing = true;
    try {
      await this.hardware.write('tx', ascii(`FSetSite:${position};`), false);
    } catch {
      // The hardware is gone; the task ends like the reference's.
      this.dispose();
      return;
    } finally {
      this.writing = false;
    }
    this.schedule(this.tickMs);
  }
}
