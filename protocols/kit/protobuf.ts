/**
 * The little of the protobuf wire format that device protocols need (The Handy speaks protobuf
 * over BLE): varints, field keys, the proto3 scalar fields we send, embedded messages, and a
 * field walker to check what a device sends back. Encoders return plain byte arrays so messages
 * compose by concatenation. Like proto3 encoders (prost), scalar fields holding their default
 * value are left out; embedded messages are always written, even when empty.
 */

export const WIRE_TYPE = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;
export type WireType = (typeof WIRE_TYPE)[keyof typeof WIRE_TYPE];

/** One encoded field (empty when a scalar holds its default value). */
export type ProtoBytes = readonly number[];

const MAX_FIELD_NUMBER = 2 ** 29 - 1;
const MAX_UINT32 = 0xffffffff;

export class ProtobufError extends Error {
  override name = 'ProtobufError';
}

/** Base-128 varint, least significant group first; any non-negative safe integer. */
export function varint(value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0) throw new ProtobufError(`varint ${value} is not a non-negative safe integer`);
  const bytes: number[] = [];
  let rest = value;
  // Division, not bit shifts: shifts would cut values above 32 bits.
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

export function fieldKey(field: number, wireType: WireType): number[] {
  if (!Number.isInteger(field) || field < 1 || field > MAX_FIELD_NUMBER) throw new ProtobufError(`field number ${field} is out of range`);
  return varint(field * 8 + wireType);
}

function checkUint32(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_UINT32) throw new ProtobufError(`uint32 ${value} is out of range`);
  return value;
}

/** uint32 (and non-negative enum values). */
export function uint32Field(field: number, value: number): ProtoBytes {
  if (checkUint32(value) === 0) return [];
  return [...fieldKey(field, WIRE_TYPE.varint), ...varint(value)];
}

export function boolField(field: number, value: boolean): ProtoBytes {
  return value ? [...fieldKey(field, WIRE_TYPE.varint), 1] : [];
}

function littleEndian(size: 4 | 8, write: (view: DataView) => void): number[] {
  const view = new DataView(new ArrayBuffer(size));
  write(view);
  return [...new Uint8Array(view.buffer)];
}

/** float (IEEE 754 single, little-endian); 0 and -0 are the default and left out. */
export function floatField(field: number, value: number): ProtoBytes {
  if (value === 0) return [];
  return [...fieldKey(field, WIRE_TYPE.fixed32), ...littleEndian(4, (view) => view.setFloat32(0, value, true))];
}

/** double (IEEE 754 double, little-endian); 0 and -0 are the default and left out. */
export function doubleField(field: number, value: number): ProtoBytes {
  if (value === 0) return [];
  return [...fieldKey(field, WIRE_TYPE.fixed64), ...littleEndian(8, (view) => view.setFloat64(0, value, true))];
}

/** An embedded message (or one element of a repeated message field). */
export function messageField(field: number, body: ProtoBytes): ProtoBytes {
  return [...fieldKey(field, WIRE_TYPE.lengthDelimited), ...varint(body.length), ...body];
}

/** A message body: its encoded fields in order. */
export function protoMessage(...fields: readonly ProtoBytes[]): number[] {
  return fields.flat();
}

// ---- decoding ---------------------------------------------------------------------------------

export type DecodedField =
  | { readonly field: number; readonly wireType: typeof WIRE_TYPE.varint; readonly value: number }
  | {
      readonly field: number;
      readonly wireType: typeof WIRE_TYPE.fixed64 | typeof WIRE_TYPE.fixed32 | typeof WIRE_TYPE.lengthDelimited;
      readonly value: Uint8Array;
    };

class Reader {
  offset = 0;
  constructor(private readonly data: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.data.length;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.done) throw new ProtobufError(`truncated varint at byte ${this.offset}`);
      const byte = this.data[this.offset++];
      value += (byte & 0x7f) * scale;
      if (!Number.isSafeInteger(value)) throw new ProtobufError(`varint ending at byte ${this.offset} is too large`);
      if ((byte & 0x80) === 0) return value;
      scale *= 0x80;
    }
  }

  bytes(length: number): Uint8Array {
    if (this.offset + length > this.data.length) {
      throw new ProtobufError(`field of ${length} bytes at byte ${this.offset} runs past the end (${this.data.length} bytes)`);
    }
    const slice = this.data.slice(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}

/** The top-level fields of a message, in order; throws ProtobufError on anything malformed. */
export function decodeFields(data: Uint8Array): DecodedField[] {
  const reader = new Reader(data);
  const fields: DecodedField[] = [];
  while (!reader.done) {
    const key = reader.varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field < 1 || field > MAX_FIELD_NUMBER) throw new ProtobufError(`field number ${field} is out of range`);
    switch (wireType) {
      case WIRE_TYPE.varint:
        fields.push({ field, wireType, value: reader.varint() });
        break;
      case WIRE_TYPE.fixed64:
        fields.push({ field, wireType, value: reader.bytes(8) });
        break;
      case WIRE_TYPE.fixed32:
        fields.push({ field, wireType, value: reader.bytes(4) });
        break;
      case WIRE_TYPE.lengthDelimited:
        fields.push({ field, wireType, value: reader.bytes(reader.varint()) });
        break;
      default:
        throw new ProtobufError(`field ${field} has unsupported wire type ${wireType}`);
    }
  }
  return fields;
}
