/**
 * A ready device's `inputs` actor against a simulated device: reads through the protocol,
 * subscriptions shared by clients and undone by the last one, failed subscriptions forgotten,
 * readings to their subscribers, and `inputs.end` undoing everything before answering.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createActor, fromCallback, setup, type AnyActorRef, type EventObject } from 'xstate';
import type { InputsEvent } from '../../machines/device.ts';
import type { DeviceReplyEvent } from '../../machines/events.ts';
import { deviceInputsActor } from '../../src/adapters/device-inputs.ts';
import type { DeviceInfo } from '../../src/devices/features.ts';
import { ErrorCode } from '../../src/errors.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { ProtocolHandler } from '../../protocols/kit/types.ts';
import { connectSimulated, specifierOf } from '../support/simulated-hardware.ts';
import { eventually } from '../support/wait.ts';
import { TextProtocol, toyDefinition } from '../machines/output-harness.ts';
import { baseConfig } from '../protocols/helpers.ts';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const info: DeviceInfo = { index: 4, name: 'Fake Toy', messageTimingGap: 0, features: toyDefinition.features };

async function startInputs(handler: ProtocolHandler) {
  const { device, hardware } = await connectSimulated(
    { name: 'Fake Toy', address: 'inputs-1', endpoints: ['tx', 'rx', 'rxblebattery'] },
    specifierOf(baseConfig, 'no-such-protocol'),
  );
  const received: EventObject[] = [];
  const told: EventObject[] = [];
  const client = fromCallback<EventObject>(({ receive }) => {
    receive((event) => received.push(event));
    return () => {};
  });
  const root = setup({
    types: {} as { events: EventObject },
    actors: { inputs: deviceInputsActor(silentLogger), client },
  }).createMachine({
    invoke: [
      { id: 'inputs', src: 'inputs', input: { hardware, handler, definition: toyDefinition, info } },
      { id: 'client', src: 'client' },
      { id: 'other', src: 'client' },
    ],
    on: { '*': { actions: ({ event }) => void told.push(event) } },
  });
  const actor = createActor(root);
  actor.start();
  stops.push(() => actor.stop());
  const child = (id: 'inputs' | 'client' | 'other') => actor.getSnapshot().children[id] as AnyActorRef;
  let clientId = 0;
  const replies = () => received.filter((event): event is DeviceReplyEvent => event.type === 'device.reply');
  return {
    device,
    received,
    told,
    replies,
    actor,
    send: (event: InputsEvent) => child('inputs').send(event),
    /** A client's input request; resolves with its reply. */
    async request(command: 'Read' | 'Subscribe' | 'Unsubscribe', featureIndex: number, input: 'Battery' | 'Pressure', from: 'client' | 'other' = 'client') {
      const id = ++clientId;
      child('inputs').send({
        type: 'device.input',
        deviceIndex: info.index,
        clientId: id,
        featureIndex,
        input,
        command,
        reply: { kind: 'InputReading' },
        replyTo: child(from),
      } satisfies InputsEvent);
      await eventually(() => replies().some((reply) => reply.clientId === id), `reply ${id}`, 1000, 1);
      return replies().find((reply) => reply.clientId === id)!.result;
    },
  };
}

describe('the inputs actor', () => {
  it("reads through the protocol's reader, and refuses clearly when the protocol has none", async () => {
    const withReader = Object.assign(new TextProtocol(), { readInput: async (_h: unknown, featureIndex: number) => featureIndex * 10 });
    const inputs = await startInputs(withReader);
    expect(await inputs.request('Read', 3, 'Battery')).toMatchObject({ kind: 'reading', reading: { deviceIndex: 4, featureIndex: 3, value: 30 } });
    const without = await startInputs(new TextProtocol());
    expect(await without.request('Read', 3, 'Battery')).toMatchObject({
      kind: 'error',
      error: { code: ErrorCode.Device, message: expect.stringMatching(/cannot read Battery/) },
    });
  });

  it('subscribes once for every client, delivers readings to each, and unsubscribes with the last one', async () => {
    const handler = new TextProtocol();
    const inputs = await startInputs(handler);
    expect(await inputs.request('Subscribe', 3, 'Pressure')).toEqual({ kind: 'ok' });
    expect(await inputs.request('Subscribe', 3, 'Pressure', 'other')).toEqual({ kind: 'ok' });
    expect(handler.subscribeCalls).toEqual(['3/Pressure']);
    handler.readingsSubject.next({ featureIndex: 3, input: 'Pressure', value: 12 });
    expect(inputs.received.filter((event) => event.type === 'device.reading')).toHaveLength(2);

    expect(await inputs.request('Unsubscribe', 3, 'Pressure')).toEqual({ kind: 'ok' });
    expect(handler.unsubscribeCalls).toEqual([]);
    expect(await inputs.request('Unsubscribe', 3, 'Pressure', 'other')).toEqual({ kind: 'ok' });
    expect(handler.unsubscribeCalls).toEqual(['3/Pressure']);
    expect(await inputs.request('Unsubscribe', 3, 'Pressure')).toEqual({ kind: 'ok' });
    expect(handler.unsubscribeCalls).toEqual(['3/Pressure']);
  });

  it('forgets a subscription whose subscribe failed, so the next one tries again', async () => {
    const handler = new TextProtocol();
    let failures = 1;
    const subscribeInput = handler.subscribeInput.bind(handler);
    handler.subscribeInput = async (...args) => {
      if (failures-- > 0) throw new Error('no such characteristic');
      return subscribeInput(...args);
    };
    const inputs = await startInputs(handler);
    expect(await inputs.request('Subscribe', 3, 'Pressure')).toMatchObject({
      kind: 'error',
      error: { code: ErrorCode.Device, message: expect.stringMatching(/subscribing to Pressure.*no such characteristic/) },
    });
    expect(await inputs.request('Subscribe', 3, 'Pressure')).toEqual({ kind: 'ok' });
    expect(handler.subscribeCalls).toEqual(['3/Pressure']);
  });

  it('a stop of one feature undoes its subscriptions; inputs.end undoes all, answers, and the handler is disposed on stop', async () => {
    const handler = new TextProtocol();
    const inputs = await startInputs(handler);
    await inputs.request('Subscribe', 3, 'Pressure');
    inputs.send({ type: 'inputs.stop', featureIndex: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(handler.unsubscribeCalls).toEqual([]);
    inputs.send({ type: 'inputs.end' });
    await eventually(() => inputs.told.some((event) => event.type === 'inputs.ended'), 'inputs.ended', 1000, 1);
    expect(handler.unsubscribeCalls).toEqual(['3/Pressure']);
    expect(handler.disposed).toBe(false);
    inputs.actor.stop();
    expect(handler.disposed).toBe(true);
  });
});
