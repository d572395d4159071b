/**
 * The LiBo vibration packets (reference: libo_vibes; the stpihkal LiBo page lists the Karen under
 * the same protocol): the main motor's speed is one byte on tx, a second motor (suction on the
 * LaLa, Carlos and Selina) one byte on txmode. Some single-motor toys only stop completely when
 * txmode hears 0 as well, so stopping the main motor writes both.
 *
 * The reference gives every packet of this protocol one coalescing id, so a txmode packet for
 * the second motor can drop a still-queued tx packet for the first; here each feature keeps its
 * own id, since the two characteristics do not replace each other.
 */
import type { HardwareCommand, HardwareOutput } from '../kit/types.ts';
import { toByte, unsupportedOutput } from '../kit/values.ts';

function write(endpoint: string, value: number, commandId: string): HardwareCommand {
  return { kind: 'write', endpoint, data: Uint8Array.of(value), withResponse: false, commandId };
}

export function liboVibrationOutput(protocol: string, command: HardwareOutput): HardwareCommand[] {
  if (command.output !== 'Vibrate') throw unsupportedOutput(protocol, command);
  const speed = toByte(protocol, command.value);
  const id = command.featureId;
  if (command.featureIndex === 0) return speed === 0 ? [write('tx', 0, id), write('txmode', 0, id)] : [write('tx', speed, id)];
  if (command.featureIndex === 1) return [write('txmode', speed, id)];
  // The reference writes nothing for further features.
  return [];
}
