/**
 * Runs a recorded device case at the protocol level: the case's device is a simulated device, the
 * protocol's identify/initialize/output drive its hardware, and the expected hardware commands are
 * compared with what the device recorded. Client commands are converted as the reference v4
 * runner does. Throws an Error describing the first mismatch.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { DeviceConfig } from '../../src/config/device-config.ts';
import type { DeviceDefinition } from '../../src/devices/features.ts';
import type { DeviceCommand } from '../../src/hardware/device-command.ts';
import type { Protocol, ProtocolHandler } from '../../protocols/kit/types.ts';
import {
  caseDiscovery,
  caseEndpoints,
  isRepeatedWrite,
  MAX_REPEATS_PASSED,
  protocolForCaseDevice,
  REPEATS_ON_A_TIMER,
} from '../support/case-config.ts';
import {
  type ClientCommand,
  type DeviceEvent,
  type ExpectedHardwareCommand,
  type PlainStep,
  type RecordedCase,
  filterForVersion,
} from '../support/recorded-case.ts';
import { connectSimulated, specifierOf, type SimulatedConnection } from '../support/simulated-hardware.ts';
import { outputsForClientCommand, stopOutputs } from './client-commands.ts';
import { OutputPipeline } from './output-pipeline.ts';

export interface ProtocolCaseOptions {
  readonly protocolFor: (name: string) => Protocol | undefined;
  /** Spec version for !VersionGated (default 4). */
  readonly version?: number;
  /** Event-loop turns to wait for an expected command before failing (default 200). */
  readonly patience?: number;
}

export interface ProtocolCaseReport {
  readonly protocol: string;
  readonly identifier: string | undefined;
  readonly definition: DeviceDefinition;
  /** Expected hardware commands that were matched. */
  readonly commandsChecked: number;
  /** Battery reads that returned the expected level. */
  readonly batteryReads: number;
}

/** How long setup may take in real time (protocols that wait on purpose, like the Cowgirl Cone's 3 s). */
const CONNECT_GRACE_MS = 5000;

interface Connected {
  readonly identifier: string | undefined;
  readonly definition: DeviceDefinition;
  readonly handler: ProtocolHandler;
  readonly pipeline: OutputPipeline;
}

function describeCommand(command: DeviceCommand | ExpectedHardwareCommand): string {
  if (command.kind !== 'write') return `${command.kind} ${command.endpoint}`;
  const withResponse = 'withResponse' in command ? command.withResponse : command.writeWithResponse;
  const text = String.fromCharCode(...command.data).replace(/[^\x20-\x7e]/g, '.');
  return `write ${command.endpoint} [${command.data.join(', ')}] "${text}" withResponse=${withResponse}`;
}

function sameCommand(actual: DeviceCommand, expected: ExpectedHardwareCommand): boolean {
  if (actual.kind !== expected.kind || actual.endpoint !== expected.endpoint) return false;
  if (actual.kind !== 'write' || expected.kind !== 'write') return true;
  return (
    actual.withResponse === expected.writeWithResponse &&
    actual.data.length === expected.data.length &&
    actual.data.every((byte, i) => byte === expected.data[i])
  );
}

class CaseRun {
  private cursor = 0;
  private commandsChecked = 0;
  private batteryReads = 0;
  private connected: Connected | undefined;
  private connectError: unknown;
  private readonly background: Promise<void>[] = [];

  constructor(
    private readonly testCase: RecordedCase,
    private readonly simulated: SimulatedConnection,
    private readonly protocol: Protocol,
    private readonly config: DeviceConfig,
    private readonly patience: number,
  ) {}

  async run(version: number): Promise<ProtocolCaseReport> {
    const connecting = this.connect().then(
      (connected) => {
        this.connected = connected;
      },
      (error: unknown) => {
        this.connectError = error ?? new Error('connect failed');
      },
    );
    for (const [i, step] of filterForVersion(this.testCase.deviceInit, version).entries()) {
      await this.runStep(step, `device_init[${i}]`);
    }
    await this.until(() => this.connected !== undefined, 'the device to connect', CONNECT_GRACE_MS);
    await connecting;
    const connected = this.requireConnected();
    this.checkNames(connected.definition);
    for (const [i, step] of filterForVersion(this.testCase.deviceCommands, version).entries()) {
      await this.runStep(step, `device_commands[${i}]`);
    }
    await Promise.all(this.background);
    return {
      protocol: this.protocol.name,
      identifier: connected.identifier,
      definition: connected.definition,
      commandsChecked: this.commandsChecked,
      batteryReads: this.batteryReads,
    };
  }

  dispose(): void {
    this.connected?.handler.dispose?.();
    this.simulated.device.disconnect();
  }

  private async connect(): Promise<Connected> {
    const { protocol } = this;
    const { hardware, candidate } = this.simulated;
    const identifier = await protocol.identify({ hardware, candidate });
    const configured = protocol.configurationProtocol?.(identifier) ?? protocol.name;
    const definition = this.config.definition(configured, identifier, hardware.address);
    if (!definition) throw new Error(`${protocol.name}: no definition for identifier ${JSON.stringify(identifier)}`);
    const handler = await protocol.initialize({ hardware, definition });
    const pipeline = new OutputPipeline(handler, hardware);
    if (handler.keepalive.kind === 'repeatLastWrite') {
      // Keepalive protocols are stopped at connect, so the first packet is all-off.
      for (const output of stopOutputs(definition)) pipeline.submit(output);
      await pipeline.flush();
    }
    return { identifier, definition, handler, pipeline };
  }

  private requireConnected(): Connected {
    if (this.connectError !== undefined) throw this.connectError;
    if (!this.connected) throw new Error('the device is not connected');
    return this.connected;
  }

  private checkNames(definition: DeviceDefinition): void {
    const expected = this.testCase.devices[0];
    if (expected.expectedName !== undefined && expected.expectedName !== definition.name) {
      throw new Error(`expected device name "${expected.expectedName}", got "${definition.name}"`);
    }
    if (expected.expectedDisplayName !== undefined && expected.expectedDisplayName !== definition.displayName) {
      throw new Error(`expected display name "${expected.expectedDisplayName}", got "${definition.displayName}"`);
    }
  }

  /**
   * Yields to the event loop until the condition holds; fails early if connecting failed. With
   * `graceMs`, keeps polling in real time that long after the turns run out (setup that waits on
   * a timer, like the Cowgirl Cone's 3 s).
   */
  private async until(condition: () => boolean, what: string, graceMs = 0): Promise<void> {
    for (let turn = 0; turn < this.patience; turn++) {
      if (condition()) return;
      if (this.connectError !== undefined) throw this.connectError;
      await nextTurn();
    }
    const deadline = Date.now() + graceMs;
    while (!condition() && this.connectError === undefined && Date.now() < deadline) await sleep(10);
    if (condition()) return;
    if (this.connectError !== undefined) throw this.connectError;
    throw new Error(`timed out waiting for ${what}`);
  }

  private async runStep(step: PlainStep, where: string): Promise<void> {
    if (step.deviceIndex !== 0) throw new Error(`${where}: only single-device cases are supported`);
    try {
      if (step.kind === 'commands') {
        for (const expected of step.commands) await this.expectCommand(expected);
      } else if (step.kind === 'events') {
        for (const event of step.events) this.pushEvent(event);
      } else {
        await this.runMessages(step.messages);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${where} (!${step.kind}): ${message}`, { cause: error });
    }
  }

  private async expectCommand(expected: ExpectedHardwareCommand): Promise<void> {
    const log = () => this.simulated.device.commands;
    await this.until(() => log().length > this.cursor, `${describeCommand(expected)}`);
    let actual = log()[this.cursor];
    const repeats = REPEATS_ON_A_TIMER.has(this.protocol.name);
    for (let passed = 0; repeats && passed < MAX_REPEATS_PASSED && !sameCommand(actual, expected) && isRepeatedWrite(actual, log()[this.cursor - 1]); passed++) {
      this.cursor += 1;
      await this.until(() => log().length > this.cursor, `${describeCommand(expected)}`);
      actual = log()[this.cursor];
    }
    if (!sameCommand(actual, expected)) {
      throw new Error(`expected ${describeCommand(expected)}\n     got ${describeCommand(actual)}`);
    }
    this.cursor += 1;
    this.commandsChecked += 1;
  }

  private pushEvent(event: DeviceEvent): void {
    const { device } = this.simulated;
    if (event.kind === 'reads') {
      for (const read of event.reads) device.queueRead(read.endpoint, read.data);
    } else if (event.kind === 'notifications') {
      for (const notification of event.notifications) device.notify(notification.endpoint, notification.data);
    } else {
      device.disconnect();
    }
  }

  private async runMessages(messages: readonly ClientCommand[]): Promise<void> {
    const { definition, pipeline, handler } = this.requireConnected();
    for (const message of messages) {
      if (message.kind === 'rssi') throw new Error('!RSSI is not supported (the reference runners panic on it too)');
      if (message.kind === 'battery') {
        const read = this.readBattery(definition, handler, message.expectedPower);
        if (message.runAsync) {
          // Checked at the end of the case; marked handled so an early failure is not reported twice.
          read.catch(() => undefined);
          this.background.push(read);
        } else {
          await read;
        }
        continue;
      }
      const outputs = message.kind === 'stop' ? stopOutputs(definition) : outputsForClientCommand(definition, message);
      for (const output of outputs) pipeline.submit(output);
      await pipeline.flush();
    }
  }

  private async readBattery(definition: DeviceDefinition, handler: ProtocolHandler, expectedPower: number): Promise<void> {
    const feature = definition.features.find((f) => f.inputs.Battery !== undefined);
    if (!feature) throw new Error(`${definition.name} has no battery feature`);
    if (!handler.readInput) throw new Error(`${this.protocol.name} cannot read inputs`);
    const level = await handler.readInput(this.simulated.hardware, feature.index, 'Battery');
    if (level / 100 !== expectedPower) throw new Error(`battery: expected ${expectedPower * 100}%, got ${level}%`);
    this.batteryReads += 1;
  }
}

/** Runs the case's first device at the protocol level. */
export async function runProtocolCase(
  testCase: RecordedCase,
  config: DeviceConfig,
  options: ProtocolCaseOptions,
): Promise<ProtocolCaseReport> {
  if (testCase.devices.length !== 1) throw new Error('only single-device cases are supported');
  const device = testCase.devices[0];
  const protocolName = protocolForCaseDevice(config, device);
  if (!protocolName) throw new Error(`no protocol matches the device "${device.name}"`);
  const protocol = options.protocolFor(protocolName);
  if (!protocol) throw new Error(`protocol "${protocolName}" is not implemented`);
  const simulated = await connectSimulated(
    {
      name: device.name,
      address: device.address ?? 'recorded-case-device',
      ...device.bus,
      endpoints: caseEndpoints(config, protocolName, device),
    },
    specifierOf(config, protocolName, caseDiscovery(device).kind),
  );
  const run = new CaseRun(testCase, simulated, protocol, config, options.patience ?? 200);
  try {
    return await run.run(options.version ?? 4);
  } finally {
    run.dispose();
  }
}
