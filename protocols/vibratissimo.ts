/**
 * Vibratissimo: the model name read from the BLE model-number characteristic picks the
 * configuration. Every command first puts the toy in write mode (`03 ff` on txmode), then sends
 * every vibrator's current speed in one packet on txvibrate (at least two bytes: a single motor
 * is followed by 0). Battery from the standard BLE battery characteristic (reference: vibratissimo).
 */
import type { Hardware } from '../src/hardware/types.ts';
import { deviceError, describeError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import { createSlotValues } from './kit/slot-values.ts';
import type { HardwareCommand } from './kit/types.ts';
import { toByte } from './kit/values.ts';

const NAME = 'vibratissimo';
const MODEL_READ_LENGTH = 128;
/** The reference's model-read timeout. */
export const VIBRATISSIMO_MODEL_TIMEOUT_MS = 500;
const WRITE_MODE = [0x03, 0xff];
const MIN_PACKET_LENGTH = 2;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The model text; bytes that are not UTF-8 fall back to the advertised name, as in the reference. */
export function vibratissimoIdentifier(data: Uint8Array, advertisedName: string): string {
  try {
    return utf8.decode(data);
  } catch {
    return advertisedName;
  }
}

async function readModel(hardware: Hardware, timeoutMs: number): Promise<Uint8Array> {
  try {
    return await hardware.read('rxblemodel', MODEL_READ_LENGTH, timeoutMs);
  } catch (error) {
    const reason = describeError(error);
    throw deviceError(`${NAME}: ${hardware.name} did not give its model on rxblemodel: ${reason}`);
  }
}

export function vibratissimoSpeedPacket(speeds: readonly number[]): Uint8Array {
  const bytes = speeds.map((speed) => toByte(NAME, speed));
  while (bytes.length < MIN_PACKET_LENGTH) bytes.push(0);
  return Uint8Array.from(bytes);
}

export function createVibratissimoProtocol(modelTimeoutMs = VIBRATISSIMO_MODEL_TIMEOUT_MS) {
  return defineProtocol({
    name: NAME,
    async identify({ hardware }) {
      return vibratissimoIdentifier(await readModel(hardware, modelTimeoutMs), hardware.name);
    },
    async initialize({ definition }) {
      const speeds = createSlotValues(NAME, definition, ['Vibrate']);
      return {
        keepalive: { kind: 'none' },
        output(command): HardwareCommand[] {
          const data = vibratissimoSpeedPacket(speeds.update(command));
          return [
            { kind: 'write', endpoint: 'txmode', data: Uint8Array.from(WRITE_MODE), withResponse: false, commandId: `${NAME}:mode` },
            { kind: 'write', endpoint: 'txvibrate', data, withResponse: false, commandId: `${NAME}:speeds` },
          ];
        },
      };
    },
  });
}

export const protocol = createVibratissimoProtocol();
