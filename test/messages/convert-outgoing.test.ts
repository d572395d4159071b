import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../src/devices/features.ts';
import { deviceListChanges, readingMessage } from '../../src/messages/convert/index.ts';
import { ErrorCode } from '../../src/errors.ts';
import type { ServerMessage, SpecVersion } from '../../src/messages/types.ts';
import { EDGE, KGOAL, NORA, RIG } from '../fixtures/convert/devices.ts';
import { schemaErrors, wireFrame } from '../fixtures/convert/wire.ts';

const battery = { deviceIndex: 0, featureIndex: 2, input: 'Battery', value: 87 } as const;

describe('readingMessage', () => {
  it('v4 InputReading (§3.10 example)', () => {
    const message = readingMessage(battery, { kind: 'InputReading' }, 4, 4);
    expect(JSON.stringify(wireFrame(message))).toBe(
      '[{"InputReading":{"Id":4,"DeviceIndex":0,"FeatureIndex":2,"Reading":{"Battery":{"Value":87}}}}]',
    );
    expect(schemaErrors(wireFrame(message), 4)).toEqual([]);
  });

  it('v4 subscription data carries Id 0 and the input type', () => {
    const pressure = readingMessage({ deviceIndex: 5, featureIndex: 1, input: 'Pressure', value: 1234 }, { kind: 'InputReading' }, 0, 4);
    expect(pressure).toEqual({ type: 'InputReading', Id: 0, DeviceIndex: 5, FeatureIndex: 1, Reading: { Pressure: { Value: 1234 } } });
    expect(schemaErrors(wireFrame(pressure), 4)).toEqual([]);
  });

  it('v3 SensorReading echoes SensorIndex and SensorType (§4.8)', () => {
    const message = readingMessage(battery, { kind: 'SensorReading', sensorIndex: 0, sensorType: 'Battery' }, 6, 3);
    expect(JSON.stringify(wireFrame(message))).toBe(
      '[{"SensorReading":{"Id":6,"DeviceIndex":0,"SensorIndex":0,"SensorType":"Battery","Data":[87]}}]',
    );
    expect(schemaErrors(wireFrame(message), 3)).toEqual([]);
  });

  it('v2 BatteryLevelReading is percent / 100, clamped to 0..1', () => {
    expect(readingMessage(battery, { kind: 'BatteryLevelReading' }, 6, 2)).toEqual({
      type: 'BatteryLevelReading',
      Id: 6,
      DeviceIndex: 0,
      BatteryLevel: 0.87,
    });
    const overfull = readingMessage({ ...battery, value: 104 }, { kind: 'BatteryLevelReading' }, 6, 2);
    expect(overfull).toMatchObject({ BatteryLevel: 1 });
    expect(schemaErrors(wireFrame(overfull), 2)).toEqual([]);
  });

  it.each<[SpecVersion, Parameters<typeof readingMessage>[1]]>([
    [3, { kind: 'InputReading' }],
    [4, { kind: 'SensorReading', sensorIndex: 0, sensorType: 'Battery' }],
    [3, { kind: 'BatteryLevelReading' }],
  ])('a reply shape foreign to spec v%i becomes ERROR_MSG with the request Id', (version, reply) => {
    expect(readingMessage(battery, reply, 9, version)).toMatchObject({ type: 'Error', Id: 9, ErrorCode: ErrorCode.Message });
  });
});

describe('deviceListChanges', () => {
  const pool: readonly DeviceInfo[] = [EDGE, NORA, RIG, KGOAL, { ...EDGE, index: 8 }, { ...NORA, index: 9 }];

  it('v4: one DeviceList event (Id 0) with the full list when the index set changed, nothing otherwise', () => {
    const first = deviceListChanges(new Set(), [EDGE, NORA], 4);
    expect(first.messages).toHaveLength(1);
    expect(first.messages[0]).toMatchObject({ type: 'DeviceList', Id: 0 });
    expect(Object.keys((first.messages[0] as { Devices: object }).Devices)).toEqual(['0', '1']);
    expect([...first.known].sort()).toEqual([0, 1]);
    expect(deviceListChanges(first.known, [NORA, EDGE], 4).messages).toEqual([]);
  });

  it('v0–v3: one event per device removed or added, not only the first', () => {
    const { messages } = deviceListChanges(new Set([0, 1, 7]), [EDGE, RIG, KGOAL], 2);
    expect(messages.map((m) => [m.type, (m as { DeviceIndex: number }).DeviceIndex])).toEqual([
      ['DeviceRemoved', 1],
      ['DeviceRemoved', 7],
      ['DeviceAdded', 3],
      ['DeviceAdded', 5],
    ]);
    expect(messages.every((m) => m.Id === 0)).toBe(true);
  });

  /** What a client knows after applying the events it was sent. */
  function applyEvents(knownByClient: Set<number>, messages: readonly ServerMessage[]): Set<number> {
    const next = new Set(knownByClient);
    for (const message of messages) {
      if (message.type === 'DeviceAdded') next.add(message.DeviceIndex);
      else if (message.type === 'DeviceRemoved') next.delete(message.DeviceIndex);
      else if (message.type === 'DeviceList') {
        next.clear();
        for (const key of Object.keys(message.Devices)) next.add(Number(key));
      } else throw new Error(`unexpected ${message.type}`);
    }
    return next;
  }

  it('a client applying the events always ends up knowing exactly the connected devices, and every event is schema-valid', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SpecVersion>(0, 1, 2, 3, 4),
        fc.array(fc.subarray([...pool]), { maxLength: 12 }),
        (version, snapshots) => {
          let serverKnown = new Set<number>();
          let clientKnows = new Set<number>();
          for (const devices of snapshots) {
            const change = deviceListChanges(serverKnown, devices, version);
            const current = new Set(devices.map((d) => d.index));
            const changed =
              current.size !== serverKnown.size || [...current].some((index) => !serverKnown.has(index));
            if (version === 4) expect(change.messages).toHaveLength(changed ? 1 : 0);
            for (const message of change.messages) expect(schemaErrors(wireFrame(message), version)).toEqual([]);
            clientKnows = applyEvents(clientKnows, change.messages);
            serverKnown = change.known;
            expect([...clientKnows].sort((a, b) => a - b)).toEqual([...current].sort((a, b) => a - b));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
