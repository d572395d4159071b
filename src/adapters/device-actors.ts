/**
 * The real implementations of the device machine's injected actors: protocol choice and
 * connection, identification, initialization, the output writer, inputs, and disconnecting.
 */
import { fromCallback, fromPromise, type EventObject } from 'xstate';
import type { DeviceConfig } from '../config/device-config.ts';
import type { HardwareCommand, Protocol, ProtocolHandler } from '../../protocols/kit/types.ts';
import type { Hardware, HardwareCandidate } from '../hardware/types.ts';
import type { DeviceDefinition, DeviceInfo } from '../devices/features.ts';
import type { Logger } from '../log/logger.ts';
import { withTimeout } from '../hardware/timeouts.ts';
import { describeError } from '../errors.ts';
import type { ProtocolMatch, ConnectedHardware, IdentifiedDevice } from '../../machines/device.ts';
import { outputMachine } from '../../machines/output.ts';
import { deviceInputsActor } from './device-inputs.ts';

export interface DeviceActorOptions {
  config: DeviceConfig;
  protocolFor: (name: string) => Protocol | undefined;
  log: Logger;
  /** Offer every hardware endpoint to spec v2/v3 Raw*Cmd (DeviceInfo.rawEndpoints). Default false. */
  allowRaw?: boolean;
}

/** How long a disconnect may take before the device is given up anyway. */
const DISCONNECT_MS = 1000;

/** Disconnects, bounded in time; a failure or a timeout leaves nothing more to do. */
async function disconnectQuietly(hardware: Hardware): Promise<void> {
  await withTimeout(hardware.disconnect(), DISCONNECT_MS, () => new Error('disconnect timed out')).catch(() => undefined);
}

/** Writes commands to the hardware in order, one at a time; the first failure rejects. */
async function writeCommands(hardware: Hardware, commands: readonly HardwareCommand[]): Promise<void> {
  for (const command of commands) {
    switch (command.kind) {
      case 'write':
        await hardware.write(command.endpoint, command.data, command.withResponse);
        break;
      case 'subscribe':
        await hardware.subscribe(command.endpoint);
        break;
      case 'unsubscribe':
        await hardware.unsubscribe(command.endpoint);
        break;
    }
  }
}

/** The enforced gap: the device's own, else the device config's, else the transport's default. */
export function messageGapOf(definitionGap: number | undefined, hardware: Hardware): number {
  return hardware.messageGapOverrideMs ?? definitionGap ?? hardware.defaultMessageGapMs ?? 0;
}

export function createDeviceActors({ config, protocolFor, log, allowRaw = false }: DeviceActorOptions) {
  const matchCandidate = fromPromise<readonly ProtocolMatch[], { candidate: HardwareCandidate }>(async ({ input }) => {
    const { candidate } = input;
    if (!config.addressAllowed(candidate.address)) {
      throw new Error(`${candidate.name} (${candidate.address}) is not allowed by the user device config`);
    }
    const matches = config.protocolsFor(candidate.specifier);
    if (matches.length === 0) throw new Error(`no protocol matches ${candidate.name}`);
    const usable = matches.filter((m) => protocolFor(m.protocol));
    if (usable.length === 0) {
      throw new Error(`${candidate.name} matches protocol ${matches[0].protocol}, which plugstate does not implement yet`);
    }
    return usable;
  });

  const connectHardware = fromPromise<ConnectedHardware, { candidate: HardwareCandidate; matches: readonly ProtocolMatch[] }>(async ({ input, signal }) => {
    const { candidate } = input;
    let lastError: unknown;
    for (const match of input.matches) {
      try {
        const hardware = await candidate.connect(match.specifier);
        if (signal.aborted) {
          // The device was given up (server closing) while connecting: nobody else will disconnect it.
          await disconnectQuietly(hardware);
          throw new Error(`${candidate.name}: connection no longer wanted`);
        }
        return { hardware, protocol: match.protocol };
      } catch (error) {
        if (signal.aborted) throw error;
        lastError = error;
      }
    }
    throw new Error(`could not connect to ${candidate.name}: ${describeError(lastError)}`);
  });

  const identifyDevice = fromPromise<IdentifiedDevice, { candidate: HardwareCandidate; hardware: Hardware; protocol: string }>(
    async ({ input }) => {
      const protocol = protocolFor(input.protocol)!;
      const identifier = await protocol.identify({ hardware: input.hardware, candidate: input.candidate });
      const address = input.candidate.address;
      const configured = protocol.configurationProtocol?.(identifier) ?? input.protocol;
      // The index first: it records a user entry for a new device, which definition() then finds.
      const index = config.deviceIndex(configured, identifier, address);
      const definition = config.definition(configured, identifier, address);
      if (!definition) throw new Error(`no configuration of ${configured} fits ${input.candidate.name} (${identifier ?? 'no identifier'})`);
      const info: DeviceInfo = {
        index,
        name: definition.name,
        displayName: definition.displayName,
        messageTimingGap: messageGapOf(definition.messageGapMs, input.hardware),
        features: definition.features,
        // bp7's raw feature listed every endpoint of the device; so does this one.
        ...(allowRaw ? { rawEndpoints: [...input.hardware.endpoints] } : {}),
      };
      return { definition, info };
    },
  );

  const initializeDevice = fromPromise<ProtocolHandler, { hardware: Hardware; definition: DeviceDefinition; protocol: string }>(
    async ({ input }) => protocolFor(input.protocol)!.initialize({ hardware: input.hardware, definition: input.definition }),
  );

  const watchHardware = fromCallback<EventObject, { hardware: Hardware }>(({ input, sendBack }) => {
    // A broken `disconnected` stream counts as a disconnect (RxJS would rethrow it as uncaught).
    const gone = () => sendBack({ type: 'hardware.disconnected' });
    const subscription = input.hardware.disconnected.subscribe({ next: gone, error: gone });
    return () => subscription.unsubscribe();
  });

  const output = outputMachine.provide({
    actors: {
      writeCommands: fromPromise<void, { hardware: Hardware; commands: readonly HardwareCommand[] }>(({ input }) =>
        writeCommands(input.hardware, input.commands),
      ),
    },
  });

  const disconnectHardware = fromPromise<void, { hardware: Hardware }>(({ input }) => disconnectQuietly(input.hardware));

  const releaseHardware = fromPromise<void, { hardware?: Hardware; candidate: HardwareCandidate; reason: string }>(
    async ({ input }) => {
      log.info({ address: input.candidate.address }, `${input.candidate.name} not used: ${input.reason}`);
      if (input.hardware) {
        input.hardware.reject?.(input.reason);
        await disconnectQuietly(input.hardware);
      } else {
        input.candidate.reject?.(input.reason);
      }
    },
  );

  return {
    matchCandidate,
    connectHardware,
    identifyDevice,
    initializeDevice,
    watchHardware,
    output,
    inputs: deviceInputsActor(log),
    disconnectHardware,
    releaseHardware,
  };
}
