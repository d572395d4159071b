/** Runs a task now and then every intervalMs until stopped, never two at once (timed-retry buses). */
export class Poller {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  get active(): boolean {
    return this.timer !== undefined;
  }

  /** Starts polling; resolves after the first run. */
  async start(): Promise<void> {
    if (this.timer !== undefined) return;
    // The task reports its own failures; a rejected run must not end the polling.
    this.timer = setInterval(() => this.runOnce().catch(() => undefined), this.intervalMs);
    await this.runOnce();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One run, or the one already under way. */
  runOnce(): Promise<void> {
    this.running ??= this.task().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
