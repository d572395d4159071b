import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boolField,
  decodeFields,
  doubleField,
  fieldKey,
  floatField,
  messageField,
  ProtobufError,
  protoMessage,
  uint32Field,
  varint,
  WIRE_TYPE,
} from '../../../protocols/kit/protobuf.ts';

const fieldNumber = fc.integer({ min: 1, max: 2 ** 29 - 1 });

describe('protobuf varints', () => {
  it('matches the examples of the protobuf encoding guide', () => {
    expect(varint(0)).toEqual([0x00]);
    expect(varint(1)).toEqual([0x01]);
    expect(varint(127)).toEqual([0x7f]);
    expect(varint(128)).toEqual([0x80, 0x01]);
    expect(varint(150)).toEqual([0x96, 0x01]);
    expect(varint(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('round-trips every safe integer, using 7 bits per byte with the high bit on all but the last', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (value) => {
        const bytes = varint(value);
        expect(bytes.slice(0, -1).every((byte) => byte >= 0x80)).toBe(true);
        expect(bytes[bytes.length - 1]).toBeLessThan(0x80);
        expect(bytes.length).toBe(Math.max(1, Math.ceil(value.toString(2).length / 7)));
        expect(decodeFields(Uint8Array.from([0x08, ...bytes]))).toEqual([{ field: 1, wireType: WIRE_TYPE.varint, value }]);
      }),
    );
  });

  it('refuses negative, fractional and unsafe values', () => {
    for (const bad of [-1, 0.5, Number.NaN, 2 ** 53]) expect(() => varint(bad)).toThrow(ProtobufError);
  });
});

describe('protobuf fields', () => {
  it('encodes field keys as (number << 3) | wire type', () => {
    expect(fieldKey(1, WIRE_TYPE.varint)).toEqual([0x08]);
    expect(fieldKey(2, WIRE_TYPE.lengthDelimited)).toEqual([0x12]);
    // 403 << 3 | 2 = 3226 = 0x19 << 7 | 0x1a
    expect(fieldKey(403, WIRE_TYPE.lengthDelimited)).toEqual([0x9a, 0x19]);
    expect(() => fieldKey(0, WIRE_TYPE.varint)).toThrow(ProtobufError);
    expect(() => fieldKey(2 ** 29, WIRE_TYPE.varint)).toThrow(ProtobufError);
  });

  it('leaves proto3 scalars that hold their default out, but writes empty messages', () => {
    expect(uint32Field(1, 0)).toEqual([]);
    expect(boolField(3, false)).toEqual([]);
    expect(floatField(1, 0)).toEqual([]);
    expect(floatField(1, -0)).toEqual([]);
    expect(doubleField(3, 0)).toEqual([]);
    expect(messageField(710, [])).toEqual([0xb2, 0x2c, 0x00]);
  });

  it('writes bools as varint 1 and floats/doubles little-endian', () => {
    expect(boolField(3, true)).toEqual([0x18, 0x01]);
    expect(floatField(1, 0.5)).toEqual([0x0d, 0x00, 0x00, 0x00, 0x3f]);
    expect(doubleField(3, 0.5)).toEqual([0x19, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f]);
  });

  it('encodes handyplug Payload { Message { Ping { Id: 999 } } } as worked out by hand from handyplug.proto', () => {
    // Ping.Id (1) = 999 → 08 e7 07; Message.Ping is field 102 → key 818 → b2 06; Payload.Messages is field 1.
    const ping = protoMessage(uint32Field(1, 999));
    expect(messageField(1, messageField(102, ping))).toEqual([0x0a, 0x06, 0xb2, 0x06, 0x03, 0x08, 0xe7, 0x07]);
  });

  it('round-trips uint32, bool, float, double and message fields through the decoder', () => {
    fc.assert(
      fc.property(
        fieldNumber,
        fc.integer({ min: 1, max: 0xffffffff }),
        fc.float({ noNaN: true }).filter((value) => value !== 0),
        fc.double({ noNaN: true }).filter((value) => value !== 0),
        fc.uint8Array({ maxLength: 300 }),
        (field, uint, float, double, body) => {
          const encoded = protoMessage(
            uint32Field(field, uint),
            boolField(field, true),
            floatField(field, float),
            doubleField(field, double),
            messageField(field, [...body]),
          );
          const decoded = decodeFields(Uint8Array.from(encoded));
          expect(decoded.map(({ field: f, wireType }) => [f, wireType])).toEqual([
            [field, WIRE_TYPE.varint],
            [field, WIRE_TYPE.varint],
            [field, WIRE_TYPE.fixed32],
            [field, WIRE_TYPE.fixed64],
            [field, WIRE_TYPE.lengthDelimited],
          ]);
          const [u, b, f32, f64, message] = decoded.map((entry) => entry.value);
          expect([u, b]).toEqual([uint, 1]);
          expect(new DataView((f32 as Uint8Array).buffer).getFloat32(0, true)).toBe(Math.fround(float));
          expect(new DataView((f64 as Uint8Array).buffer).getFloat64(0, true)).toBe(double);
          expect([...(message as Uint8Array)]).toEqual([...body]);
        },
      ),
    );
  });

  it('rejects uint32 values out of range', () => {
    expect(() => uint32Field(1, -1)).toThrow(ProtobufError);
    expect(() => uint32Field(1, 2 ** 32)).toThrow(ProtobufError);
  });
});

describe('protobuf decoding of malformed input', () => {
  it('says what is wrong', () => {
    expect(() => decodeFields(Uint8Array.of(0x08))).toThrow(/truncated varint/);
    expect(() => decodeFields(Uint8Array.of(0x08, 0x80))).toThrow(/truncated varint/);
    expect(() => decodeFields(Uint8Array.of(0x12, 0x05, 0x01))).toThrow(/runs past the end/);
    expect(() => decodeFields(Uint8Array.of(0x0d, 0x00, 0x00))).toThrow(/runs past the end/);
    expect(() => decodeFields(Uint8Array.of(0x0b))).toThrow(/wire type 3/);
    expect(() => decodeFields(Uint8Array.of(0x00, 0x00))).toThrow(/field number 0/);
  });

  it('never throws anything but a ProtobufError, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          expect(Array.isArray(decodeFields(bytes))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtobufError);
        }
      }),
    );
  });
});
