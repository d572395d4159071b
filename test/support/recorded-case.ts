/**
 * The upstream recorded device cases (device-test-cases/*.yaml) as a typed model. The YAML uses
 * tags for its enum variants (`!Messages`, `!Write`, …); this module resolves them, validates the
 * shapes and reports the file and path of anything malformed. It knows nothing of how a case is
 * run, so every runner (protocol level, full stack, any spec version) can share it.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';
import { OUTPUT_TYPES, type OutputType } from '../../src/devices/features.ts';

// ---------------------------------------------------------------------------------------------
// Model

/**
 * This project's extension of the case format, for devices that are not on Bluetooth LE:
 * `identifier: {name, transport: usb|hid|serial, vendor_id, product_id, port}`. The reference's
 * runner ignores unknown keys, so such a case is still a valid upstream case.
 */
export interface CaseBus {
  readonly transport: 'serial' | 'hid' | 'usb';
  readonly vendorId?: number;
  readonly productId?: number;
  readonly port?: string;
}

export interface CaseDevice {
  /** The advertised name given to the fake device. */
  readonly name: string;
  readonly address?: string;
  /** Absent: Bluetooth LE. */
  readonly bus?: CaseBus;
  readonly expectedName?: string;
  readonly expectedDisplayName?: string;
}

export interface RecordedCase {
  readonly devices: readonly CaseDevice[];
  /** Replaces the base config (resolved in device-test-cases/config/). */
  readonly deviceConfigFile?: string;
  /** User config (resolved in device-test-cases/config/). */
  readonly userDeviceConfigFile?: string;
  /** Runs before the device is expected to be added. */
  readonly deviceInit: readonly CaseStep[];
  readonly deviceCommands: readonly CaseStep[];
}

export type CaseStep = MessagesStep | CommandsStep | EventsStep | VersionGatedStep;
/** A step once version gates are resolved. */
export type PlainStep = MessagesStep | CommandsStep | EventsStep;

export interface MessagesStep {
  readonly kind: 'messages';
  readonly deviceIndex: number;
  readonly messages: readonly ClientCommand[];
}
export interface CommandsStep {
  readonly kind: 'commands';
  readonly deviceIndex: number;
  readonly commands: readonly ExpectedHardwareCommand[];
}
export interface EventsStep {
  readonly kind: 'events';
  readonly deviceIndex: number;
  readonly events: readonly DeviceEvent[];
}
export interface VersionGatedStep {
  readonly kind: 'versionGated';
  readonly minSpecVersion: number;
  readonly steps: readonly CaseStep[];
}

export type ClientCommand =
  | { readonly kind: 'vibrate'; readonly speeds: readonly { readonly index: number; readonly speed: number }[] }
  | {
      readonly kind: 'rotate';
      readonly rotations: readonly { readonly index: number; readonly speed: number; readonly clockwise: boolean }[];
    }
  | {
      readonly kind: 'linear';
      readonly vectors: readonly { readonly index: number; readonly durationMs: number; readonly position: number }[];
    }
  | {
      readonly kind: 'scalar';
      readonly scalars: readonly { readonly index: number; readonly scalar: number; readonly actuatorType: OutputType }[];
    }
  | { readonly kind: 'battery'; readonly expectedPower: number; readonly runAsync: boolean }
  | { readonly kind: 'stop' }
  | { readonly kind: 'rssi' };

export type ExpectedHardwareCommand =
  | { readonly kind: 'write'; readonly endpoint: string; readonly data: readonly number[]; readonly writeWithResponse: boolean }
  | { readonly kind: 'subscribe'; readonly endpoint: string }
  | { readonly kind: 'unsubscribe'; readonly endpoint: string };

export interface EndpointData {
  readonly endpoint: string;
  readonly data: readonly number[];
}

export type DeviceEvent =
  /** Delivered only while the endpoint is subscribed. */
  | { readonly kind: 'notifications'; readonly notifications: readonly EndpointData[] }
  /** Queued FIFO; each read takes the oldest. */
  | { readonly kind: 'reads'; readonly reads: readonly EndpointData[] }
  | { readonly kind: 'disconnect' };

export class RecordedCaseError extends Error {
  override name = 'RecordedCaseError';
}

// ---------------------------------------------------------------------------------------------
// YAML tags: each resolves to a marker object; the validators below turn markers into the model.

const TAG_NAMES = [
  'Messages',
  'Commands',
  'Events',
  'VersionGated',
  'Vibrate',
  'Rotate',
  'Linear',
  'Scalar',
  'Battery',
  'Stop',
  'RSSI',
  'Write',
  'Subscribe',
  'Unsubscribe',
  'Notifications',
  'Reads',
  'Disconnect',
] as const;
type TagName = (typeof TAG_NAMES)[number];

interface Tagged {
  readonly tag: TagName;
  readonly value: unknown;
}
const TAGGED = Symbol('recorded-case-tag');

function tagged(tag: TagName, value: unknown): Tagged & { [TAGGED]: true } {
  return { [TAGGED]: true, tag, value };
}

function isTagged(value: unknown): value is Tagged {
  return typeof value === 'object' && value !== null && TAGGED in value;
}

/** Each tag in its three YAML forms (mapping, sequence, scalar); the validators check which applies. */
const CUSTOM_TAGS: (CollectionTag | ScalarTag)[] = TAG_NAMES.flatMap((name): (CollectionTag | ScalarTag)[] => [
  {
    tag: `!${name}`,
    collection: 'map',
    resolve: (node: YAMLMap.Parsed | YAMLSeq.Parsed) => tagged(name, node.toJSON()),
  },
  {
    tag: `!${name}`,
    collection: 'seq',
    resolve: (node: YAMLMap.Parsed | YAMLSeq.Parsed) => tagged(name, node.toJSON()),
  },
  { tag: `!${name}`, resolve: (text: string) => tagged(name, text === '' ? null : text) },
]);

// ---------------------------------------------------------------------------------------------
// Validation helpers (each takes the path of the value for error messages)

type Path = string;

function fail(path: Path, message: string): never {
  throw new RecordedCaseError(`${path}: ${message}`);
}

function record(value: unknown, path: Path): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isTagged(value)) {
    fail(path, 'expected a mapping');
  }
  return value as Record<string, unknown>;
}

function list(value: unknown, path: Path): unknown[] {
  if (!Array.isArray(value)) fail(path, 'expected a sequence');
  return value;
}

function str(value: unknown, path: Path): string {
  if (typeof value !== 'string') fail(path, `expected a string, got ${JSON.stringify(value)}`);
  return value;
}

function optionalStr(value: unknown, path: Path): string | undefined {
  return value === undefined || value === null ? undefined : str(value, path);
}

function num(value: unknown, path: Path): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `expected a number, got ${JSON.stringify(value)}`);
  return value;
}

function uint(value: unknown, path: Path): number {
  const n = num(value, path);
  if (!Number.isInteger(n) || n < 0) fail(path, `expected a non-negative integer, got ${n}`);
  return n;
}

function bool(value: unknown, path: Path): boolean {
  if (typeof value !== 'boolean') fail(path, `expected true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** A byte written as a decimal or 0x-hex number (or a string of either). */
function byte(value: unknown, path: Path): number {
  const n =
    typeof value === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(value.trim()) ? Number(value.trim()) : num(value, path);
  if (!Number.isInteger(n) || n < 0 || n > 0xff) fail(path, `expected a byte (0–255), got ${JSON.stringify(value)}`);
  return n;
}

function bytes(value: unknown, path: Path): number[] {
  return list(value, path).map((item, i) => byte(item, `${path}[${i}]`));
}

function variant(value: unknown, path: Path, allowed: readonly TagName[]): Tagged {
  if (!isTagged(value)) fail(path, `expected one of ${allowed.map((t) => `!${t}`).join(', ')}`);
  if (!allowed.includes(value.tag)) fail(path, `!${value.tag} is not allowed here (expected ${allowed.map((t) => `!${t}`).join(', ')})`);
  return value;
}

function unitVariant(entry: Tagged, path: Path): void {
  if (entry.value !== null) fail(path, `!${entry.tag} takes no value`);
}

// ---------------------------------------------------------------------------------------------
// Variants

function clientCommand(value: unknown, path: Path): ClientCommand {
  const entry = variant(value, path, ['Vibrate', 'Rotate', 'Linear', 'Scalar', 'Battery', 'Stop', 'RSSI']);
  const at = `${path} (!${entry.tag})`;
  switch (entry.tag) {
    case 'Vibrate':
      return {
        kind: 'vibrate',
        speeds: list(entry.value, at).map((item, i) => {
          const m = record(item, `${at}[${i}]`);
          return { index: uint(m.Index, `${at}[${i}].Index`), speed: num(m.Speed, `${at}[${i}].Speed`) };
        }),
      };
    case 'Rotate':
      return {
        kind: 'rotate',
        rotations: list(entry.value, at).map((item, i) => {
          const m = record(item, `${at}[${i}]`);
          return {
            index: uint(m.Index, `${at}[${i}].Index`),
            speed: num(m.Speed, `${at}[${i}].Speed`),
            clockwise: bool(m.Clockwise, `${at}[${i}].Clockwise`),
          };
        }),
      };
    case 'Linear':
      return {
        kind: 'linear',
        vectors: list(entry.value, at).map((item, i) => {
          const m = record(item, `${at}[${i}]`);
          return {
            index: uint(m.Index, `${at}[${i}].Index`),
            durationMs: uint(m.Duration, `${at}[${i}].Duration`),
            position: num(m.Position, `${at}[${i}].Position`),
          };
        }),
      };
    case 'Scalar':
      return {
        kind: 'scalar',
        scalars: list(entry.value, at).map((item, i) => {
          const m = record(item, `${at}[${i}]`);
          const actuator = str(m.ActuatorType, `${at}[${i}].ActuatorType`);
          if (!(OUTPUT_TYPES as readonly string[]).includes(actuator)) {
            fail(`${at}[${i}].ActuatorType`, `unknown actuator type "${actuator}"`);
          }
          return {
            index: uint(m.Index, `${at}[${i}].Index`),
            scalar: num(m.Scalar, `${at}[${i}].Scalar`),
            actuatorType: actuator as OutputType,
          };
        }),
      };
    case 'Battery': {
      const m = record(entry.value, at);
      return {
        kind: 'battery',
        expectedPower: num(m.expected_power, `${at}.expected_power`),
        runAsync: bool(m.run_async, `${at}.run_async`),
      };
    }
    case 'Stop':
      unitVariant(entry, at);
      return { kind: 'stop' };
    default:
      unitVariant(entry, at);
      return { kind: 'rssi' };
  }
}

function hardwareCommand(value: unknown, path: Path): ExpectedHardwareCommand {
  const entry = variant(value, path, ['Write', 'Subscribe', 'Unsubscribe']);
  const at = `${path} (!${entry.tag})`;
  const m = record(entry.value, at);
  const endpoint = str(m.endpoint, `${at}.endpoint`);
  if (entry.tag === 'Write') {
    return {
      kind: 'write',
      endpoint,
      data: bytes(m.data, `${at}.data`),
      writeWithResponse: bool(m.write_with_response, `${at}.write_with_response`),
    };
  }
  return { kind: entry.tag === 'Subscribe' ? 'subscribe' : 'unsubscribe', endpoint };
}

function endpointData(value: unknown, path: Path): EndpointData {
  const m = record(value, path);
  return { endpoint: str(m.endpoint, `${path}.endpoint`), data: bytes(m.data, `${path}.data`) };
}

function deviceEvent(value: unknown, path: Path): DeviceEvent {
  const entry = variant(value, path, ['Notifications', 'Reads', 'Disconnect']);
  const at = `${path} (!${entry.tag})`;
  if (entry.tag === 'Disconnect') {
    unitVariant(entry, at);
    return { kind: 'disconnect' };
  }
  const items = list(entry.value, at).map((item, i) => endpointData(item, `${at}[${i}]`));
  return entry.tag === 'Notifications' ? { kind: 'notifications', notifications: items } : { kind: 'reads', reads: items };
}

function step(value: unknown, path: Path, allowMessages: boolean): CaseStep {
  const allowed: TagName[] = allowMessages
    ? ['Messages', 'Commands', 'Events', 'VersionGated']
    : ['Commands', 'Events', 'VersionGated'];
  const entry = variant(value, path, allowed);
  const at = `${path} (!${entry.tag})`;
  const m = record(entry.value, at);
  switch (entry.tag) {
    case 'Messages':
      return {
        kind: 'messages',
        deviceIndex: uint(m.device_index, `${at}.device_index`),
        messages: list(m.messages, `${at}.messages`).map((item, i) => clientCommand(item, `${at}.messages[${i}]`)),
      };
    case 'Commands':
      return {
        kind: 'commands',
        deviceIndex: uint(m.device_index, `${at}.device_index`),
        commands: list(m.commands, `${at}.commands`).map((item, i) => hardwareCommand(item, `${at}.commands[${i}]`)),
      };
    case 'Events':
      return {
        kind: 'events',
        deviceIndex: uint(m.device_index, `${at}.device_index`),
        events: list(m.events, `${at}.events`).map((item, i) => deviceEvent(item, `${at}.events[${i}]`)),
      };
    default:
      return {
        kind: 'versionGated',
        minSpecVersion: uint(m.min_spec_version, `${at}.min_spec_version`),
        steps: list(m.commands, `${at}.commands`).map((item, i) => step(item, `${at}.commands[${i}]`, allowMessages)),
      };
  }
}

function caseBus(identifier: Record<string, unknown>, path: Path): CaseBus | undefined {
  const transport = optionalStr(identifier.transport, `${path}.transport`);
  if (transport === undefined || transport === 'btle') return undefined;
  if (transport !== 'serial' && transport !== 'hid' && transport !== 'usb') {
    fail(`${path}.transport`, `expected btle, serial, hid or usb, got ${JSON.stringify(transport)}`);
  }
  const bus: { -readonly [K in keyof CaseBus]: CaseBus[K] } = { transport };
  if (identifier.vendor_id !== undefined) bus.vendorId = num(identifier.vendor_id, `${path}.vendor_id`);
  if (identifier.product_id !== undefined) bus.productId = num(identifier.product_id, `${path}.product_id`);
  const port = optionalStr(identifier.port, `${path}.port`);
  if (port !== undefined) bus.port = port;
  return bus;
}

function device(value: unknown, path: Path): CaseDevice {
  const m = record(value, path);
  const identifier = record(m.identifier, `${path}.identifier`);
  const result: { -readonly [K in keyof CaseDevice]: CaseDevice[K] } = { name: str(identifier.name, `${path}.identifier.name`) };
  const address = optionalStr(identifier.address, `${path}.identifier.address`);
  const expectedName = optionalStr(m.expected_name, `${path}.expected_name`);
  const expectedDisplayName = optionalStr(m.expected_display_name, `${path}.expected_display_name`);
  if (address !== undefined) result.address = address;
  const bus = caseBus(identifier, `${path}.identifier`);
  if (bus !== undefined) result.bus = bus;
  if (expectedName !== undefined) result.expectedName = expectedName;
  if (expectedDisplayName !== undefined) result.expectedDisplayName = expectedDisplayName;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** Parses one case file's text. `source` names the file in error messages. */
export function parseRecordedCase(text: string, source = 'recorded case'): RecordedCase {
  const parsed = parseDocument(text, { customTags: CUSTOM_TAGS, prettyErrors: true, logLevel: 'silent' });
  const [problem] = [...parsed.errors, ...parsed.warnings];
  if (problem) {
    // Unknown tags are only warnings to the YAML library; a case with one is not a valid case.
    const what = problem.code === 'TAG_RESOLVE_FAILED' ? 'unknown tag' : 'invalid YAML';
    throw new RecordedCaseError(`${source}: ${what}: ${problem.message}`);
  }
  const document: unknown = parsed.toJS();
  const top = record(document, source);
  const devices = list(top.devices, `${source}.devices`).map((item, i) => device(item, `${source}.devices[${i}]`));
  if (devices.length === 0) fail(`${source}.devices`, 'at least one device is required');
  const init = top.device_init === undefined || top.device_init === null ? [] : list(top.device_init, `${source}.device_init`);
  const result: { -readonly [K in keyof RecordedCase]: RecordedCase[K] } = {
    devices,
    deviceInit: init.map((item, i) => step(item, `${source}.device_init[${i}]`, false)),
    deviceCommands: list(top.device_commands, `${source}.device_commands`).map((item, i) =>
      step(item, `${source}.device_commands[${i}]`, true),
    ),
  };
  const deviceConfigFile = optionalStr(top.device_config_file, `${source}.device_config_file`);
  const userDeviceConfigFile = optionalStr(top.user_device_config_file, `${source}.user_device_config_file`);
  if (deviceConfigFile !== undefined) result.deviceConfigFile = deviceConfigFile;
  if (userDeviceConfigFile !== undefined) result.userDeviceConfigFile = userDeviceConfigFile;
  return result;
}

export async function loadRecordedCase(file: URL): Promise<RecordedCase> {
  const name = file.pathname.split('/').pop() ?? file.pathname;
  return parseRecordedCase(await readFile(file, 'utf8'), name);
}

/** The steps a runner at spec `version` executes: gated steps inlined when version ≥ the gate, else dropped. */
export function filterForVersion(steps: readonly CaseStep[], version: number): PlainStep[] {
  return steps.flatMap((entry): PlainStep[] => {
    if (entry.kind !== 'versionGated') return [entry];
    return version >= entry.minSpecVersion ? filterForVersion(entry.steps, version) : [];
  });
}
