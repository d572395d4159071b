/** Shared set-up for protocol unit tests: base-config definitions, fake devices, candidates. */
import type { DeviceDefinition } from '../../src/devices/features.ts';
import type { HardwareCandidate, ManufacturerData } from '../../src/hardware/types.ts';
import type { HardwareCommand, HardwareOutput, Protocol, ProtocolHandler } from '../../protocols/kit/types.ts';
import { loadDeviceConfig } from '../../src/config/load.ts';
import { caseEndpoints } from '../support/case-config.ts';
import { FakeHardware } from './fake-hardware.ts';

export const baseConfig = loadDeviceConfig();

/** The base definition a protocol uses for an identifier (its defaults when none matches). */
export function baseDefinition(protocol: string, identifier?: string): DeviceDefinition {
  const definition = baseConfig.definition(protocol, identifier, 'no-user-config');
  if (!definition) throw new Error(`no base definition for ${protocol}/${identifier}`);
  return definition;
}

/** A fake device with the endpoints of the protocol's BLE service maps. */
export function fakeDevice(protocol: string, name: string, endpoints?: readonly string[]): FakeHardware {
  return new FakeHardware(name, `${name}-address`, endpoints ?? caseEndpoints(baseConfig, protocol));
}

export function bleCandidate(hardware: FakeHardware, manufacturerData: readonly ManufacturerData[] = []): HardwareCandidate {
  return {
    manager: 'test',
    name: hardware.name,
    address: hardware.address,
    specifier: { kind: 'btle', name: hardware.name, manufacturerData, advertisedServices: [] },
    connect: async () => hardware,
  };
}

export async function initialized(protocol: Protocol, hardware: FakeHardware, definition: DeviceDefinition): Promise<ProtocolHandler> {
  return protocol.initialize({ hardware, definition });
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
