import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kgoalBoostPressures, protocol as kgoalBoostProtocol } from '../../protocols/kgoal-boost.ts';
import type { InputReadingEvent } from '../../protocols/kit/types.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice } from './helpers.ts';

async function connect() {
  const { device, hardware } = await simulatedDevice('kgoal-boost', 'Boost');
  const definition = baseDefinition('kgoal-boost', 'Boost');
  const handler = await kgoalBoostProtocol.initialize({ hardware, definition });
  const readings: InputReadingEvent[] = [];
  handler.readings?.subscribe((reading) => readings.push(reading));
  return { device, hardware, definition, handler, readings };
}

/** A notification as the Boost sends it: 00 01 04, normalized u16 BE, raw u16 BE. */
function reading(normalized: number, raw: number): number[] {
  return [0x00, 0x01, 0x04, normalized >> 8, normalized & 0xff, raw >> 8, raw & 0xff];
}

describe('kgoal-boost pressure notification', () => {
  it('holds the normalized and the raw reading as big-endian u16s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), (normalized, raw) => {
        expect(kgoalBoostPressures(Uint8Array.from(reading(normalized, raw)))).toEqual([normalized, raw]);
      }),
    );
  });

  it('is ignored when shorter than seven bytes', () => {
    expect(kgoalBoostPressures(Uint8Array.of(0, 1, 4, 0, 5, 0))).toBeUndefined();
  });
});

describe('kgoal-boost inputs', () => {
  it('subscribes rxpressure for the first feature only and passes on readings that changed', async () => {
    const { device, hardware, handler, readings } = await connect();
    await handler.subscribeInput?.(hardware, 0, 'Pressure');
    await handler.subscribeInput?.(hardware, 0, 'Pressure');
    expect(commandsTo(device)).toEqual([{ kind: 'subscribe', endpoint: 'rxpressure' }]);
    device.notify('rxpressure', reading(5, 1491));
    device.notify('rxpressure', reading(5, 1500));
    device.notify('rxpressure', [0, 1, 4, 0, 9]);
    await handler.subscribeInput?.(hardware, 1, 'Pressure');
    expect(commandsTo(device)).toHaveLength(1);
    device.notify('rxpressure', reading(6, 1500));
    device.notify('rxpressure', reading(6, 1510));
    expect(readings).toEqual([
      { featureIndex: 0, input: 'Pressure', value: 5 },
      { featureIndex: 0, input: 'Pressure', value: 6 },
      { featureIndex: 1, input: 'Pressure', value: 1510 },
    ]);
  });

  it('unsubscribes rxpressure when the last feature is unsubscribed, and then passes nothing on', async () => {
    const { device, hardware, handler, readings } = await connect();
    await handler.subscribeInput?.(hardware, 0, 'Pressure');
    await handler.subscribeInput?.(hardware, 1, 'Pressure');
    await handler.unsubscribeInput?.(hardware, 0, 'Pressure');
    device.notify('rxpressure', reading(1, 2));
    await handler.unsubscribeInput?.(hardware, 1, 'Pressure');
    await handler.unsubscribeInput?.(hardware, 1, 'Pressure');
    expect(commandsTo(device)).toEqual([
      { kind: 'subscribe', endpoint: 'rxpressure' },
      { kind: 'unsubscribe', endpoint: 'rxpressure' },
    ]);
    expect(readings).toEqual([{ featureIndex: 1, input: 'Pressure', value: 2 }]);
  });

  it('starts a new subscription with fresh cached readings', async () => {
    const { device, hardware, handler, readings } = await connect();
    await handler.subscribeInput?.(hardware, 0, 'Pressure');
    device.notify('rxpressure', reading(7, 0));
    await handler.unsubscribeInput?.(hardware, 0, 'Pressure');
    await handler.subscribeInput?.(hardware, 0, 'Pressure');
    device.notify('rxpressure', reading(7, 0));
    expect(readings.map((r) => r.value)).toEqual([7, 7]);
  });

  it('rejects subscriptions other than the two pressure features, and every output', async () => {
    const { hardware, definition, handler } = await connect();
    await expect(handler.subscribeInput?.(hardware, 2, 'Battery')).rejects.toThrow(/no Battery subscription on feature 2/);
    expect(() => handler.output(outputFor(definition, 0, 'Vibrate', 1))).toThrow(/cannot drive/);
  });

  it('reads the battery from the standard BLE battery characteristic', async () => {
    const { device, hardware, handler } = await connect();
    device.queueRead('rxblebattery', [64]);
    await expect(handler.readInput?.(hardware, 2, 'Battery')).resolves.toBe(64);
  });
});
