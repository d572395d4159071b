/** Timing of the Lovense exchanges; defaults are the reference's. */
export interface LovenseOptions {
  /** How long to wait for the `DeviceType;` reply before asking again. */
  readonly deviceTypeTimeoutMs: number;
  /** How many times to ask again before falling back to the advertised name (6 writes in all). */
  readonly deviceTypeRetries: number;
  /**
   * How long a battery read waits for a parsable reply. The reference waits until the device
   * disconnects; a bound keeps a silent device from stalling the client that asked.
   */
  readonly batteryTimeoutMs: number;
  /** Interval of the Solace Pro position task. */
  readonly strokerTickMs: number;
}

export const LOVENSE_DEFAULTS: LovenseOptions = {
  deviceTypeTimeoutMs: 500,
  deviceTypeRetries: 5,
  batteryTimeoutMs: 5000,
  strokerTickMs: 100,
};
