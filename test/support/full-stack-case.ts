/**
 * Plays an upstream recorded device case (device-test-cases/*.yaml) through the whole server: the
 * real config loader, createServer with its machines, pipeline and protocols, a fake device on the
 * simulator or on the device bridge, and a raw JSON client at one spec version over an in-process
 * connection. Client commands become the messages the reference's per-version runners send
 * (reference-server.md §6.3); every expected hardware command is compared with what the device got.
 *
 * Three parts: planning (which cases run, at which versions), the JSON client, and the run itself.
 */
import { ReplaySubject, filter, firstValueFrom, timeout, type Observable } from 'rxjs';
import type { DeviceConfig } from '../../src/config/device-config.ts';
import { loadDeviceConfig, type LoadDeviceConfigOptions } from '../../src/config/load.ts';
import type { DeviceDefinition, FeatureDefinition } from '../../src/devices/features.ts';
import {
  BridgeManager,
  SimulatorManager,
  connectBridgeDevice,
  type BridgeCommand,
  type DeviceCommand,
  type HardwareManager,
} from '../../src/hardware/index.ts';
import { createServer, type PlugstateServer } from '../../src/server/server.ts';
import { createInProcessPair, type InProcessClientEnd } from '../../src/transport/index.ts';
import { implementedProtocols } from '../../protocols/registry.ts';
import {
  allCaseFiles,
  type CaseFile,
  CASES_DIR,
  caseConfigOptions,
  protocolForCaseDevice,
  isRepeatedWrite,
  MAX_REPEATS_PASSED,
  REPEATS_ON_A_TIMER,
  UPSTREAM_CASE_MIN_VERSION,
} from './case-config.ts';
import {
  filterForVersion,
  loadRecordedCase,
  type CaseBus,
  type CaseDevice,
  type ClientCommand,
  type DeviceEvent,
  type ExpectedHardwareCommand,
  type PlainStep,
  type RecordedCase,
} from './recorded-case.ts';

export const SPEC_VERSIONS = [4, 3, 2, 1, 0] as const;
export type SpecVersion = (typeof SPEC_VERSIONS)[number];

/** The reference's test hardware gap; a definition's message_gap_ms overrides it. */
const TEST_HARDWARE_GAP_MS = 1;

export interface CaseTiming {
  /** How long to wait for each expected hardware command (the reference waits 500 ms). */
  readonly commandMs: number;
  /** How long to wait for a reply, for the device to be announced, and for a run-async reply. */
  readonly replyMs: number;
  /** Setup may wait on purpose (the Cowgirl Cone waits 3 s after waking). */
  readonly announceMs: number;
}

export const DEFAULT_TIMING: CaseTiming = { commandMs: 500, replyMs: 2000, announceMs: 5000 };

// =============================================================================================
// Planning: which cases run, and at which spec versions

export interface CasePlan {
  /** The YAML file name. */
  readonly file: string;
  readonly testCase: RecordedCase;
  /** How to load this case's device config (fresh for every run: loading assigns indexes). */
  readonly configOptions: LoadDeviceConfigOptions;
  /** The first protocol the config matches for the device's advertised name. */
  readonly protocol: string;
  /** The fake device's address: the case's, else one made from the file name. */
  readonly address: string;
  /**
   * The definitions the device may identify as (by expected_name; the protocol defaults when the
   * case names none). Versions are decided against every one of them.
   */
  readonly definitions: readonly DeviceDefinition[];
  /** The versions at which every client command of the case can be expressed, newest first. */
  readonly versions: readonly SpecVersion[];
}

export interface SkippedCase {
  readonly file: string;
  readonly reason: string;
}

/** Planning loads the same few configs for every case; runs never use these (they load afresh). */
const planningConfigs = new Map<string, DeviceConfig>();

/** A config for planning only: protocolsFor and definition never change it (deviceIndex would). */
function planningConfig(options: LoadDeviceConfigOptions): DeviceConfig {
  const key = JSON.stringify(options);
  let config = planningConfigs.get(key);
  if (!config) {
    config = loadDeviceConfig(options);
    planningConfigs.set(key, config);
  }
  return config;
}

function candidateDefinitions(config: DeviceConfig, protocol: string, device: CaseDevice, address: string): DeviceDefinition[] {
  const identifiers = new Set([undefined, ...config.definitionsOf(protocol).map((definition) => definition.identifier)]);
  const definitions = [...identifiers].map((identifier) => config.definition(protocol, identifier, address));
  const unique = [...new Set(definitions.filter((d): d is DeviceDefinition => d !== undefined))];
  if (device.expectedName === undefined) return unique.slice(0, 1);
  return unique.filter((definition) => definition.name === device.expectedName);
}

// ---- what each spec version can express -----------------------------------------------------

const featuresWith = (definition: DeviceDefinition, test: (feature: FeatureDefinition) => boolean) =>
  definition.features.filter(test);

/** Why a client command cannot be sent at `version` to this device, or undefined when it can. */
export function inexpressible(command: ClientCommand, version: SpecVersion, definition: DeviceDefinition): string | undefined {
  if (version === 4) return command.kind === 'rssi' ? '!RSSI has no message' : undefined;
  switch (command.kind) {
    case 'stop':
      return undefined;
    case 'rssi':
      return '!RSSI has no message';
    case 'vibrate': {
      if (version > 0) return undefined;
      const vibrators = featuresWith(definition, (f) => f.outputs.Vibrate !== undefined).length;
      if (vibrators !== 1) return `SingleMotorVibrateCmd drives all ${vibrators} vibrators together`;
      if (command.speeds.length !== 1 || command.speeds[0].index !== 0) return 'SingleMotorVibrateCmd has one speed';
      return undefined;
    }
    case 'rotate': {
      if (version === 0) return 'v0 cannot rotate';
      // RotateCmd's Index counts signed rotators only; the v4 runner counts every rotator.
      const rotators = featuresWith(definition, (f) => f.outputs.Rotate !== undefined);
      const signed = rotators.filter((f) => (f.outputs.Rotate?.value[0] ?? 0) < 0);
      const bad = command.rotations.find(({ index }) => !signed[index] || signed[index] !== rotators[index]);
      return bad ? `RotateCmd cannot address rotator ${bad.index} (not a signed rotator at that position)` : undefined;
    }
    case 'linear': {
      if (version === 0) return 'v0 has no LinearCmd';
      // LinearCmd's Index counts linear features; the v4 runner takes it as a feature index.
      const linears = featuresWith(definition, (f) => f.outputs.HwPositionWithDuration !== undefined);
      const bad = command.vectors.find(({ index }) => linears[index]?.index !== index);
      return bad ? `LinearCmd index ${bad.index} names another feature than feature ${bad.index}` : undefined;
    }
    case 'scalar':
      return version >= 3 ? undefined : `v${version} has no ScalarCmd`;
    case 'battery':
      return version >= 2 ? undefined : `v${version} cannot read the battery`;
  }
}

function clientCommands(steps: readonly PlainStep[]): ClientCommand[] {
  return steps.flatMap((step) => (step.kind === 'messages' ? step.messages : []));
}

/** Why the case cannot run at `version` against these definitions, or undefined when it can. */
export function versionBlocker(
  testCase: RecordedCase,
  version: SpecVersion,
  definitions: readonly DeviceDefinition[],
): string | undefined {
  const commands = clientCommands(filterForVersion([...testCase.deviceInit, ...testCase.deviceCommands], version));
  for (const definition of definitions) {
    for (const command of commands) {
      const reason = inexpressible(command, version, definition);
      if (reason) return `${definition.name}: ${reason}`;
    }
  }
  return undefined;
}

/** Plans one case, or says why it is not run (not a single device, protocol not implemented, …). */
export function planCase(file: string, testCase: RecordedCase, casesDir: URL = CASES_DIR): CasePlan | SkippedCase {
  if (testCase.devices.length !== 1) return { file, reason: `${testCase.devices.length} devices (only single-device cases run)` };
  const [device] = testCase.devices;
  const configOptions = caseConfigOptions(testCase, casesDir);
  const config = planningConfig(configOptions);
  const protocol = protocolForCaseDevice(config, device);
  if (protocol === undefined) return { file, reason: `no protocol matches "${device.name}"` };
  if (!implementedProtocols().includes(protocol)) return { file, reason: `protocol ${protocol} is not implemented` };
  const address = device.address ?? `recorded-${file.replace(/\.yaml$/, '')}`;
  const definitions = candidateDefinitions(config, protocol, device, address);
  if (definitions.length === 0) {
    return { file, reason: `${protocol} has no definition named "${device.expectedName ?? '(defaults)'}"` };
  }
  const minVersion = casesDir === CASES_DIR ? (UPSTREAM_CASE_MIN_VERSION[file]?.version ?? 0) : 0;
  const versions = SPEC_VERSIONS.filter(
    (version) => version >= minVersion && versionBlocker(testCase, version, definitions) === undefined,
  );
  return { file, testCase, configOptions, protocol, address, definitions, versions };
}

export function isPlan(entry: CasePlan | SkippedCase): entry is CasePlan {
  return 'versions' in entry;
}

/** Every case (upstream and the project's own), planned. */
export async function planAllCases(files: readonly CaseFile[] = allCaseFiles()): Promise<(CasePlan | SkippedCase)[]> {
  return Promise.all(files.map(async ({ file, dir }) => planCase(file, await loadRecordedCase(new URL(file, dir)), dir)));
}

// =============================================================================================
// The raw JSON client

export interface WireMessage {
  readonly type: string;
  readonly body: Readonly<Record<string, any>>;
}

function describeWire(message: WireMessage): string {
  return `${message.type} ${JSON.stringify(message.body)}`;
}

/** Speaks raw JSON frames over an in-process connection and keeps everything the server sent. */
export class JsonClient {
  private nextId = 1;
  private readonly received = new ReplaySubject<WireMessage>();
  private readonly log: WireMessage[] = [];

  private constructor(private readonly end: InProcessClientEnd) {
    end.messages.subscribe({
      next: (text) => {
        for (const item of JSON.parse(text) as Record<string, Record<string, any>>[]) {
          const [type, body] = Object.entries(item)[0];
          const message = { type, body };
          this.log.push(message);
          this.received.next(message);
        }
      },
      complete: () => this.received.complete(),
    });
  }

  static open(server: PlugstateServer): JsonClient {
    const { server: serverEnd, client } = createInProcessPair();
    const json = new JsonClient(client);
    server.accept(serverEnd);
    return json;
  }

  /** Everything received so far. */
  get messages(): readonly WireMessage[] {
    return this.log.slice();
  }

  get messages$(): Observable<WireMessage> {
    return this.received.asObservable();
  }

  /** Sends these messages in ONE frame; returns their Ids in order. */
  sendFrame(messages: readonly { readonly type: string; readonly body: Record<string, unknown> }[]): number[] {
    const ids = messages.map(() => this.nextId++);
    this.end.send(JSON.stringify(messages.map(({ type, body }, i) => ({ [type]: { Id: ids[i], ...body } }))));
    return ids;
  }

  /** The first message (already received or arriving within ms) that satisfies `test`. */
  waitFor(test: (message: WireMessage) => boolean, what: string, ms: number): Promise<WireMessage> {
    return firstValueFrom(
      this.received.pipe(
        filter(test),
        timeout({
          first: ms,
          with: () => {
            throw new Error(`no ${what} within ${ms} ms (received: ${this.log.map(describeWire).join('; ') || 'nothing'})`);
          },
        }),
      ),
    ).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'EmptyError') throw new Error(`the connection closed before ${what}`);
      throw error;
    });
  }

  /** The reply carrying `id`; an Error reply is a failure. */
  async reply(id: number, ms: number, expectedType?: string): Promise<WireMessage> {
    const reply = await this.waitFor((m) => m.body.Id === id, `reply to message ${id}`, ms);
    if (reply.type === 'Error' || (expectedType !== undefined && reply.type !== expectedType)) {
      throw new Error(`message ${id} was answered with ${describeWire(reply)}${expectedType ? ` (expected ${expectedType})` : ''}`);
    }
    return reply;
  }

  close(): void {
    this.end.close();
  }
}

export function requestServerInfo(version: SpecVersion): Record<string, unknown> {
  if (version === 0) return { ClientName: 'recorded case runner' };
  if (version < 4) return { ClientName: 'recorded case runner', MessageVersion: version };
  return { ClientName: 'recorded case runner', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 };
}

// =============================================================================================
// Client commands as each version's runner sends them

interface WireOutput {
  readonly Value: readonly [number, number];
  readonly Duration?: readonly [number, number];
}
interface WireFeature {
  readonly FeatureIndex: number;
  readonly Output?: Readonly<Record<string, WireOutput>>;
  readonly Input?: Readonly<Record<string, unknown>>;
}

/** The device as the client knows it from its announcement. */
export interface AnnouncedDevice {
  readonly index: number;
  readonly name: string;
  readonly displayName: string | undefined;
  /** v4 only: features by ascending FeatureIndex. */
  readonly features: readonly WireFeature[];
}

/** A client message plus how to check its answer. */
interface Outgoing {
  readonly type: string;
  readonly body: Record<string, unknown>;
  /** The reply type expected (Ok unless a reading). */
  readonly replyType: string;
  /** Checks a reading; throws on a mismatch. */
  readonly checkReply?: (reply: WireMessage) => void;
}

/** The client library's fraction → step conversion (ceil; floor at or below 1e-6). */
export function fractionToSteps(fraction: number, steps: number): number {
  const product = fraction * steps;
  return product > 0.000001 ? Math.ceil(product) : Math.floor(product);
}

function nth(features: readonly WireFeature[], n: number, test: (f: WireFeature) => boolean, what: string): WireFeature {
  const feature = features.filter(test)[n];
  if (!feature) throw new Error(`the device has no ${what} feature #${n}`);
  return feature;
}

function outputRange(feature: WireFeature, type: string): WireOutput {
  const output = feature.Output?.[type];
  if (!output) throw new Error(`feature ${feature.FeatureIndex} advertises no ${type} output`);
  return output;
}

function outputCmd(device: AnnouncedDevice, feature: WireFeature, type: string, fraction: number, duration?: number): Outgoing {
  const steps = outputRange(feature, type).Value[1];
  const value = fractionToSteps(fraction, steps);
  return {
    type: 'OutputCmd',
    body: {
      DeviceIndex: device.index,
      FeatureIndex: feature.FeatureIndex,
      Command: { [type]: duration === undefined ? { Value: value } : { Value: value, Duration: duration } },
    },
    replyType: 'Ok',
  };
}

const isScalarTarget = (f: WireFeature) => {
  const out = f.Output ?? {};
  return (
    out.Vibrate !== undefined ||
    out.Oscillate !== undefined ||
    out.Constrict !== undefined ||
    (out.Rotate !== undefined && out.Rotate.Value[0] >= 0)
  );
};

function batteryCheck(expected: number, read: (reply: WireMessage) => number): (reply: WireMessage) => void {
  return (reply) => {
    const level = read(reply);
    if (level !== expected) throw new Error(`battery: expected ${expected}, got ${level} (${describeWire(reply)})`);
  };
}

/** v4: one OutputCmd per subcommand (sent together), InputCmd Read, StopCmd. */
function v4Messages(command: ClientCommand, device: AnnouncedDevice): Outgoing[] {
  const { features } = device;
  switch (command.kind) {
    case 'vibrate':
      return command.speeds.map(({ index, speed }) =>
        outputCmd(device, nth(features, index, (f) => f.Output?.Vibrate !== undefined, 'Vibrate'), 'Vibrate', speed),
      );
    case 'rotate':
      return command.rotations.map(({ index, speed, clockwise }) =>
        outputCmd(device, nth(features, index, (f) => f.Output?.Rotate !== undefined, 'Rotate'), 'Rotate', clockwise ? speed : -speed),
      );
    case 'linear':
      return command.vectors.map(({ index, position, durationMs }) => {
        const feature = features.find((f) => f.FeatureIndex === index);
        if (!feature) throw new Error(`the device has no feature ${index}`);
        return outputCmd(device, feature, 'HwPositionWithDuration', position, durationMs);
      });
    case 'scalar':
      return command.scalars.map(({ index, scalar, actuatorType }) =>
        outputCmd(device, nth(features, index, isScalarTarget, 'scalar'), actuatorType, scalar),
      );
    case 'battery': {
      const feature = nth(features, 0, (f) => f.Input?.Battery !== undefined, 'Battery input');
      return [
        {
          type: 'InputCmd',
          body: { DeviceIndex: device.index, FeatureIndex: feature.FeatureIndex, Type: 'Battery', Command: 'Read' },
          replyType: 'InputReading',
          checkReply: batteryCheck(command.expectedPower, (reply) => reply.body.Reading?.Battery?.Value / 100),
        },
      ];
    }
    case 'stop':
      return [{ type: 'StopCmd', body: { DeviceIndex: device.index }, replyType: 'Ok' }];
    case 'rssi':
      throw new Error('!RSSI has no message');
  }
}

/** v0–v3: the native legacy message. */
function legacyMessage(command: ClientCommand, device: AnnouncedDevice, version: SpecVersion): Outgoing {
  const DeviceIndex = device.index;
  switch (command.kind) {
    case 'vibrate':
      if (version === 0) {
        return { type: 'SingleMotorVibrateCmd', body: { DeviceIndex, Speed: command.speeds[0].speed }, replyType: 'Ok' };
      }
      return {
        type: 'VibrateCmd',
        body: { DeviceIndex, Speeds: command.speeds.map(({ index, speed }) => ({ Index: index, Speed: speed })) },
        replyType: 'Ok',
      };
    case 'rotate':
      return {
        type: 'RotateCmd',
        body: {
          DeviceIndex,
          Rotations: command.rotations.map(({ index, speed, clockwise }) => ({ Index: index, Speed: speed, Clockwise: clockwise })),
        },
        replyType: 'Ok',
      };
    case 'linear':
      return {
        type: 'LinearCmd',
        body: {
          DeviceIndex,
          Vectors: command.vectors.map(({ index, durationMs, position }) => ({ Index: index, Duration: durationMs, Position: position })),
        },
        replyType: 'Ok',
      };
    case 'scalar':
      return {
        type: 'ScalarCmd',
        body: {
          DeviceIndex,
          Scalars: command.scalars.map(({ index, scalar, actuatorType }) => ({ Index: index, Scalar: scalar, ActuatorType: actuatorType })),
        },
        replyType: 'Ok',
      };
    case 'battery':
      if (version === 2) {
        return {
          type: 'BatteryLevelCmd',
          body: { DeviceIndex },
          replyType: 'BatteryLevelReading',
          checkReply: batteryCheck(command.expectedPower, (reply) => reply.body.BatteryLevel),
        };
      }
      return {
        type: 'SensorReadCmd',
        body: { DeviceIndex, SensorIndex: 0, SensorType: 'Battery' },
        replyType: 'SensorReading',
        checkReply: batteryCheck(command.expectedPower, (reply) => reply.body.Data?.[0] / 100),
      };
    case 'stop':
      return { type: 'StopDeviceCmd', body: { DeviceIndex }, replyType: 'Ok' };
    case 'rssi':
      throw new Error('!RSSI has no message');
  }
}

/** The messages one client command becomes at `version`; they go out in one frame. */
export function messagesFor(command: ClientCommand, device: AnnouncedDevice, version: SpecVersion): Outgoing[] {
  return version === 4 ? v4Messages(command, device) : [legacyMessage(command, device, version)];
}

// =============================================================================================
// The device side: a simulated device or a device on the bridge

/** What the runner needs of the device's end (SimulatedDevice and BridgeDevice both have it). */
export interface DeviceEnd {
  nextCommand(timeoutMs: number): Promise<DeviceCommand | BridgeCommand>;
  notify(endpoint: string, data: readonly number[]): unknown;
  queueRead(endpoint: string, data: readonly number[]): void;
  disconnect(): void;
}

export interface DeviceSide {
  readonly managers: readonly HardwareManager[];
  /** Brings the device in (called once the client has started scanning). */
  attach(): Promise<DeviceEnd>;
  close(): Promise<void>;
}

export interface DeviceIdentity {
  readonly name: string;
  readonly address: string;
  /** Absent: Bluetooth LE. */
  readonly bus?: CaseBus;
}

export type DeviceSideKind = 'simulator' | 'bridge';

/** A simulated device, offered when the scan starts. */
export function simulatorSide(identity: DeviceIdentity): DeviceSide {
  const sim = new SimulatorManager();
  const device = sim.addDevice({ name: identity.name, address: identity.address, ...identity.bus, messageGapMs: TEST_HARDWARE_GAP_MS });
  return {
    managers: [sim],
    attach: async () => device,
    close: () => sim.close(),
  };
}

/** A device that dials into a device bridge on a loopback port. */
export async function bridgeSide(identity: DeviceIdentity): Promise<DeviceSide> {
  const bridge = new BridgeManager({ port: 0, pingIntervalMs: 0 });
  await bridge.start();
  const url = bridge.url;
  if (url === undefined) throw new Error('the device bridge did not report its address');
  let closeDevice: (() => Promise<unknown>) | undefined;
  return {
    managers: [bridge],
    attach: async () => {
      const device = await connectBridgeDevice(url, {
        version: 1,
        identifier: identity.name,
        address: identity.address,
        transport: 'btle',
        ...identity.bus,
        messageGapMs: TEST_HARDWARE_GAP_MS,
      });
      closeDevice = () => device.close();
      return {
        nextCommand: (ms) => device.nextCommand(ms),
        notify: (endpoint, data) => device.notify(endpoint, data),
        queueRead: (endpoint, data) => device.queueRead(endpoint, data),
        disconnect: () => void device.close(),
      };
    },
    close: async () => {
      await closeDevice?.();
      await bridge.close();
    },
  };
}

// =============================================================================================
// The run

export interface CaseRunReport {
  readonly version: SpecVersion;
  readonly announced: AnnouncedDevice;
  /** Expected hardware commands that matched. */
  readonly commandsChecked: number;
  /** Client messages sent after the handshake and scan (each answered as expected). */
  readonly messagesAnswered: number;
  /** Replies whose content was checked (battery levels): what an input-only device's case checks. */
  readonly repliesChecked: number;
}

function bytesText(data: readonly number[] | Uint8Array): string {
  const text = String.fromCharCode(...data).replace(/[^\x20-\x7e]/g, '.');
  return `[${[...data].join(', ')}] "${text}"`;
}

function describeActual(command: DeviceCommand | BridgeCommand): string {
  if (command.kind === 'binary') return `binary ${bytesText(command.data)}`;
  if (command.kind !== 'write') return `${command.kind} ${command.endpoint}`;
  return `write ${command.endpoint} ${bytesText(command.data)} withResponse=${command.withResponse}`;
}

function describeExpected(command: ExpectedHardwareCommand): string {
  if (command.kind !== 'write') return `${command.kind} ${command.endpoint}`;
  return `write ${command.endpoint} ${bytesText(command.data)} withResponse=${command.writeWithResponse}`;
}

function sameCommand(actual: DeviceCommand | BridgeCommand, expected: ExpectedHardwareCommand): boolean {
  if (actual.kind === 'binary' || actual.kind !== expected.kind || actual.endpoint !== expected.endpoint) return false;
  if (actual.kind !== 'write' || expected.kind !== 'write') return true;
  return (
    actual.withResponse === expected.writeWithResponse &&
    actual.data.length === expected.data.length &&
    expected.data.every((byte, i) => actual.data[i] === byte)
  );
}

function announcedFrom(message: WireMessage, version: SpecVersion): AnnouncedDevice {
  const entry: Record<string, any> =
    version === 4 ? (Object.values(message.body.Devices as Record<string, any>)[0] as Record<string, any>) : message.body;
  const features = version === 4 ? (Object.values(entry.DeviceFeatures ?? {}) as WireFeature[]) : [];
  return {
    index: entry.DeviceIndex,
    name: entry.DeviceName,
    displayName: entry.DeviceDisplayName,
    features: [...features].sort((a, b) => a.FeatureIndex - b.FeatureIndex),
  };
}

class CaseRun {
  private commandsChecked = 0;
  private messagesAnswered = 0;
  private repliesChecked = 0;
  private readonly background: Promise<void>[] = [];
  private announced: AnnouncedDevice | undefined;
  private lastMatched: DeviceCommand | BridgeCommand | undefined;

  constructor(
    private readonly plan: CasePlan,
    private readonly version: SpecVersion,
    private readonly client: JsonClient,
    private readonly timing: CaseTiming,
  ) {}

  async run(side: DeviceSide): Promise<CaseRunReport> {
    const { version, client, timing, plan } = this;
    const [handshakeId] = client.sendFrame([{ type: 'RequestServerInfo', body: requestServerInfo(version) }]);
    await client.reply(handshakeId, timing.replyMs, 'ServerInfo');
    const [scanId] = client.sendFrame([{ type: 'StartScanning', body: {} }]);
    await client.reply(scanId, timing.replyMs, 'Ok');
    const device = await side.attach();

    for (const [i, step] of filterForVersion(plan.testCase.deviceInit, version).entries()) {
      await this.runStep(step, device, `device_init[${i}]`);
    }
    const announced = await this.waitForAnnouncement();
    for (const [i, step] of filterForVersion(plan.testCase.deviceCommands, version).entries()) {
      await this.runStep(step, device, `device_commands[${i}]`);
    }
    await Promise.all(this.background);
    const unsolicited = client.messages.filter((m) => m.type === 'Error' && m.body.Id === 0);
    if (unsolicited.length > 0) throw new Error(`unsolicited errors: ${unsolicited.map(describeWire).join('; ')}`);
    return {
      version,
      announced,
      commandsChecked: this.commandsChecked,
      messagesAnswered: this.messagesAnswered,
      repliesChecked: this.repliesChecked,
    };
  }

  private async waitForAnnouncement(): Promise<AnnouncedDevice> {
    const { version, plan } = this;
    const message = await this.client.waitFor(
      (m) =>
        m.body.Id === 0 &&
        (version === 4 ? m.type === 'DeviceList' && Object.keys(m.body.Devices ?? {}).length > 0 : m.type === 'DeviceAdded'),
      version === 4 ? 'DeviceList event with the device' : 'DeviceAdded',
      this.timing.announceMs,
    );
    const announced = announcedFrom(message, version);
    const [expected] = plan.testCase.devices;
    const expectedName = expected.expectedName ?? plan.definitions[0].name;
    if (announced.name !== expectedName) {
      throw new Error(`expected the device to be announced as "${expectedName}", got "${announced.name}"`);
    }
    if (version >= 3 && expected.expectedDisplayName !== undefined && announced.displayName !== expected.expectedDisplayName) {
      throw new Error(`expected display name "${expected.expectedDisplayName}", got ${JSON.stringify(announced.displayName)}`);
    }
    this.announced = announced;
    return announced;
  }

  private async runStep(step: PlainStep, device: DeviceEnd, where: string): Promise<void> {
    try {
      if (step.deviceIndex !== 0) throw new Error('only single-device cases are supported');
      if (step.kind === 'commands') {
        for (const expected of step.commands) await this.expectCommand(device, expected);
      } else if (step.kind === 'events') {
        for (const event of step.events) this.pushEvent(device, event);
      } else {
        for (const command of step.messages) await this.send(command);
      }
    } catch (error) {
      throw new Error(`v${this.version} ${where} (!${step.kind}): ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }

  private async expectCommand(device: DeviceEnd, expected: ExpectedHardwareCommand): Promise<void> {
    let actual = await this.nextCommand(device, expected);
    const repeats = REPEATS_ON_A_TIMER.has(this.plan.protocol);
    for (let passed = 0; repeats && passed < MAX_REPEATS_PASSED && !sameCommand(actual, expected) && isRepeatedWrite(actual, this.lastMatched); passed++) {
      actual = await this.nextCommand(device, expected);
    }
    if (!sameCommand(actual, expected)) {
      throw new Error(`expected ${describeExpected(expected)}\n     got ${describeActual(actual)}`);
    }
    this.lastMatched = actual;
    this.commandsChecked += 1;
  }

  private async nextCommand(device: DeviceEnd, expected: ExpectedHardwareCommand): Promise<DeviceCommand | BridgeCommand> {
    try {
      return await device.nextCommand(this.timing.commandMs);
    } catch {
      throw new Error(`expected ${describeExpected(expected)}, but the device got nothing within ${this.timing.commandMs} ms`);
    }
  }

  private pushEvent(device: DeviceEnd, event: DeviceEvent): void {
    if (event.kind === 'reads') {
      for (const read of event.reads) device.queueRead(read.endpoint, read.data);
    } else if (event.kind === 'notifications') {
      for (const notification of event.notifications) device.notify(notification.endpoint, notification.data);
    } else {
      device.disconnect();
    }
  }

  private async send(command: ClientCommand): Promise<void> {
    if (!this.announced) throw new Error('client messages before the device was announced');
    const outgoing = messagesFor(command, this.announced, this.version);
    const ids = this.client.sendFrame(outgoing);
    const answered = Promise.all(
      outgoing.map(async (message, i) => {
        const reply = await this.client.reply(ids[i], this.timing.replyMs, message.replyType);
        if (message.checkReply) {
          message.checkReply(reply);
          this.repliesChecked += 1;
        }
        this.messagesAnswered += 1;
      }),
    ).then(() => undefined);
    if (command.kind === 'battery' && command.runAsync) {
      // The device side of the read is played by the following steps; checked at the end.
      answered.catch(() => undefined);
      this.background.push(answered);
      return;
    }
    await answered;
  }
}

/**
 * Runs one planned case at one spec version on a fresh server and device; throws an Error naming
 * the step and the mismatch. The server is closed afterwards whatever happened.
 */
export async function runFullStackCase(
  plan: CasePlan,
  version: SpecVersion,
  sideKind: DeviceSideKind = 'simulator',
  timing: CaseTiming = DEFAULT_TIMING,
): Promise<CaseRunReport> {
  if (!plan.versions.includes(version)) throw new Error(`${plan.file} does not apply at v${version}`);
  const [device] = plan.testCase.devices;
  const identity = { name: device.name, address: plan.address, ...(device.bus && { bus: device.bus }) };
  const side = sideKind === 'simulator' ? simulatorSide(identity) : await bridgeSide(identity);
  const server = createServer({ deviceConfig: loadDeviceConfig(plan.configOptions), managers: side.managers });
  const client = JsonClient.open(server);
  try {
    return await new CaseRun(plan, version, client, timing).run(side);
  } finally {
    client.close();
    await server.close();
    await side.close();
  }
}
