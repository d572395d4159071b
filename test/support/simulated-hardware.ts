/**
 * The device protocol-level tests drive: a simulator device, found by a scan and connected the way
 * the server connects one, so a protocol talks to the same Hardware it gets in production. The
 * simulator's device side records what it was sent, answers reads, notifies and disconnects.
 */
import { filter, firstValueFrom } from 'rxjs';
import type { DeviceConfig } from '../../src/config/device-config.ts';
import { SimulatorManager, type SimulatedDevice, type SimulatedDeviceOptions } from '../../src/hardware/simulator.ts';
import type { DeviceCommand } from '../../src/hardware/device-command.ts';
import type { Hardware, HardwareCandidate, ManagerEvent, ProtocolSpecifier } from '../../src/hardware/types.ts';

export interface SimulatedConnection {
  /** The device's side: `commands`, `queueRead`, `notify`, `disconnect`. */
  readonly device: SimulatedDevice;
  /** What the protocol drives. */
  readonly hardware: Hardware;
  /** What the scan reported (identification reads its name and advertisement). */
  readonly candidate: HardwareCandidate;
}

/** Adds the device to a simulator, scans until it is found, and connects it with `specifier`. */
export async function connectSimulated(options: SimulatedDeviceOptions, specifier: ProtocolSpecifier): Promise<SimulatedConnection> {
  const simulator = new SimulatorManager();
  const device = simulator.addDevice(options);
  const found = firstValueFrom(simulator.events.pipe(filter((event): event is Extract<ManagerEvent, { type: 'found' }> => event.type === 'found')));
  await simulator.startScanning();
  const { candidate } = await found;
  // No second offer when the test disconnects the device.
  await simulator.stopScanning();
  return { device, hardware: await candidate.connect(specifier), candidate };
}

/**
 * The protocol's first specifier for a bus in the config; a protocol the config does not know (a
 * test's own table) gets an empty BLE map, its endpoints then being the ones the test names.
 */
export function specifierOf(config: DeviceConfig, protocol: string, kind: ProtocolSpecifier['kind'] = 'btle'): ProtocolSpecifier {
  return (
    config.specifiersOf(protocol).find((specifier) => specifier.kind === kind) ?? {
      kind: 'btle',
      names: [],
      manufacturerData: [],
      advertisedServices: [],
      services: {},
    }
  );
}

/** A recorded command with its bytes as a plain array, so `toEqual` compares it with literals. */
export type PlainCommand =
  | { readonly kind: 'write'; readonly endpoint: string; readonly data: number[]; readonly withResponse: boolean }
  | { readonly kind: 'subscribe' | 'unsubscribe'; readonly endpoint: string };

export function plainCommand(command: DeviceCommand): PlainCommand {
  return command.kind === 'write' ? { ...command, data: [...command.data] } : command;
}

/** What the device was sent (writes, subscribes, unsubscribes), oldest first, from command number `from` on. */
export function commandsTo(device: SimulatedDevice, from = 0): PlainCommand[] {
  return device.commands.slice(from).map(plainCommand);
}
