/**
 * One device on the device bridge: one WebSocket, from its first frame to its close. It turns the
 * handshake into a candidate, the candidate into Hardware, and frames both ways.
 */
import type { WebSocket, RawData } from 'ws';
import { deviceError, describeError } from '../errors.ts';
import {
  parseDeviceFrame,
  parseHello,
  serverFrame,
  type BridgeHello,
  type DeviceFrame,
} from './bridge-frames.ts';
import { connectedTraits, discoverySpecifierFor } from './device-description.ts';
import { BridgeHardware, type BridgeChannel, type BridgeIdentity } from './bridge-hardware.ts';
import type { Logger } from '../log/logger.ts';
import type { DiscoverySpecifier, HardwareCandidate, ProtocolSpecifier } from './types.ts';

export interface BridgeLinkContext {
  readonly managerName: string;
  readonly logger: Logger;
  readonly pingIntervalMs: number;
  /** Whether another open link already holds this address. */
  addressInUse(address: string, asker: BridgeLink): boolean;
  found(candidate: HardwareCandidate): void;
  closed(link: BridgeLink): void;
}

type LinkState = 'handshake' | 'offered' | 'connected' | 'rejected' | 'closed';

/** Bounds how long a server-side close waits for the device's close frame. */
const CLOSE_GRACE_MS = 1000;

/** Close reasons are limited to 123 bytes by the WebSocket protocol. */
function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export class BridgeLink implements BridgeChannel {
  private state: LinkState = 'handshake';
  private hello: BridgeHello | undefined;
  private hardware: BridgeHardware | undefined;
  private readonly closedPromise: Promise<void>;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private awaitingPong = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly context: BridgeLinkContext,
  ) {
    this.closedPromise = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('message', (data, isBinary) => {
      try {
        this.onMessage(toBuffer(data), isBinary);
      } catch (error) {
        // Whatever goes wrong with one frame must not take the server down.
        context.logger.error({ address: this.address, error: describeError(error) }, 'device bridge: frame handling failed');
      }
    });
    socket.on('close', (code, reason) => this.onClose(code, reason.toString()));
    socket.on('error', (error) =>
      context.logger.warn({ address: this.address, error: describeError(error) }, 'device bridge: socket error'),
    );
    socket.on('pong', () => {
      this.awaitingPong = false;
    });
    if (context.pingIntervalMs > 0) {
      this.pingTimer = setInterval(() => this.keepAlive(), context.pingIntervalMs);
    }
  }

  /** The device's address once its handshake passed. */
  get address(): string | undefined {
    return this.hello?.address;
  }

  /** Open and past the handshake (so its address is taken). */
  get holdsAddress(): boolean {
    return this.state === 'offered' || this.state === 'connected';
  }

  /** Sends a frame; rejects once the socket is no longer open. */
  send(frame: string | Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.socket.readyState !== this.socket.OPEN) {
        reject(deviceError(`device ${this.describe()} is disconnected`));
        return;
      }
      this.socket.send(frame, { binary: typeof frame !== 'string' }, (error) =>
        error ? reject(deviceError(`sending to ${this.describe()} failed: ${error.message}`)) : resolve(),
      );
    });
  }

  /** Tells the device it will not be used, then closes. */
  rejectAndClose(reason: string): void {
    if (this.state === 'rejected' || this.state === 'closed') return;
    this.state = 'rejected';
    this.context.logger.info({ address: this.address, reason }, 'device bridge: device rejected');
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(serverFrame.rejected(reason));
    this.socket.close(1000, closeReason(reason));
  }

  /** Closes from the server side; resolves once the socket is closed (forced after a short grace). */
  async close(code = 1000, reason = ''): Promise<void> {
    if (this.socket.readyState === this.socket.CLOSED) return;
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, closeReason(reason));
    }
    const timer = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    await this.closedPromise;
    clearTimeout(timer);
  }

  private describe(): string {
    return this.hello ? `${this.hello.identifier} (${this.hello.address})` : 'before its handshake';
  }

  private keepAlive(): void {
    if (this.awaitingPong) {
      this.context.logger.warn({ address: this.address }, 'device bridge: no pong, dropping the device');
      this.socket.terminate();
      return;
    }
    this.awaitingPong = true;
    this.socket.ping();
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    switch (this.state) {
      case 'handshake':
        this.onHandshake(data, isBinary);
        return;
      case 'offered':
      case 'connected':
        if (this.hello?.version === 0) this.onFormZeroFrame(data);
        else this.onFormOneFrame(data, isBinary);
        return;
      default:
        return;
    }
  }

  private onHandshake(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      this.rejectAndClose('bad handshake: the first frame must be a text frame holding a JSON object');
      return;
    }
    const parsed = parseHello(data.toString('utf8'));
    if (!parsed.ok) {
      this.rejectAndClose(parsed.reason);
      return;
    }
    const hello = parsed.value;
    if (this.context.addressInUse(hello.address, this)) {
      this.rejectAndClose(`address "${hello.address}" is already connected`);
      return;
    }
    this.hello = hello;
    this.state = 'offered';
    this.context.logger.info(
      { address: hello.address, identifier: hello.identifier, version: hello.version },
      'device bridge: device arrived',
    );
    this.context.found(this.candidate(hello));
  }

  private candidate(hello: BridgeHello): HardwareCandidate {
    const specifier: DiscoverySpecifier =
      hello.version === 0
        ? { kind: 'websocket', name: hello.identifier }
        : discoverySpecifierFor({ ...hello, name: hello.identifier });
    return {
      manager: this.context.managerName,
      name: hello.identifier,
      address: hello.address,
      specifier,
      connect: async (protocolSpecifier) => this.connect(hello, protocolSpecifier),
      reject: (reason) => this.rejectAndClose(reason),
    };
  }

  private connect(hello: BridgeHello, specifier: ProtocolSpecifier): BridgeHardware {
    if (this.state === 'connected') throw deviceError(`device ${this.describe()} is already connected`);
    if (this.state !== 'offered') throw deviceError(`device ${this.describe()} went away before it was connected`);
    const identity: BridgeIdentity =
      hello.version === 0
        ? { name: hello.identifier, address: hello.address, endpoints: ['tx', 'rx'] }
        : formOneIdentity(hello, specifier);
    this.hardware = new BridgeHardware(this, hello.version, identity);
    this.state = 'connected';
    return this.hardware;
  }

  // Form 0: whatever the device sends, text or binary, is bytes on rx.
  private onFormZeroFrame(data: Buffer): void {
    this.hardware?.deliverFromDevice('rx', data);
  }

  private onFormOneFrame(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      this.ignore('a binary frame (form 1 devices send JSON text frames)', data);
      return;
    }
    const parsed = parseDeviceFrame(data.toString('utf8'));
    if (!parsed.ok) {
      this.ignore(parsed.reason, data);
      return;
    }
    this.onDeviceFrame(parsed.value, data);
  }

  private onDeviceFrame(frame: DeviceFrame, raw: Buffer): void {
    if (frame.type === 'Notification') {
      // Before the server connects nothing is subscribed, so the notification is dropped.
      this.hardware?.deliverFromDevice(frame.endpoint, frame.data);
      return;
    }
    const settled = this.hardware?.settleRead(frame.id, 'error' in frame ? { error: frame.error } : frame.data);
    if (!settled) this.ignore(`ReadReply for unknown read id ${frame.id}`, raw);
  }

  private ignore(why: string, raw: Buffer): void {
    this.context.logger.warn(
      { address: this.address, frame: raw.subarray(0, 200).toString('utf8'), why },
      'device bridge: ignoring a frame it cannot understand',
    );
  }

  private onClose(code: number, reason: string): void {
    const wasState = this.state;
    this.state = 'closed';
    if (this.pingTimer !== undefined) clearInterval(this.pingTimer);
    this.hardware?.dropFromDeviceSide();
    if (wasState !== 'handshake') {
      this.context.logger.info({ address: this.address, code, reason }, 'device bridge: device left');
    }
    this.context.closed(this);
  }
}

function formOneIdentity(hello: Extract<BridgeHello, { version: 1 }>, specifier: ProtocolSpecifier): BridgeIdentity {
  return {
    name: hello.identifier,
    address: hello.address,
    ...connectedTraits(hello, specifier),
    // The device's own messageGapMs wins over the device config's gap too (see the bridge contract).
    ...(hello.messageGapMs === undefined ? {} : { messageGapOverrideMs: hello.messageGapMs }),
  };
}
