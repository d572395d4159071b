/**
 * One device's command pipeline: client steps → hardware steps → de-dup → protocol encode →
 * coalesce → hardware, plus stop (ahead of the queue), inputs, keepalive and hardware errors.
 */
import { EMPTY, ReplaySubject, Subject, asyncScheduler, map, takeUntil, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { HardwareCommand, HardwareOutput, InputReadingEvent, ProtocolHandler } from '../../protocols/kit/types.ts';
import type { OutputCommand } from '../devices/commands.ts';
import type { DeviceDefinition, FeatureDefinition, InputType } from '../devices/features.ts';
import { toHardwareValue } from '../devices/ranges.ts';
import type { Endpoint, Hardware } from '../hardware/types.ts';
import { deviceError, messageError } from '../errors.ts';
import { createCoalescer, mergeBatch } from './coalesce.ts';
import { RAW_COMMAND_PREFIX } from './hardware-writer.ts';
import { createOutputDedup } from './dedup.ts';
import { keepaliveTicks } from './keepalive.ts';
import { stopOutput } from './stop-outputs.ts';

/** Where the default battery read looks: the BLE Battery Service level characteristic. */
export const BATTERY_ENDPOINT = 'rxblebattery';
export const BATTERY_READ_TIMEOUT_MS = 500;

/** The subset of a pino logger the driver uses. */
export interface DriverLog {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface DeviceDriverOptions {
  readonly hardware: Hardware;
  readonly handler: ProtocolHandler;
  readonly definition: DeviceDefinition;
  /** The effective gap: the definition's messageGapMs, else the hardware default, else 0. */
  readonly messageGapMs: number;
  readonly scheduler?: SchedulerLike;
  readonly log?: DriverLog;
}

export interface StopOptions {
  /** Only this feature; absent: every feature. */
  readonly featureIndex?: number;
  /** Send stop outputs (default true). */
  readonly outputs?: boolean;
  /** Unsubscribe active input subscriptions (default true). */
  readonly inputs?: boolean;
  /** Write every stop packet even where de-dup would skip it (session end, ping-out, errors). */
  readonly force?: boolean;
}

export interface DeviceDriver {
  /**
   * Call once after creation. Keepalive (`repeatLastWrite`) protocols get a forced stop here, so
   * the device's first packet is all-off and the keepalive has something to repeat. Other
   * protocols: nothing happens. Never rejects (hardware failures go to `errors`).
   */
  start(): Promise<void>;
  /**
   * Queues output commands (already validated against the advertised range). Returns once they
   * are queued. A protocol error (ButtplugError) is thrown synchronously: commands before the
   * failing one stay queued, later ones are dropped.
   */
  output(commands: readonly OutputCommand[]): void;
  /**
   * Queues a raw client write (spec v2/v3 RawWriteCmd) behind the queued protocol writes, so the
   * device gets the bytes in the order the client sent its commands. Its own commandId means no
   * later command coalesces it away, and keepalive never repeats it.
   */
  rawWrite(endpoint: Endpoint, data: Uint8Array, withResponse: boolean): void;
  /**
   * Writes stop outputs at once, ahead of anything queued (pending commands of the stopped
   * features are dropped), then unsubscribes inputs. Resolves once the writes settled; never
   * rejects.
   */
  stop(options?: StopOptions): Promise<void>;
  /** Reads an input; failures reject with a device error (code 4) naming the device. */
  readInput(featureIndex: number, input: InputType): Promise<number>;
  /** Subscribes an input; a repeated subscribe is a no-op. Unsupported → device error. */
  subscribe(featureIndex: number, input: InputType): Promise<void>;
  /** Ends a subscription; a no-op when not subscribed. Unsupported → device error. */
  unsubscribe(featureIndex: number, input: InputType): Promise<void>;
  /** Unsolicited readings of subscribed inputs; completes on dispose. */
  readonly readings: Observable<InputReadingEvent>;
  /** Hardware failures (as device errors); completes on dispose. */
  readonly errors: Observable<Error>;
  /** Stops timers, completes the streams, disposes the protocol handler; nothing is written afterwards. */
  dispose(): void;
}

interface ActiveSubscription {
  readonly featureIndex: number;
  readonly input: InputType;
  /** Settles when the handler finished subscribing. */
  readonly ready: Promise<void>;
}

export function createDeviceDriver(options: DeviceDriverOptions): DeviceDriver {
  const { hardware, handler, definition, log } = options;
  const scheduler = options.scheduler ?? asyncScheduler;
  const deviceName = `device "${definition.displayName ?? definition.name}"`;
  const coalescer = createCoalescer({ hardware, gapMs: options.messageGapMs, scheduler });
  const dedup = createOutputDedup();
  const subscriptions = new Map<string, ActiveSubscription>();
  const errors = new Subject<Error>();
  // Replays, so a subscriber to `readings` after dispose completes at once.
  const disposed$ = new ReplaySubject<void>(1);
  const background: Subscription[] = [];
  let disposed = false;
  let rawWrites = 0;

  const report = (error: Error): void => {
    if (disposed) return;
    log?.warn({ device: definition.name, address: hardware.address, err: error }, 'device pipeline error');
    errors.next(error);
  };

  background.push(
    coalescer.errors
      .pipe(map((failure) => deviceError(`${deviceName}: ${failure.message}`)))
      .subscribe(report),
  );
  if (handler.keepalive.kind === 'repeatLastWrite') {
    background.push(
      keepaliveTicks(coalescer.written, handler.keepalive.intervalMs, scheduler).subscribe(() =>
        coalescer.repeatLastWrite(),
      ),
    );
  }

  function featureAt(featureIndex: number): FeatureDefinition | undefined {
    return definition.features.find((feature) => feature.index === featureIndex);
  }

  function toHardwareOutput(command: OutputCommand): HardwareOutput {
    const feature = featureAt(command.featureIndex);
    const spec = feature?.outputs[command.output];
    if (!feature || !spec) {
      throw messageError(`${deviceName} has no ${command.output} output on feature ${command.featureIndex}`);
    }
    return {
      featureIndex: feature.index,
      featureId: feature.id,
      output: command.output,
      value: toHardwareValue(spec, command.output, command.value),
      ...(command.duration !== undefined ? { duration: command.duration } : {}),
    };
  }

  function stopBatches(features: readonly FeatureDefinition[], force: boolean): HardwareCommand[][] {
    const batches: HardwareCommand[][] = [];
    for (const feature of features) {
      const output = stopOutput(feature);
      if (!output || (!force && dedup.isRepeat(output))) continue;
      try {
        batches.push(handler.output(output));
        dedup.accept(output);
      } catch (error) {
        report(deviceError(`${deviceName}: stopping feature ${feature.index} failed: ${reason(error)}`));
      }
    }
    return batches;
  }

  async function unsubscribeQuietly(subscription: ActiveSubscription): Promise<void> {
    try {
      await driver.unsubscribe(subscription.featureIndex, subscription.input);
    } catch (error) {
      report(error instanceof Error ? error : deviceError(String(error)));
    }
  }

  const driver: DeviceDriver = {
    async start() {
      if (handler.keepalive.kind === 'repeatLastWrite') {
        await driver.stop({ outputs: true, inputs: false, force: true });
      }
    },

    output(commands) {
      if (disposed) throw deviceError(`${deviceName} is no longer connected`);
      const ordered = [...commands].sort((a, b) => a.featureIndex - b.featureIndex);
      for (const command of ordered) {
        const output = toHardwareOutput(command);
        if (dedup.isRepeat(output)) {
          log?.debug({ device: definition.name, output }, 'output unchanged; nothing sent');
          continue;
        }
        const batch = handler.output(output);
        dedup.accept(output);
        coalescer.enqueue(batch);
      }
    },

    rawWrite(endpoint, data, withResponse) {
      if (disposed) throw deviceError(`${deviceName} is no longer connected`);
      rawWrites += 1;
      coalescer.enqueue([{ kind: 'write', endpoint, data, withResponse, commandId: `${RAW_COMMAND_PREFIX}${rawWrites}` }]);
    },

    async stop({ featureIndex, outputs = true, inputs = true, force = false } = {}) {
      if (disposed) return;
      const features =
        featureIndex === undefined
          ? definition.features
          : definition.features.filter((feature) => feature.index === featureIndex);
      if (outputs) {
        // Stops of several features may share a whole-device commandId: keep the newest.
        const commands = stopBatches(features, force).reduce<HardwareCommand[]>(mergeBatch, []);
        await coalescer.writeNow(commands);
      }
      if (inputs) {
        const stopped = new Set(features.map((feature) => feature.index));
        for (const subscription of [...subscriptions.values()]) {
          if (stopped.has(subscription.featureIndex)) await unsubscribeQuietly(subscription);
        }
      }
    },

    async readInput(featureIndex, input) {
      if (disposed) throw deviceError(`${deviceName} is no longer connected`);
      try {
        if (handler.readInput) return await handler.readInput(hardware, featureIndex, input);
        return await readBatteryDefault(input);
      } catch (error) {
        throw deviceError(`${deviceName}: reading ${input} of feature ${featureIndex} failed: ${reason(error)}`);
      }
    },

    subscribe(featureIndex, input) {
      const subscribeInput = handler.subscribeInput;
      if (!subscribeInput) {
        return Promise.reject(deviceError(`${deviceName} cannot subscribe to ${input} on feature ${featureIndex}`));
      }
      if (disposed) return Promise.reject(deviceError(`${deviceName} is no longer connected`));
      const key = subscriptionKey(featureIndex, input);
      const existing = subscriptions.get(key);
      if (existing) return existing.ready;
      // The executor turns a synchronous throw of the handler into a rejection.
      const ready = new Promise<void>((resolve) => resolve(subscribeInput.call(handler, hardware, featureIndex, input))).catch((error: unknown) => {
        if (subscriptions.get(key)?.ready === ready) subscriptions.delete(key);
        throw deviceError(`${deviceName}: subscribing to ${input} on feature ${featureIndex} failed: ${reason(error)}`);
      });
      subscriptions.set(key, { featureIndex, input, ready });
      return ready;
    },

    async unsubscribe(featureIndex, input) {
      const unsubscribeInput = handler.unsubscribeInput;
      if (!unsubscribeInput) {
        throw deviceError(`${deviceName} cannot unsubscribe from ${input} on feature ${featureIndex}`);
      }
      const key = subscriptionKey(featureIndex, input);
      const subscription = subscriptions.get(key);
      if (!subscription || disposed) return;
      subscriptions.delete(key);
      // A subscribe still under way must finish before it can be undone; if it failed, there is nothing to undo.
      const subscribed = await subscription.ready.then(
        () => true,
        () => false,
      );
      if (!subscribed) return;
      try {
        await unsubscribeInput.call(handler, hardware, featureIndex, input);
      } catch (error) {
        throw deviceError(`${deviceName}: unsubscribing from ${input} on feature ${featureIndex} failed: ${reason(error)}`);
      }
    },

    readings: (handler.readings ?? EMPTY).pipe(takeUntil(disposed$)),
    errors: errors.asObservable(),

    dispose() {
      if (disposed) return;
      disposed = true;
      for (const subscription of background) subscription.unsubscribe();
      coalescer.dispose();
      subscriptions.clear();
      disposed$.next();
      disposed$.complete();
      errors.complete();
      handler.dispose?.();
    },
  };

  async function readBatteryDefault(input: InputType): Promise<number> {
    if (input !== 'Battery') throw new Error(`the protocol cannot read ${input}`);
    if (!hardware.endpoints.includes(BATTERY_ENDPOINT)) {
      throw new Error(`the hardware has no ${BATTERY_ENDPOINT} endpoint`);
    }
    const data = await hardware.read(BATTERY_ENDPOINT, 1, BATTERY_READ_TIMEOUT_MS);
    if (data.length < 1) throw new Error(`${BATTERY_ENDPOINT} returned no data`);
    return data[0];
  }

  return driver;
}

function subscriptionKey(featureIndex: number, input: InputType): string {
  return `${featureIndex}/${input}`;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
