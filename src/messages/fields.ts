/**
 * The little language the message catalog is written in: a field spec says what JSON value a
 * field may hold. One validator (validate.ts) interprets every spec, so adding a message means
 * adding a table row, not code.
 */

export const U32_MAX = 4294967295;
const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

interface IntegerSpec {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
}
interface NumberSpec {
  readonly kind: 'number';
  readonly min?: number;
  readonly max?: number;
}
interface StringSpec {
  readonly kind: 'string';
}
interface BooleanSpec {
  readonly kind: 'boolean';
}
/** A closed set of strings; `aliases` maps accepted spellings to the canonical one. */
interface EnumSpec {
  readonly kind: 'enum';
  readonly values: readonly string[];
  readonly aliases: ReadonlyMap<string, string>;
}
interface ArraySpec {
  readonly kind: 'array';
  readonly items: FieldSpec;
  readonly minItems: number;
  readonly maxItems?: number;
}
export interface FieldEntry {
  readonly name: string;
  readonly spec: FieldSpec;
  readonly optional: boolean;
  /** Another field that must be present whenever this one is. */
  readonly requires?: string;
}
/** A JSON object with named fields, emitted in declaration order. */
export interface ObjectSpec {
  readonly kind: 'object';
  readonly fields: readonly FieldEntry[];
  /** 'reject' where the upstream schema says additionalProperties:false; 'ignore' drops them. */
  readonly unknownKeys: 'reject' | 'ignore';
  readonly minKeys?: number;
  readonly maxKeys?: number;
  /** Wording used when the key count is wrong, e.g. "exactly one key, an output type". */
  readonly keysDescription?: string;
}
/** A JSON object used as a dictionary: keys match `keyPattern`, every value follows `values`. */
export interface MapSpec {
  readonly kind: 'map';
  readonly keyPattern: RegExp;
  readonly keyDescription: string;
  readonly values: FieldSpec;
  /** When set, each value's field of this name must equal the key (e.g. DeviceIndex). */
  readonly keyField?: string;
}

export type FieldSpec =
  | IntegerSpec
  | NumberSpec
  | StringSpec
  | BooleanSpec
  | EnumSpec
  | ArraySpec
  | ObjectSpec
  | MapSpec;

// ---- constructors ----

export const integer = (min: number, max: number): IntegerSpec => ({ kind: 'integer', min, max });
export const u32 = integer(0, U32_MAX);
export const i32 = integer(I32_MIN, I32_MAX);
export const byte = integer(0, 255);
export const number = (min?: number, max?: number): NumberSpec => ({ kind: 'number', min, max });
export const unit = number(0, 1);
export const string: StringSpec = { kind: 'string' };
export const boolean: BooleanSpec = { kind: 'boolean' };

/** Ids: client messages use 1…u32 (0 is reserved for events), replies 0…u32, events exactly 0. */
export const clientId = integer(1, U32_MAX);
export const serverId = integer(0, U32_MAX);
export const systemId = integer(0, 0);

interface EnumOptions {
  /** Also accept the all-lowercase and snake_case spellings (the reference's serde aliases). */
  readonly lowercaseAliases?: boolean;
  readonly extraAliases?: Readonly<Record<string, string>>;
}

export function enumOf(values: readonly string[], options: EnumOptions = {}): EnumSpec {
  const aliases = new Map<string, string>();
  if (options.lowercaseAliases) {
    for (const value of values) {
      aliases.set(value.toLowerCase(), value);
      aliases.set(value.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase(), value);
    }
  }
  for (const [alias, value] of Object.entries(options.extraAliases ?? {})) aliases.set(alias, value);
  for (const value of values) aliases.delete(value);
  return { kind: 'enum', values, aliases };
}

export function arrayOf(items: FieldSpec, minItems = 0, maxItems?: number): ArraySpec {
  return { kind: 'array', items, minItems, maxItems };
}

/** `[min, max]` as the reference writes ranges. */
export const intRange = arrayOf(i32, 2, 2);

/** A required field; see `opt` for optional ones. */
export const req = (name: string, spec: FieldSpec): FieldEntry => ({ name, spec, optional: false });
export const opt = (name: string, spec: FieldSpec, requires?: string): FieldEntry => ({
  name,
  spec,
  optional: true,
  requires,
});

interface ObjectOptions {
  readonly unknownKeys?: 'reject' | 'ignore';
  readonly minKeys?: number;
  readonly maxKeys?: number;
  readonly keysDescription?: string;
}

export function object(fields: readonly FieldEntry[], options: ObjectOptions = {}): ObjectSpec {
  return {
    kind: 'object',
    fields,
    unknownKeys: options.unknownKeys ?? 'reject',
    minKeys: options.minKeys,
    maxKeys: options.maxKeys,
    keysDescription: options.keysDescription,
  };
}

/** An object that must hold exactly one of the listed keys (a tagged union on the wire). */
export function oneKeyOf(fields: readonly FieldEntry[], what: string): ObjectSpec {
  return object(
    fields.map((field) => ({ ...field, optional: true })),
    { minKeys: 1, maxKeys: 1, keysDescription: `exactly one key, ${what}` },
  );
}

/** `{}`: attribute objects of messages that take no attributes. */
export const empty = object([]);

const DECIMAL_INDEX = /^(0|[1-9][0-9]*)$/;

export function indexMap(values: FieldSpec, keyField?: string): MapSpec {
  return { kind: 'map', keyPattern: DECIMAL_INDEX, keyDescription: 'a decimal index', values, keyField };
}
