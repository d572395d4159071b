import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFields, WIRE_TYPE } from '../../protocols/kit/protobuf.ts';
import { protocol as theHandyProtocol, theHandyLinearPayload } from '../../protocols/thehandy.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

/** The one field of a message, checked for number and wire type. */
function only(data: Uint8Array, field: number) {
  const fields = decodeFields(data);
  expect(fields).toHaveLength(1);
  expect(fields[0]).toMatchObject({ field, wireType: WIRE_TYPE.lengthDelimited });
  return fields[0].value as Uint8Array;
}

describe('thehandy LinearCmd payload', () => {
  it('is Payload { Message { LinearCmd { Id 2, one Vector { Duration, Position / 100 } } } } for any move', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100_000 }), (position, duration) => {
        const linear = decodeFields(only(only(theHandyLinearPayload(position, duration), 1), 403));
        expect(linear[0]).toEqual({ field: 1, wireType: WIRE_TYPE.varint, value: 2 });
        expect(linear.slice(1).map((f) => f.field)).toEqual([3]);
        const vector = decodeFields(linear[1].value as Uint8Array);
        const durationField = vector.find((f) => f.field === 2);
        const positionField = vector.find((f) => f.field === 3);
        expect(vector.some((f) => f.field === 1)).toBe(false);
        expect(durationField?.value ?? 0).toBe(duration);
        const decodedPosition = positionField ? new DataView((positionField.value as Uint8Array).buffer).getFloat64(0, true) : 0;
        expect(decodedPosition).toBe(position / 100);
      }),
    );
  });
});

describe('thehandy protocol', () => {
  it('needs no setup and writes each move with response on tx', async () => {
    const { device, hardware } = await simulatedDevice('thehandy', 'The Handy');
    const definition = baseDefinition('thehandy', 'The Handy');
    const handler = await theHandyProtocol.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([]);
    expect(handler.keepalive).toEqual({ kind: 'none' });
    const commands = handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 100, 100));
    expect(written(commands)).toEqual([[...theHandyLinearPayload(100, 100)]]);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: true, commandId: definition.features[0].id });
    expect(() => handler.output(outputFor(definition, 0, 'Vibrate', 1))).toThrow(/cannot drive/);
  });
});
