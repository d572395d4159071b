/**
 * The Handy on firmware 4 and later (and the Oh!): hdy_rpc protobuf messages on tx, answers as
 * notifications on rx (reference: thehandy_v3). The model is the second `_`-separated part of the
 * advertised name (`OHD_hw4_…` → hw4). At connect we subscribe to rx and ask for the battery and
 * then the capabilities, waiting for an answer to each; then every command is one request with
 * the next request id: positions as HDSP "position in time" moves, vibration as HVP set / stop.
 *
 * The reference ignores what the answers say (firmware often answers the capabilities request with
 * an error), and so do we, but it waits forever for them; here an answer that does not come in time,
 * or is not a protobuf message at all, fails the connection with a device error. Request ids carry
 * on after the two setup requests (3 first); the reference's own counter also reaches 3 before the
 * first command, only because its keepalive getter takes ids. Its keepalive is iOS-only (none here).
 */
import type { Hardware } from '../src/hardware/types.ts';
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import { NotificationInbox } from './kit/notification-inbox.ts';
import { boolField, decodeFields, floatField, messageField, ProtobufError, protoMessage, uint32Field } from './kit/protobuf.ts';
import type { HardwareCommand, Protocol } from './kit/types.ts';
import { unsupportedOutput } from './kit/values.ts';

const NAME = 'thehandy-v3';

/** hdy_rpc field numbers and values (handy_rpc.proto, messages.proto). */
const RPC_TYPE = 1;
const RPC_REQUEST = 2;
const MESSAGE_TYPE_REQUEST = 1;
const REQUEST_ID = 2;
const PARAMS = {
  batteryGet: 710,
  capabilitiesGet: 713,
  hdspXpTSet: 744,
  hvpSet: 900,
  hvpStop: 901,
} as const;
const XP_T_SET = { xp: 1, t: 2, stopOnTarget: 3 } as const;
const HVP_SET = { amplitude: 1, frequency: 2 } as const;

/** The reference's fixed vibration frequency (Hz); the device takes 0–10000. */
const HVP_FREQUENCY_HZ = 100;
const FIRST_COMMAND_ID = 3;
const UNKNOWN_MODEL = 'unknown';

export interface TheHandyV3Options {
  /** How long to wait for the answer to each setup request. */
  readonly replyTimeoutMs: number;
}

export const THEHANDY_V3_DEFAULTS: TheHandyV3Options = { replyTimeoutMs: 2000 };

/** `OHD_hw4_XXXX` → `hw4`; names with fewer than three parts are "unknown" (the defaults). */
export function theHandyV3Model(name: string): string {
  const parts = name.split('_');
  return parts.length > 2 ? parts[1] : UNKNOWN_MODEL;
}

/** RpcMessage { type: REQUEST, request: Request { id, <params field>: params } }. */
export function theHandyV3Request(id: number, paramsField: number, params: readonly number[] = []): Uint8Array {
  const request = protoMessage(uint32Field(REQUEST_ID, id), messageField(paramsField, params));
  return Uint8Array.from(protoMessage(uint32Field(RPC_TYPE, MESSAGE_TYPE_REQUEST), messageField(RPC_REQUEST, request)));
}

/** Move to `position` (0–100 → 0.0–1.0) in `durationMs`, stopping there. */
export function theHandyV3Move(id: number, position: number, durationMs: number): Uint8Array {
  const params = protoMessage(
    floatField(XP_T_SET.xp, position / 100),
    uint32Field(XP_T_SET.t, durationMs),
    boolField(XP_T_SET.stopOnTarget, true),
  );
  return theHandyV3Request(id, PARAMS.hdspXpTSet, params);
}

/** Vibrate at `speed` (0–100 → amplitude 0.0–1.0); 0 stops the vibration. */
export function theHandyV3Vibrate(id: number, speed: number): Uint8Array {
  if (speed === 0) return theHandyV3Request(id, PARAMS.hvpStop);
  const params = protoMessage(floatField(HVP_SET.amplitude, speed / 100), uint32Field(HVP_SET.frequency, HVP_FREQUENCY_HZ));
  return theHandyV3Request(id, PARAMS.hvpSet, params);
}

async function ask(hardware: Hardware, inbox: NotificationInbox, request: Uint8Array, what: string, timeoutMs: number): Promise<void> {
  await hardware.write('tx', request, false);
  const answer = await inbox.next(timeoutMs);
  if (!answer) throw deviceError(`${NAME}: ${hardware.name} did not answer the ${what} request within ${timeoutMs} ms`);
  try {
    decodeFields(answer.data);
  } catch (error) {
    if (!(error instanceof ProtobufError)) throw error;
    throw deviceError(`${NAME}: ${hardware.name} answered the ${what} request with bytes that are not protobuf (${error.message})`);
  }
}

async function setUp(hardware: Hardware, timeoutMs: number): Promise<void> {
  // Listen before subscribing so an early answer is kept.
  const inbox = new NotificationInbox(hardware);
  try {
    await hardware.subscribe('rx');
    await ask(hardware, inbox, theHandyV3Request(1, PARAMS.batteryGet), 'battery', timeoutMs);
    await ask(hardware, inbox, theHandyV3Request(2, PARAMS.capabilitiesGet), 'capabilities', timeoutMs);
  } finally {
    inbox.close();
  }
}

export function createTheHandyV3Protocol(options: Partial<TheHandyV3Options> = {}): Protocol {
  const { replyTimeoutMs } = { ...THEHANDY_V3_DEFAULTS, ...options };
  return defineProtocol({
    name: NAME,
    identify: ({ hardware }) => Promise.resolve(theHandyV3Model(hardware.name)),
    async initialize({ hardware }) {
      await setUp(hardware, replyTimeoutMs);
      let nextId = FIRST_COMMAND_ID;
      // Request ids are uint32 and wrap, as the reference's counter does.
      const takeId = (): number => {
        const id = nextId;
        nextId = (nextId + 1) % 2 ** 32;
        return id;
      };
      return {
        keepalive: { kind: 'none' },
        output(command): HardwareCommand[] {
          let data: Uint8Array;
          if (command.output === 'HwPositionWithDuration') data = theHandyV3Move(takeId(), command.value, command.duration ?? 0);
          else if (command.output === 'Vibrate') data = theHandyV3Vibrate(takeId(), command.value);
          else throw unsupportedOutput(NAME, command);
          return [{ kind: 'write', endpoint: 'tx', data, withResponse: true, commandId: command.featureId }];
        },
      };
    },
  });
}

export const protocol = createTheHandyV3Protocol();
