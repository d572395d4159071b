/**
 * The server's handle on a bridged device: Hardware whose bytes travel as bridge frames (binary
 * frames for form 0, JSON text frames for form 1) over the device's WebSocket.
 */
import { deviceError } from '../errors.ts';
import { serverFrame } from './bridge-frames.ts';
import { HardwareBase, type HardwareIdentity } from './hardware-base.ts';
import type { Endpoint } from './types.ts';

/** What the hardware needs from the device's socket. */
export interface BridgeChannel {
  /** Sends a frame; rejects once the socket is no longer open. */
  send(frame: string | Buffer): Promise<void>;
  /** Sends Rejected, then closes. */
  rejectAndClose(reason: string): void;
  /** Closes from the server side; resolves once closed. */
  close(code: number, reason: string): Promise<void>;
}

export type BridgeIdentity = HardwareIdentity & { readonly messageGapOverrideMs?: number };

interface PendingRead {
  readonly resolve: (data: Uint8Array) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** The server's handle on a bridged device. */
export class BridgeHardware extends HardwareBase {
  /** Set when the device's handshake carries messageGapMs: it overrides even the device config's gap. */
  readonly messageGapOverrideMs?: number;

  private readonly pendingReads = new Map<number, PendingRead>();
  private nextReadId = 1;

  constructor(
    private readonly link: BridgeChannel,
    private readonly form: 0 | 1,
    identity: BridgeIdentity,
  ) {
    super(identity);
    if (identity.messageGapOverrideMs !== undefined) this.messageGapOverrideMs = identity.messageGapOverrideMs;
  }

  announce(info: { index: number; name: string; protocol: string }): void {
    // Form 0 devices speak Intiface's protocol, which has no text frames from the server.
    if (this.form === 0) return;
    this.link.send(serverFrame.connected(info.index, info.name, info.protocol)).catch(() => {});
  }

  reject(reason: string): void {
    this.link.rejectAndClose(reason);
  }

  deliverFromDevice(endpoint: Endpoint, data: Uint8Array): void {
    this.deliver(endpoint, data);
  }

  settleRead(id: number, answer: Uint8Array | { error: string }): boolean {
    const read = this.pendingReads.get(id);
    if (!read) return false;
    this.pendingReads.delete(id);
    clearTimeout(read.timer);
    if (answer instanceof Uint8Array) read.resolve(answer);
    else read.reject(deviceError(`read from ${this.name} failed: ${answer.error}`));
    return true;
  }

  dropFromDeviceSide(): void {
    for (const [id, read] of this.pendingReads) {
      clearTimeout(read.timer);
      read.reject(deviceError(`${this.name} disconnected during read ${id}`));
    }
    this.pendingReads.clear();
    this.markDisconnected();
  }

  protected writeToDevice(endpoint: Endpoint, data: Uint8Array, withResponse: boolean): Promise<void> {
    return this.form === 0
      ? this.link.send(Buffer.from(data))
      : this.link.send(serverFrame.write(endpoint, data, withResponse));
  }

  protected readFromDevice(endpoint: Endpoint, length: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.form === 0) {
      return Promise.reject(deviceError(`${this.name} is a form 0 bridge device: it cannot be read`));
    }
    const id = this.nextReadId++;
    const answer = new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingReads.delete(id);
        reject(deviceError(`read of ${endpoint} from ${this.name} got no ReadReply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pendingReads.set(id, { resolve, reject, timer });
    });
    this.link.send(serverFrame.read(id, endpoint, length, timeoutMs)).catch((error: Error) => {
      this.settleRead(id, { error: error.message });
    });
    return answer;
  }

  protected async subscribeOnDevice(endpoint: Endpoint): Promise<void> {
    if (this.form === 1) await this.link.send(serverFrame.subscribe(endpoint));
  }

  protected async unsubscribeOnDevice(endpoint: Endpoint): Promise<void> {
    if (this.form === 1) await this.link.send(serverFrame.unsubscribe(endpoint));
  }

  protected closeConnection(): Promise<void> {
    return this.link.close(1000, 'disconnected by the server');
  }
}
