/**
 * The real implementations of the device machine's injected actors: protocol choice and
 * connection, identification, initialization, the command pipeline, and release.
 */
import { fromCallback, fromPromise, type AnyActorRef, type EventObject } from 'xstate';
import type { Subscription } from 'rxjs';
import type { DeviceConfig } from '../config/device-config.ts';
import type { Protocol, ProtocolHandler } from '../../protocols/kit/types.ts';
import { createDeviceDriver, type DeviceDriver } from '../pipeline/device-driver.ts';
import { asButtplugError, ErrorCode } from '../errors.ts';
import type { Hardware, HardwareCandidate } from '../hardware/types.ts';
import type { DeviceDefinition, DeviceInfo, InputType } from '../devices/features.ts';
import type { Logger } from '../log/logger.ts';
import type { RawCommand } from '../devices/commands.ts';
import { createRawAccess, type RawAccess } from '../devices/raw-access.ts';
import type { DeviceCommandEvent, DeviceRawReadingEvent, DeviceReadingEvent, DeviceReplyEvent } from '../../machines/events.ts';
import type { ProtocolMatch, ConnectedHardware, DriveEvent, DriveInput, IdentifiedDevice } from '../../machines/device.ts';

export interface DeviceActorOptions {
  config: DeviceConfig;
  protocolFor: (name: string) => Protocol | undefined;
  log: Logger;
  /** Offer every hardware endpoint to spec v2/v3 Raw*Cmd (DeviceInfo.rawEndpoints). Default false. */
  allowRaw?: boolean;
}

/** Forced stops started when a device leaves `ready`; shutdown waits for them before disconnecting. */
const finalStops = new WeakMap<Hardware, Promise<void>>();
const SHUTDOWN_STEP_MS = 1000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

/** The enforced gap: the device's own, else the device config's, else the transport's default. */
export function messageGapOf(definitionGap: number | undefined, hardware: Hardware): number {
  return hardware.messageGapOverrideMs ?? definitionGap ?? hardware.defaultMessageGapMs ?? 0;
}

export function createDeviceActors({ config, protocolFor, log, allowRaw = false }: DeviceActorOptions) {
  const matchCandidate = fromPromise<readonly ProtocolMatch[], { candidate: HardwareCandidate }>(async ({ input }) => {
    const { candidate } = input;
    if (!config.addressAllowed(candidate.address)) {
      throw new Error(`${candidate.name} (${candidate.address}) is not allowed by the user device config`);
    }
    const matches = config.protocolsFor(candidate.specifier);
    if (matches.length === 0) throw new Error(`no protocol matches ${candidate.name}`);
    const usable = matches.filter((m) => protocolFor(m.protocol));
    if (usable.length === 0) {
      throw new Error(`${candidate.name} matches protocol ${matches[0].protocol}, which plugstate does not implement yet`);
    }
    return usable;
  });

  const connectHardware = fromPromise<ConnectedHardware, { candidate: HardwareCandidate; matches: readonly ProtocolMatch[] }>(async ({ input, signal }) => {
    const { candidate } = input;
    let lastError: unknown;
    for (const match of input.matches) {
      try {
        const hardware = await candidate.connect(match.specifier);
        if (signal.aborted) {
          // The device was given up (server closing) while connecting: nobody else will disconnect it.
          await withTimeout(hardware.disconnect(), SHUTDOWN_STEP_MS);
          throw new Error(`${candidate.name}: connection no longer wanted`);
        }
        return { hardware, protocol: match.protocol };
      } catch (error) {
        if (signal.aborted) throw error;
        lastError = error;
      }
    }
    throw new Error(`could not connect to ${candidate.name}: ${asButtplugError(lastError).message}`);
  });

  const identifyDevice = fromPromise<IdentifiedDevice, { candidate: HardwareCandidate; hardware: Hardware; protocol: string }>(
    async ({ input }) => {
      const protocol = protocolFor(input.protocol)!;
      const identifier = await protocol.identify({ hardware: input.hardware, candidate: input.candidate });
      const address = input.candidate.address;
      const configured = protocol.configurationProtocol?.(identifier) ?? input.protocol;
      // The index first: it records a user entry for a new device, which definition() then finds.
      const index = config.deviceIndex(configured, identifier, address);
      const definition = config.definition(configured, identifier, address);
      if (!definition) throw new Error(`no configuration of ${configured} fits ${input.candidate.name} (${identifier ?? 'no identifier'})`);
      const info: DeviceInfo = {
        index,
        name: definition.name,
        displayName: definition.displayName,
        messageTimingGap: messageGapOf(definition.messageGapMs, input.hardware),
        features: definition.features,
        // bp7's raw feature listed every endpoint of the device; so does this one.
        ...(allowRaw ? { rawEndpoints: [...input.hardware.endpoints] } : {}),
      };
      return { definition, info };
    },
  );

  const initializeDevice = fromPromise<ProtocolHandler, { hardware: Hardware; definition: DeviceDefinition; protocol: string }>(
    async ({ input }) => protocolFor(input.protocol)!.initialize({ hardware: input.hardware, definition: input.definition }),
  );

  const watchHardware = fromCallback<EventObject, { hardware: Hardware }>(({ input, sendBack }) => {
    // A broken `disconnected` stream counts as a disconnect (RxJS would rethrow it as uncaught).
    const gone = () => sendBack({ type: 'hardware.disconnected' });
    const subscription = input.hardware.disconnected.subscribe({ next: gone, error: gone });
    return () => subscription.unsubscribe();
  });

  const drive = fromCallback<DeviceCommandEvent, DriveInput>(({ input, receive, sendBack }) => {
    const { hardware, handler, definition, info } = input;
    /** Set once the hardware is gone: there is nothing left to stop then. */
    let hardwareGone = false;
    const driver: DeviceDriver = createDeviceDriver({
      hardware,
      handler,
      definition,
      messageGapMs: info.messageTimingGap,
      log,
    });
    const raw: RawAccess<AnyActorRef> = createRawAccess<AnyActorRef>({
      hardware,
      label: `device ${info.index} (${info.name})`,
      write: (endpoint, data, withResponse) => driver.rawWrite(endpoint, data, withResponse),
      deliver: (to, endpoint, data) =>
        to.send({ type: 'device.rawReading', reading: { deviceIndex: info.index, endpoint, data } } satisfies DeviceRawReadingEvent),
    });
    const subscribers = new Map<string, Set<AnyActorRef>>();
    const key = (featureIndex: number, type: InputType) => `${featureIndex}:${type}`;
    const subscriptions: Subscription[] = [
      hardware.disconnected.subscribe({
        next: () => {
          hardwareGone = true;
          sendBack({ type: 'hardware.disconnected' });
        },
        // The hardware may still be connected: fail, so it is stopped and disconnected.
        error: (error: unknown) => sendBack({ type: 'drive.failed', reason: `hardware failed: ${asButtplugError(error).message}` }),
      }),
      driver.errors.subscribe((error) => {
        log.warn({ device: info.index, err: error }, `device ${info.index} (${info.name}) failed: ${error.message}`);
        sendBack({ type: 'drive.failed', reason: error.message });
      }),
      driver.readings.subscribe((reading) => {
        const event: DeviceReadingEvent = { type: 'device.reading', reading: { ...reading, deviceIndex: info.index } };
        for (const ref of subscribers.get(key(reading.featureIndex, reading.input)) ?? []) ref.send(event);
      }),
    ];
    void driver.start().catch((error: unknown) => sendBack({ type: 'drive.failed', reason: asButtplugError(error).message }));
    try {
      hardware.announce?.({ index: info.index, name: info.name, protocol: definition.protocol });
    } catch (error) {
      // Only a courtesy notice (the bridge forwards it): the device stays usable.
      log.warn({ device: info.index, err: error }, `telling ${info.name} its index failed: ${asButtplugError(error).message}`);
    }

    const reply = (to: AnyActorRef, clientId: number, result: DeviceReplyEvent['result']) =>
      to.send({ type: 'device.reply', deviceIndex: info.index, clientId, result } satisfies DeviceReplyEvent);
    const fail = (to: AnyActorRef, clientId: number, error: unknown) =>
      reply(to, clientId, { kind: 'error', error: asButtplugError(error, ErrorCode.Device) });

    const runRaw = (command: RawCommand, to: AnyActorRef, clientId: number) => {
      const ok = () => reply(to, clientId, { kind: 'ok' });
      switch (command.operation) {
        case 'write':
          // Ok once queued, as for outputs (reference feature #22); hardware failures end the device.
          raw.write(command.endpoint, command.data, command.withResponse);
          ok();
          return;
        case 'read':
          raw.read(command.endpoint, command.length, command.timeoutMs).then(
            (data) => reply(to, clientId, { kind: 'raw', reading: { deviceIndex: info.index, endpoint: command.endpoint, data } }),
            (error) => fail(to, clientId, error),
          );
          return;
        case 'subscribe':
          raw.subscribe(command.endpoint, to).then(ok, (error) => fail(to, clientId, error));
          return;
        case 'unsubscribe':
          raw.unsubscribe(command.endpoint, to).then(ok, (error) => fail(to, clientId, error));
          return;
      }
    };

    receive((event) => {
      switch (event.type) {
        case 'device.outputs':
          try {
            driver.output(event.commands);
            reply(event.replyTo, event.clientId, { kind: 'ok' });
          } catch (error) {
            fail(event.replyTo, event.clientId, error);
          }
          return;
        case 'device.input': {
          const { featureIndex, input: type, replyTo, clientId } = event;
          if (event.command === 'Read') {
            driver.readInput(featureIndex, type).then(
              (value) =>
                reply(replyTo, clientId, {
                  kind: 'reading',
                  reading: { deviceIndex: info.index, featureIndex, input: type, value },
                  reply: event.reply,
                }),
              (error) => fail(replyTo, clientId, error),
            );
            return;
          }
          const listeners = subscribers.get(key(featureIndex, type)) ?? new Set<AnyActorRef>();
          if (event.command === 'Subscribe') {
            driver.subscribe(featureIndex, type).then(
              () => {
                listeners.add(replyTo);
                subscribers.set(key(featureIndex, type), listeners);
                reply(replyTo, clientId, { kind: 'ok' });
              },
              (error) => fail(replyTo, clientId, error),
            );
            return;
          }
          listeners.delete(replyTo);
          if (listeners.size > 0) {
            reply(replyTo, clientId, { kind: 'ok' });
            return;
          }
          subscribers.delete(key(featureIndex, type));
          driver.unsubscribe(featureIndex, type).then(
            () => reply(replyTo, clientId, { kind: 'ok' }),
            (error) => fail(replyTo, clientId, error),
          );
          return;
        }
        case 'device.raw':
          try {
            runRaw(event.command, event.replyTo, event.clientId);
          } catch (error) {
            fail(event.replyTo, event.clientId, error);
          }
          return;
        case 'device.stop':
          // Raw subscriptions belong to no feature: only a whole-device input stop ends them.
          if (event.inputs && event.featureIndex === undefined) void raw.endAll();
          if (event.inputs) {
            for (const k of [...subscribers.keys()]) {
              if (event.featureIndex === undefined || k.startsWith(`${event.featureIndex}:`)) subscribers.delete(k);
            }
          }
          void driver.stop({ featureIndex: event.featureIndex, inputs: event.inputs, outputs: event.outputs, force: event.force });
          return;
      }
    });

    return () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      if (hardwareGone) {
        raw.dispose();
        driver.dispose();
        return;
      }
      const rawEnded = raw.endAll().finally(() => raw.dispose());
      // Whatever else ends `ready`, the device is told to stop before the pipeline is released.
      // dispose() also releases the protocol handler.
      const stopped = Promise.all([rawEnded, driver.stop({ inputs: true, outputs: true, force: true })]).then(
        () => driver.dispose(),
        () => driver.dispose(),
      );
      finalStops.set(hardware, stopped);
    };
  });

  const shutdownDevice = fromPromise<void, { hardware: Hardware; handler?: ProtocolHandler }>(async ({ input }) => {
    const stopped = finalStops.get(input.hardware);
    if (stopped) await withTimeout(stopped, SHUTDOWN_STEP_MS);
    await withTimeout(input.hardware.disconnect(), SHUTDOWN_STEP_MS);
  });

  const releaseHardware = fromPromise<void, { hardware?: Hardware; candidate: HardwareCandidate; reason: string }>(
    async ({ input }) => {
      log.info({ address: input.candidate.address }, `${input.candidate.name} not used: ${input.reason}`);
      if (input.hardware) {
        input.hardware.reject?.(input.reason);
        await withTimeout(input.hardware.disconnect(), SHUTDOWN_STEP_MS);
      } else {
        input.candidate.reject?.(input.reason);
      }
    },
  );

  return { matchCandidate, connectHardware, identifyDevice, initializeDevice, watchHardware, drive, shutdownDevice, releaseHardware };
}
