/**
 * A ready device's inputs, as the device machine's `inputs` actor: reads (battery, …),
 * subscriptions and the readings they bring, and spec v2/v3 raw reads and subscriptions. Outputs
 * are not here: they are the `output` machine's. On `inputs.end` every subscription is undone and
 * the actor answers `inputs.ended`; when it stops, the protocol handler is disposed.
 */
import type { Subscription } from 'rxjs';
import { fromCallback, type AnyActorRef } from 'xstate';
import type { DeviceRawReadingEvent, DeviceReadingEvent, DeviceReplyEvent } from '../../machines/events.ts';
import type { InputsEvent, InputsInput, InputsReport } from '../../machines/device.ts';
import type { RawCommand } from '../devices/commands.ts';
import type { InputType } from '../devices/features.ts';
import { createRawAccess } from '../devices/raw-access.ts';
import { asButtplugError, deviceError, describeError, ErrorCode } from '../errors.ts';
import type { Logger } from '../log/logger.ts';

interface InputSubscription {
  readonly featureIndex: number;
  readonly input: InputType;
  readonly subscribers: Set<AnyActorRef>;
  /** Settles once the protocol finished subscribing; rejects if it failed. */
  readonly ready: Promise<void>;
}

export function deviceInputsActor(log: Logger) {
  return fromCallback<InputsEvent, InputsInput, InputsReport>(({ input, receive, sendBack }) => {
    const { hardware, handler, info, definition } = input;
    const label = `device ${info.index} (${info.name})`;
    const subscriptions = new Map<string, InputSubscription>();
    const key = (featureIndex: number, type: InputType) => `${featureIndex}:${type}`;
    const raw = createRawAccess<AnyActorRef>({
      hardware,
      label,
      deliver: (to, endpoint, data) =>
        to.send({ type: 'device.rawReading', reading: { deviceIndex: info.index, endpoint, data } } satisfies DeviceRawReadingEvent),
    });
    const readings: Subscription | undefined = handler.readings?.subscribe((reading) => {
      const event: DeviceReadingEvent = { type: 'device.reading', reading: { ...reading, deviceIndex: info.index } };
      for (const subscriber of subscriptions.get(key(reading.featureIndex, reading.input))?.subscribers ?? []) subscriber.send(event);
    });

    try {
      hardware.announce?.({ index: info.index, name: info.name, protocol: definition.protocol });
    } catch (error) {
      // Only a courtesy notice (the bridge forwards it): the device stays usable.
      log.warn({ device: info.index, err: error }, `telling ${info.name} its index failed: ${describeError(error)}`);
    }

    const reply = (to: AnyActorRef, clientId: number, result: DeviceReplyEvent['result']) =>
      to.send({ type: 'device.reply', deviceIndex: info.index, clientId, result } satisfies DeviceReplyEvent);
    const answer = (to: AnyActorRef, clientId: number, work: Promise<DeviceReplyEvent['result']>) =>
      work.then(
        (result) => reply(to, clientId, result),
        (error: unknown) => reply(to, clientId, { kind: 'error', error: asButtplugError(error, ErrorCode.Device) }),
      );

    async function read(featureIndex: number, type: InputType): Promise<number> {
      if (!handler.readInput) throw deviceError(`${label} cannot read ${type}`);
      try {
        return await handler.readInput(hardware, featureIndex, type);
      } catch (error) {
        throw deviceError(`${label}: reading ${type} of feature ${featureIndex} failed: ${describeError(error)}`);
      }
    }

    async function subscribe(featureIndex: number, type: InputType, subscriber: AnyActorRef): Promise<void> {
      const subscribeInput = handler.subscribeInput;
      if (!subscribeInput) throw deviceError(`${label} cannot subscribe to ${type} on feature ${featureIndex}`);
      const existing = subscriptions.get(key(featureIndex, type));
      if (existing) {
        await existing.ready;
        existing.subscribers.add(subscriber);
        return;
      }
      const ready = Promise.resolve()
        .then(() => subscribeInput.call(handler, hardware, featureIndex, type))
        .catch((error: unknown) => {
          subscriptions.delete(key(featureIndex, type));
          throw deviceError(`${label}: subscribing to ${type} on feature ${featureIndex} failed: ${describeError(error)}`);
        });
      const subscription: InputSubscription = { featureIndex, input: type, subscribers: new Set([subscriber]), ready };
      subscriptions.set(key(featureIndex, type), subscription);
      await ready;
    }

    /** Drops one subscriber (or all, without one); the last one leaving unsubscribes the hardware. */
    async function unsubscribe(featureIndex: number, type: InputType, subscriber?: AnyActorRef): Promise<void> {
      const unsubscribeInput = handler.unsubscribeInput;
      if (!unsubscribeInput) throw deviceError(`${label} cannot unsubscribe from ${type} on feature ${featureIndex}`);
      const subscription = subscriptions.get(key(featureIndex, type));
      if (!subscription) return;
      if (subscriber) subscription.subscribers.delete(subscriber);
      if (subscriber && subscription.subscribers.size > 0) return;
      subscriptions.delete(key(featureIndex, type));
      // A subscribe still under way must finish before it can be undone; a failed one left nothing to undo.
      if (!(await subscription.ready.then(() => true, () => false))) return;
      try {
        await unsubscribeInput.call(handler, hardware, featureIndex, type);
      } catch (error) {
        throw deviceError(`${label}: unsubscribing from ${type} on feature ${featureIndex} failed: ${describeError(error)}`);
      }
    }

    /** Undoes the subscriptions of one feature (or all); failures are logged, never thrown. */
    async function endSubscriptions(featureIndex?: number): Promise<void> {
      const ending = [...subscriptions.values()].filter((s) => featureIndex === undefined || s.featureIndex === featureIndex);
      for (const subscription of ending) {
        await unsubscribe(subscription.featureIndex, subscription.input).catch((error: unknown) =>
          log.warn({ device: info.index, err: error }, describeError(error)),
        );
      }
      // Raw subscriptions belong to no feature: only a whole-device stop ends them.
      if (featureIndex === undefined) await raw.endAll();
    }

    function runRaw(command: Exclude<RawCommand, { operation: 'write' }>, to: AnyActorRef, clientId: number): void {
      switch (command.operation) {
        case 'read':
          void answer(
            to,
            clientId,
            raw.read(command.endpoint, command.length, command.timeoutMs).then((data) => ({
              kind: 'raw' as const,
              reading: { deviceIndex: info.index, endpoint: command.endpoint, data },
            })),
          );
          return;
        case 'subscribe':
          void answer(to, clientId, raw.subscribe(command.endpoint, to).then(() => ({ kind: 'ok' as const })));
          return;
        case 'unsubscribe':
          void answer(to, clientId, raw.unsubscribe(command.endpoint, to).then(() => ({ kind: 'ok' as const })));
          return;
      }
    }

    receive((event) => {
      switch (event.type) {
        case 'device.input': {
          const { featureIndex, input: type, replyTo, clientId } = event;
          if (event.command === 'Read') {
            void answer(
              replyTo,
              clientId,
              read(featureIndex, type).then((value) => ({
                kind: 'reading' as const,
                reading: { deviceIndex: info.index, featureIndex, input: type, value },
                reply: event.reply,
              })),
            );
          } else if (event.command === 'Subscribe') {
            void answer(replyTo, clientId, subscribe(featureIndex, type, replyTo).then(() => ({ kind: 'ok' as const })));
          } else {
            void answer(replyTo, clientId, unsubscribe(featureIndex, type, replyTo).then(() => ({ kind: 'ok' as const })));
          }
          return;
        }
        case 'device.raw':
          if (event.command.operation !== 'write') runRaw(event.command, event.replyTo, event.clientId);
          return;
        case 'inputs.stop':
          void endSubscriptions(event.featureIndex);
          return;
        case 'inputs.end':
          void endSubscriptions().finally(() => sendBack({ type: 'inputs.ended' }));
          return;
      }
    });

    // The device is no longer active: release the protocol handler (its timers) with it.
    return () => {
      readings?.unsubscribe();
      raw.dispose();
      handler.dispose?.();
    };
  });
}
