/**
 * The events actors exchange. Sessions and the scan reach the server, and sessions the scan,
 * through the system registry (systemIds "server" and "scan"); no actor keeps another in its
 * context. The one reference that travels is a device command's `replyTo`, the sending session:
 * the device answers it with `device.reply` and, while that session is subscribed to an input or
 * raw endpoint, pushes readings to it.
 */
import type { AnyActorRef } from 'xstate';
import type { DeviceInfo, InputCommand, InputType } from '../src/devices/features.ts';
import type { InputReadingValue, OutputCommand, RawCommand, RawReadingValue, ReadingReply } from '../src/devices/commands.ts';
import type { ButtplugError } from '../src/errors.ts';
import type { HardwareCandidate } from '../src/hardware/types.ts';

/** A session's request to one device; the device answers the session with a DeviceReply. */
export type DeviceCommandEvent =
  | { type: 'device.outputs'; deviceIndex: number; clientId: number; commands: readonly OutputCommand[]; replyTo: AnyActorRef }
  | {
      type: 'device.input';
      deviceIndex: number;
      clientId: number;
      featureIndex: number;
      input: InputType;
      command: InputCommand;
      reply: ReadingReply;
      replyTo: AnyActorRef;
    }
  /** Spec v2/v3 raw access (server option allowRaw); reads answer with a raw reading. */
  | { type: 'device.raw'; deviceIndex: number; clientId: number; command: RawCommand; replyTo: AnyActorRef }
  | {
      type: 'device.stop';
      /** Absent: every device. */
      deviceIndex?: number;
      featureIndex?: number;
      inputs: boolean;
      outputs: boolean;
      /** Safety stops (disconnect, ping-out, shutdown) bypass de-duplication. */
      force: boolean;
    };

export type DeviceReplyEvent = {
  type: 'device.reply';
  deviceIndex: number;
  clientId: number;
  result:
    | { kind: 'ok' }
    | { kind: 'error'; error: ButtplugError }
    | { kind: 'reading'; reading: InputReadingValue; reply: ReadingReply }
    | { kind: 'raw'; reading: RawReadingValue };
};

/** Subscription data pushed by a device to the subscribing session. */
export type DeviceReadingEvent = { type: 'device.reading'; reading: InputReadingValue };

/** Bytes from a raw-subscribed endpoint, pushed by a device to each subscribing session. */
export type DeviceRawReadingEvent = { type: 'device.rawReading'; reading: RawReadingValue };

/** Server → sessions. */
export type SessionNotice =
  | { type: 'devices.changed'; devices: readonly DeviceInfo[] }
  | { type: 'scanning.finished' }
  | { type: 'server.closing' };

/** Scan → server. */
export type ScanReport = { type: 'scan.found'; candidate: HardwareCandidate } | { type: 'scan.finished' };

/** Session/anyone → scan. */
export type ScanControl = { type: 'scan.start' } | { type: 'scan.stop' };
