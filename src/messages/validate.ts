/**
 * The one validator behind every message: checks a JSON value against a field spec and returns a
 * normalized copy (fields in declaration order, enum aliases replaced by their canonical
 * spelling, ignorable unknown keys dropped) or the first problem, phrased for a developer.
 *
 * It only descends where the spec descends, so its recursion depth is bounded by the catalog
 * (a handful of levels), never by how deeply an attacker nests the input. It never copies a key
 * the spec does not name, so keys such as "__proto__" cannot reach the output.
 */
import type { FieldSpec, MapSpec, ObjectSpec } from './fields.ts';

export type Checked = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

interface ValidateOptions {
  /** Extra words for an unknown key of the outermost object (e.g. "it belongs to spec v4"). */
  readonly rootUnknownKeyHint?: (key: string) => string | undefined;
}

const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, bounded description of a received value for error texts. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': {
      const text = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
      return `the string ${text}`;
    }
    case 'number':
      return String(value);
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** An attacker-chosen key, cut to a length fit for an error text. */
export function shortKey(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

/** What a spec expects, as the tail of "<path> must be …". */
export function expectation(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'integer':
      return spec.min === spec.max ? `the integer ${spec.min}` : `an integer from ${spec.min} to ${spec.max}`;
    case 'number':
      if (spec.min !== undefined && spec.max !== undefined) return `a number from ${spec.min} to ${spec.max}`;
      if (spec.min !== undefined) return `a number of at least ${spec.min}`;
      if (spec.max !== undefined) return `a number of at most ${spec.max}`;
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
    case 'array':
      return spec.minItems > 0 ? `an array of at least ${spec.minItems} item${spec.minItems === 1 ? '' : 's'}` : 'an array';
    case 'object':
    case 'map':
      return 'an object';
  }
}

const fail = (problem: string): Checked => ({ ok: false, problem });
const wrongValue = (path: string, spec: FieldSpec, value: unknown) =>
  fail(`${path} must be ${expectation(spec)} (got ${describeValue(value)})`);

export function validate(spec: FieldSpec, value: unknown, path: string, options: ValidateOptions = {}): Checked {
  switch (spec.kind) {
    case 'integer':
      return Number.isInteger(value) && (value as number) >= spec.min && (value as number) <= spec.max
        ? { ok: true, value }
        : wrongValue(path, spec, value);
    case 'number': {
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (spec.min === undefined || value >= spec.min) &&
        (spec.max === undefined || value <= spec.max);
      return ok ? { ok: true, value } : wrongValue(path, spec, value);
    }
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : wrongValue(path, spec, value);
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : wrongValue(path, spec, value);
    case 'enum': {
      if (typeof value === 'string') {
        if (spec.values.includes(value)) return { ok: true, value };
        const canonical = spec.aliases.get(value);
        if (canonical !== undefined) return { ok: true, value: canonical };
      }
      return wrongValue(path, spec, value);
    }
    case 'array': {
      if (!Array.isArray(value)) return wrongValue(path, spec, value);
      if (value.length < spec.minItems) return wrongValue(path, spec, value);
      if (spec.maxItems !== undefined && value.length > spec.maxItems) {
        return fail(`${path} must have at most ${spec.maxItems} items (got ${value.length})`);
      }
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const item = validate(spec.items, value[i], `${path}[${i}]`);
        if (!item.ok) return item;
        out.push(item.value);
      }
      return { ok: true, value: out };
    }
    case 'object':
      return validateObject(spec, value, path, options);
    case 'map':
      return validateMap(spec, value, path);
  }
}

function validateObject(spec: ObjectSpec, value: unknown, path: string, options: ValidateOptions): Checked {
  if (!isPlainRecord(value)) return wrongValue(path, spec, value);
  // Keys whose value is undefined count as absent, as JSON.stringify would drop them.
  const present = Object.keys(value).filter((key) => value[key] !== undefined);

  if (spec.unknownKeys === 'reject') {
    for (const key of present) {
      if (spec.fields.some((field) => field.name === key)) continue;
      const hint = options.rootUnknownKeyHint?.(key);
      const known = spec.fields.map((field) => field.name);
      const list = known.length > 0 ? `allowed: ${known.join(', ')}` : 'no fields allowed';
      return fail(`${path}.${shortKey(key)} is not allowed${hint ? `: ${hint}` : ''} (${list})`);
    }
  }

  const keyCount = present.filter((key) => spec.fields.some((field) => field.name === key)).length;
  if ((spec.minKeys !== undefined && keyCount < spec.minKeys) || (spec.maxKeys !== undefined && keyCount > spec.maxKeys)) {
    const wanted = spec.keysDescription ?? `from ${spec.minKeys ?? 0} to ${spec.maxKeys ?? 'any number of'} keys`;
    return fail(`${path} must hold ${wanted} (got ${keyCount} key${keyCount === 1 ? '' : 's'})`);
  }

  const out: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const fieldValue = hasOwn(value, field.name) ? value[field.name] : undefined;
    if (fieldValue === undefined) {
      if (field.optional) continue;
      return fail(`${path}.${field.name} is missing`);
    }
    if (field.requires !== undefined && (!hasOwn(value, field.requires) || value[field.requires] === undefined)) {
      return fail(`${path}.${field.name} is only allowed together with ${path}.${field.requires}`);
    }
    const checked = validate(field.spec, fieldValue, `${path}.${field.name}`);
    if (!checked.ok) return checked;
    out[field.name] = checked.value;
  }
  return { ok: true, value: out };
}

function validateMap(spec: MapSpec, value: unknown, path: string): Checked {
  if (!isPlainRecord(value)) return wrongValue(path, spec, value);
  // Object.fromEntries defines own properties, so even a key like "__proto__" stays plain data.
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(value)) {
    const entryPath = `${path}[${JSON.stringify(shortKey(key))}]`;
    if (!spec.keyPattern.test(key)) return fail(`${entryPath}: the key must be ${spec.keyDescription}`);
    const checked = validate(spec.values, value[key], entryPath);
    if (!checked.ok) return checked;
    if (spec.keyField !== undefined) {
      const inner = (checked.value as Record<string, unknown>)[spec.keyField];
      if (String(inner) !== key) return fail(`${entryPath}.${spec.keyField} must equal its key ${key} (got ${describeValue(inner)})`);
    }
    entries.push([key, checked.value]);
  }
  return { ok: true, value: Object.fromEntries(entries) };
}
