/**
 * Sistalk MonsterPub / MonsterHub / Tracy's Dog (reference: monsterpub). The model name is read
 * from rxblemodel (NULs stripped; "Unknown" when the read fails). Devices with an rx endpoint
 * answer a 16-byte challenge: byte 0 picks one of four keys, and bytes 1–15 XOR that key go back
 * on rx. Every motor's speed goes in one packet, on txvibrate, else tx (an all-zero packet goes
 * to txmode, with response), else generic0 behind a 0x03 prefix.
 *
 * The reference indexes the key table and the challenge without checking them and panics on a
 * short challenge or a key byte above 3; here those become device errors.
 */
import type { DeviceDefinition } from '../src/devices/features.ts';
import type { Endpoint, Hardware } from '../src/hardware/types.ts';
import { deviceError, describeError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import { slotMap } from './kit/slot-values.ts';
import type { HardwareCommand, ProtocolHandler } from './kit/types.ts';
import { ascii, toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'monsterpub';
const COMMAND_ID = 'monsterpub:device';
const OUTPUTS = ['Vibrate', 'Oscillate'] as const;

export const MONSTERPUB_MODEL_READ = { length: 32, timeoutMs: 500 } as const;
export const MONSTERPUB_CHALLENGE_READ = { length: 16, timeoutMs: 200 } as const;
const CHALLENGE_LENGTH = 16;
const GENERIC0_PREFIX = 0x03;

/** Each key is a four-letter word repeated to the 15 bytes of the challenge body. */
const AUTH_KEYS = ['2IPO', 'LSBB', 'SIS6', 'TALK'].map((word) => ascii(word.repeat(4)).slice(0, CHALLENGE_LENGTH - 1));

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The identifier for a model-name read: the text without its NUL padding. */
export function monsterPubModelName(data: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    throw deviceError(`${NAME}: the device's model name is not UTF-8`);
  }
  return text.replaceAll('\0', '');
}

/** The answer to a challenge: bytes 1–15 XOR the key that byte 0 names. */
export function monsterPubAuthAnswer(challenge: Uint8Array): Uint8Array {
  if (challenge.length < CHALLENGE_LENGTH) {
    throw deviceError(`${NAME}: the auth challenge has ${challenge.length} bytes, expected ${CHALLENGE_LENGTH}`);
  }
  const key = AUTH_KEYS[challenge[0]];
  if (!key) throw deviceError(`${NAME}: the auth challenge names key ${challenge[0]}, but only keys 0–3 exist`);
  return key.map((byte, i) => byte ^ challenge[i + 1]);
}

async function readChallenge(hardware: Hardware): Promise<Uint8Array> {
  try {
    return await hardware.read('rx', MONSTERPUB_CHALLENGE_READ.length, MONSTERPUB_CHALLENGE_READ.timeoutMs);
  } catch (error) {
    const reason = describeError(error);
    throw deviceError(`${NAME}: reading the auth challenge from rx failed (${reason})`);
  }
}

type MotorEndpoint = 'txvibrate' | 'tx' | 'generic0';

function motorEndpoint(hardware: Hardware): MotorEndpoint {
  if (hardware.endpoints.includes('txvibrate')) return 'txvibrate';
  if (hardware.endpoints.includes('tx')) return 'tx';
  // Tracy's Dog 3 vibrates through generic0.
  return 'generic0';
}

function createMonsterPubHandler(definition: DeviceDefinition, target: MotorEndpoint): ProtocolHandler {
  const slotOf = slotMap(definition, OUTPUTS);
  const speeds = new Array<number>(slotOf.size).fill(0);
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      if (!(OUTPUTS as readonly string[]).includes(command.output)) throw unsupportedOutput(NAME, command);
      const slot = slotOf.get(command.featureIndex);
      if (slot === undefined) throw deviceError(`${NAME}: feature ${command.featureIndex} has no motor slot`);
      speeds[slot] = toByte(NAME, command.value);
      const allStopped = speeds.every((speed) => speed === 0);
      // Stopping a tx device goes through its mode characteristic.
      const endpoint: Endpoint = target === 'tx' && allStopped ? 'txmode' : target;
      const data = Uint8Array.from(target === 'generic0' ? [GENERIC0_PREFIX, ...speeds] : speeds);
      return [{ kind: 'write', endpoint, data, withResponse: endpoint === 'txmode', commandId: COMMAND_ID }];
    },
  };
}

export const protocol = defineProtocol({
  name: NAME,
  async identify({ hardware }) {
    let model: Uint8Array;
    try {
      model = await hardware.read('rxblemodel', MONSTERPUB_MODEL_READ.length, MONSTERPUB_MODEL_READ.timeoutMs);
    } catch {
      return 'Unknown';
    }
    return monsterPubModelName(model);
  },
  async initialize({ hardware, definition }) {
    if (hardware.endpoints.includes('rx')) {
      const answer = monsterPubAuthAnswer(await readChallenge(hardware));
      await hardware.write('rx', answer, true);
    }
    return createMonsterPubHandler(definition, motorEndpoint(hardware));
  },
});
