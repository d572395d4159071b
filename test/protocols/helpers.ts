/** Shared set-up for protocol unit tests: base-config definitions, simulated devices, outputs. */
import type { DeviceDefinition } from '../../src/devices/features.ts';
import type { Hardware, ManufacturerData } from '../../src/hardware/types.ts';
import type { HardwareCommand, HardwareOutput } from '../../protocols/kit/types.ts';
import { loadDeviceConfig } from '../../src/config/load.ts';
import type { SimulatedDevice } from '../../src/hardware/simulator.ts';
import { caseEndpoints } from '../support/case-config.ts';
import { eventually } from '../support/wait.ts';
import { connectSimulated, specifierOf, type SimulatedConnection } from '../support/simulated-hardware.ts';

export { commandsTo } from '../support/simulated-hardware.ts';

export const baseConfig = loadDeviceConfig();

/** The base definition a protocol uses for an identifier (its defaults when none matches). */
export function baseDefinition(protocol: string, identifier?: string): DeviceDefinition {
  const definition = baseConfig.definition(protocol, identifier, 'no-user-config');
  if (!definition) throw new Error(`no base definition for ${protocol}/${identifier}`);
  return definition;
}

export interface SimulatedDeviceSetup {
  /** Default: every endpoint the protocol's BLE specifiers map. */
  readonly endpoints?: readonly string[];
  /** Default: `<name>-address`. */
  readonly address?: string;
  /** What the device advertises. */
  readonly manufacturerData?: readonly ManufacturerData[];
}

/** A simulated BLE device advertising `name`, connected with the protocol's specifier. */
export function simulatedDevice(protocol: string, name: string, setup: SimulatedDeviceSetup = {}): Promise<SimulatedConnection> {
  const options = {
    name,
    address: setup.address ?? `${name}-address`,
    endpoints: setup.endpoints ?? caseEndpoints(baseConfig, protocol),
    ...(setup.manufacturerData && { manufacturerData: setup.manufacturerData }),
  };
  return connectSimulated(options, specifierOf(baseConfig, protocol));
}

/** Just the Hardware of a simulated device, for tests that only read what the protocol returns. */
export async function simulatedHardware(protocol: string, name: string, setup?: SimulatedDeviceSetup): Promise<Hardware> {
  return (await simulatedDevice(protocol, name, setup)).hardware;
}

/** Lets the protocol run until the device has been sent `count` commands. */
export async function untilSent(device: SimulatedDevice, count: number): Promise<void> {
  await eventually(() => device.commands.length >= count, `${count} commands sent`, 1000, 1);
}

/** A hardware output for feature `index` of a definition. */
export function outputFor(
  definition: DeviceDefinition,
  index: number,
  output: HardwareOutput['output'],
  value: number,
  duration?: number,
): HardwareOutput {
  const feature = definition.features.find((f) => f.index === index);
  if (!feature) throw new Error(`no feature ${index}`);
  return duration === undefined
    ? { featureIndex: index, featureId: feature.id, output, value }
    : { featureIndex: index, featureId: feature.id, output, value, duration };
}

/** Written bytes of the write commands, as arrays. */
export function written(commands: readonly HardwareCommand[]): number[][] {
  return commands.map((command) => (command.kind === 'write' ? [...command.data] : []));
}

export function text(commands: readonly HardwareCommand[]): string[] {
  return commands.map((command) => (command.kind === 'write' ? new TextDecoder().decode(command.data) : `<${command.kind}>`));
}

export function bytesOf(value: string): number[] {
  return [...new TextEncoder().encode(value)];
}
