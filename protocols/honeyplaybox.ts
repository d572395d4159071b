/**
 * Honey Play Box: framed packets on tx (written with response), replies on rx. A frame is
 * `02 A5 5A 55 AA F0`, a counter, type 0xB1, a command, a big-endian length, the data, `03` and
 * a CRC-16/MODBUS (high byte first) of type, command, length and data. Setup sends a handshake
 * (command 0x01) until the device answers 0x9000 with a 16-byte random token, retrying with
 * growing waits. Every motor command (0x03) carries all motors' strengths, signed with the first
 * 8 bytes of an MD5 over the frame fields, a fixed secret and the token. The device stops unless it
 * hears from us, so after 500 ms without a command the current strengths are sent again
 * (reference: honeyplaybox).
 */
import { createHash } from 'node:crypto';
import type { DeviceDefinition } from '../src/devices/features.ts';
import type { Hardware } from '../src/hardware/types.ts';
import { deviceError } from '../src/errors.ts';
import { crc16Modbus } from './kit/crc16.ts';
import { defineProtocol } from './kit/define.ts';
import { IdleResender } from './kit/idle-resend.ts';
import { NotificationInbox } from './kit/notification-inbox.ts';
import type { HardwareCommand, Protocol, ProtocolHandler } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'honeyplaybox';

export interface HoneyPlayBoxOptions {
  /** Handshake waits grow 1×, 2×, 3×, 4× this (reference: 1 s); the fourth timeout fails. */
  readonly handshakeWaitStepMs: number;
  /** Resend the strengths after this long without a command (reference: 500 ms). */
  readonly keepaliveMs: number;
}

export const HONEYPLAYBOX_DEFAULTS: HoneyPlayBoxOptions = { handshakeWaitStepMs: 1000, keepaliveMs: 500 };

const HANDSHAKE_RETRIES = 3;
/** Replies read per handshake before it is sent again. */
const REPLIES_PER_HANDSHAKE = 3;
/**
 * The reference resends the handshake for as long as replies keep coming without a token; this
 * bound ends a device that only ever sends unusable replies.
 */
const MAX_HANDSHAKES = 10;

const FRAME_START = [0x02, 0xa5, 0x5a, 0x55, 0xaa, 0xf0];
const ETX = 0x03;
const FRAME_TYPE = 0xb1;
const HANDSHAKE = 0x01;
const MOTORS = 0x03;
const HANDSHAKE_DATA = [0x00, 0x10];
const RESPONSE_OK = 0x9000;
/** Start, counter, type, command, length. */
const HEADER_LENGTH = FRAME_START.length + 5;
/** ETX and CRC. */
const TRAILER_LENGTH = 3;
const TOKEN_LENGTH = 16;

const SECRET = [0x8b, 0xe3, 0xfd, 0x04, 0x68, 0x35, 0x09, 0x86, 0x12, 0x1a, 0xbf, 0x03, 0x30, 0xe9, 0xe3, 0xc5];

export function honeyPlayBoxFrame(counter: number, command: number, data: readonly number[]): Uint8Array {
  const length = [(data.length >>> 8) & 0xff, data.length & 0xff];
  const crc = crc16Modbus([FRAME_TYPE, command, ...length, ...data]);
  return Uint8Array.from([...FRAME_START, counter & 0xff, FRAME_TYPE, command, ...length, ...data, ETX, crc >>> 8, crc & 0xff]);
}

/** One motor's group: work mode 1, the motor, 6 s (in 100 ms units), frequency 0, strength. */
function motorGroup(motor: number, strength: number): number[] {
  return [((motor & 0x0f) << 4) | 0x01, 0x00, 0x05, 0x00, 60, 0x00, 0x00, strength];
}

/** The motor command's data: every motor's group, then 8 bytes of the MD5 signature. */
export function honeyPlayBoxMotorData(token: readonly number[], strengths: readonly number[]): number[] {
  const groups = strengths.flatMap((strength, motor) => motorGroup(motor, strength));
  const signedLength = groups.length + 8;
  const digest = createHash('md5')
    .update(Uint8Array.from([FRAME_TYPE, MOTORS, (signedLength >>> 8) & 0xff, signedLength & 0xff, ...groups, ...SECRET, ...token]))
    .digest();
  return [...groups, ...digest.subarray(0, 8)];
}

function dataLength(frame: ArrayLike<number>): number {
  return (frame[9] << 8) | frame[10];
}

/** Reassembles frames from notifications that may split or join them. */
export class FrameCollector {
  private buffer: number[] = [];

  push(data: ArrayLike<number>): number[][] {
    this.buffer.push(...Array.from(data));
    const frames: number[][] = [];
    for (;;) {
      const start = this.findStart();
      if (start < 0) {
        // Keep a tail that may be the beginning of a split frame start (the reference drops it).
        this.buffer = this.buffer.slice(-(FRAME_START.length - 1));
        return frames;
      }
      this.buffer = this.buffer.slice(start);
      if (this.buffer.length < HEADER_LENGTH) return frames;
      const frameLength = HEADER_LENGTH + dataLength(this.buffer) + TRAILER_LENGTH;
      if (this.buffer.length < frameLength) return frames;
      if (this.buffer[frameLength - TRAILER_LENGTH] !== ETX) {
        // Not a frame after all: look for the next start.
        this.buffer = this.buffer.slice(1);
        continue;
      }
      frames.push(this.buffer.slice(0, frameLength));
      this.buffer = this.buffer.slice(frameLength);
    }
  }

  private findStart(): number {
    for (let i = 0; i + FRAME_START.length <= this.buffer.length; i++) {
      if (FRAME_START.every((byte, j) => this.buffer[i + j] === byte)) return i;
    }
    return -1;
  }
}

/** The response code (first two data bytes), or undefined when the frame has none. */
export function responseCode(frame: readonly number[]): number | undefined {
  if (frame.length < HEADER_LENGTH + TRAILER_LENGTH + 1) return undefined;
  const length = dataLength(frame);
  if (frame.length < HEADER_LENGTH + length + TRAILER_LENGTH || length < 2) return undefined;
  return (frame[HEADER_LENGTH] << 8) | frame[HEADER_LENGTH + 1];
}

/** The 16-byte token that follows the response code, or undefined when the data is too short. */
export function handshakeToken(frame: readonly number[]): number[] | undefined {
  const length = dataLength(frame);
  if (length < 2 + TOKEN_LENGTH || frame.length < HEADER_LENGTH + length) return undefined;
  return frame.slice(HEADER_LENGTH + 2, HEADER_LENGTH + 2 + TOKEN_LENGTH);
}

interface Session {
  readonly token: number[];
  /** The next frame counter. */
  readonly counter: number;
}

/** The token from the first frame with code 0x9000 and a token; another code is a refusal. */
function tokenFrom(frames: readonly number[][]): number[] | undefined {
  for (const frame of frames) {
    const code = responseCode(frame);
    if (code === undefined) continue;
    if (code !== RESPONSE_OK) throw deviceError(`${NAME}: the device refused the handshake with code ${code.toString(16).padStart(4, '0')}`);
    const token = handshakeToken(frame);
    if (token) return token;
  }
  return undefined;
}

async function handshake(hardware: Hardware, inbox: NotificationInbox, waitStepMs: number): Promise<Session> {
  const collector = new FrameCollector();
  let timeouts = 0;
  for (let counter = 0; counter < MAX_HANDSHAKES; ) {
    await hardware.write('tx', honeyPlayBoxFrame(counter, HANDSHAKE, HANDSHAKE_DATA), true);
    counter += 1;
    for (let reply = 0; reply < REPLIES_PER_HANDSHAKE; reply++) {
      const notification = await inbox.next((timeouts + 1) * waitStepMs).catch(() => {
        throw deviceError(`${NAME}: the device disconnected during the handshake`);
      });
      if (!notification) {
        timeouts += 1;
        if (timeouts > HANDSHAKE_RETRIES) throw deviceError(`${NAME}: no handshake reply after ${HANDSHAKE_RETRIES} retries`);
        continue;
      }
      const token = tokenFrom(collector.push(notification.data));
      if (token) return { token, counter: counter & 0xff };
    }
  }
  throw deviceError(`${NAME}: ${MAX_HANDSHAKES} handshakes brought no usable reply`);
}

function outputFeatureCount(definition: DeviceDefinition): number {
  return definition.features.filter((feature) => Object.keys(feature.outputs).length > 0).length;
}

function createHandler(hardware: Hardware, definition: DeviceDefinition, session: Session, keepaliveMs: number): ProtocolHandler {
  const strengths = new Array<number>(outputFeatureCount(definition)).fill(0);
  let counter = session.counter;
  const nextFrame = (): Uint8Array => {
    counter = (counter + 1) & 0xff;
    return honeyPlayBoxFrame(counter, MOTORS, honeyPlayBoxMotorData(session.token, strengths));
  };
  const keepalive = new IdleResender(hardware, keepaliveMs, () => ({ endpoint: 'tx', data: nextFrame(), withResponse: true }));
  keepalive.restart();
  return {
    keepalive: { kind: 'none' },
    dispose: () => keepalive.dispose(),
    output(command): HardwareCommand[] {
      if (command.output !== 'Vibrate' && command.output !== 'Oscillate' && command.output !== 'Rotate') {
        throw unsupportedOutput(NAME, command);
      }
      if (command.featureIndex >= strengths.length) throw deviceError(`${NAME}: feature ${command.featureIndex} has no motor`);
      strengths[command.featureIndex] = toByte(NAME, Math.abs(command.value));
      keepalive.restart();
      // Per feature: every frame carries all motors, and each stop must go out with its own counter.
      return [{ kind: 'write', endpoint: 'tx', data: nextFrame(), withResponse: true, commandId: command.featureId }];
    },
  };
}

export function createHoneyPlayBoxProtocol(options: Partial<HoneyPlayBoxOptions> = {}): Protocol {
  const { handshakeWaitStepMs, keepaliveMs } = { ...HONEYPLAYBOX_DEFAULTS, ...options };
  return defineProtocol({
    name: NAME,
    async initialize({ hardware, definition }) {
      const inbox = new NotificationInbox(hardware);
      try {
        await hardware.subscribe('rx');
        const session = await handshake(hardware, inbox, handshakeWaitStepMs);
        return createHandler(hardware, definition, session, keepaliveMs);
      } finally {
        inbox.close();
      }
    },
  });
}

export const protocol = createHoneyPlayBoxProtocol();
