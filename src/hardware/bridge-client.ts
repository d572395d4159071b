/**
 * The device's end of the device bridge, for tests and for anyone scripting a pretend device:
 * connect, send the first frame, then watch what the server does and answer it.
 */
import { ReplaySubject, type Observable } from 'rxjs';
import WebSocket from 'ws';
import type { BridgeHello } from './bridge-frames.ts';
import { CommandLog, type DeviceCommand } from './device-command.ts';
import { ReadAnswers, toBytes, type ReadHandler, type ReadRequest } from './read-answers.ts';
import type { Endpoint } from './types.ts';

/** Everything the server sent, decoded. */
export type BridgeServerFrame =
  | { readonly type: 'Write'; readonly endpoint: Endpoint; readonly data: Uint8Array; readonly writeWithResponse: boolean }
  | { readonly type: 'Read'; readonly id: number; readonly endpoint: Endpoint; readonly length: number; readonly timeoutMs: number }
  | { readonly type: 'Subscribe'; readonly endpoint: Endpoint }
  | { readonly type: 'Unsubscribe'; readonly endpoint: Endpoint }
  | { readonly type: 'Connected'; readonly index: number; readonly name: string; readonly protocol: string }
  | { readonly type: 'Rejected'; readonly reason: string }
  /** A binary frame: a form 0 write. */
  | { readonly type: 'Binary'; readonly data: Uint8Array }
  | { readonly type: 'Unknown'; readonly text: string };

/** A write, subscribe or unsubscribe; or, for form 0, the bytes of a binary frame (the endpoint is not sent). */
export type BridgeCommand = DeviceCommand | { readonly kind: 'binary'; readonly data: Uint8Array };

/** A read the server asked a bridge device for, with the id its answer must carry. */
export interface BridgeReadRequest extends ReadRequest {
  readonly id: number;
}

/** How a bridge connection closed: the WebSocket close code and reason. */
export interface BridgeClose {
  readonly code: number;
  readonly reason: string;
}

type JsonObject = Record<string, unknown>;

function decodeServerFrame(text: string): BridgeServerFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { type: 'Unknown', text };
  }
  if (typeof json !== 'object' || json === null) return { type: 'Unknown', text };
  const [name] = Object.keys(json);
  const body = (json as JsonObject)[name] as JsonObject | undefined;
  if (typeof body !== 'object' || body === null) return { type: 'Unknown', text };
  switch (name) {
    case 'Write':
      if (!Array.isArray(body.data)) return { type: 'Unknown', text };
      return {
        type: 'Write',
        endpoint: String(body.endpoint),
        data: Uint8Array.from(body.data as number[]),
        writeWithResponse: body.writeWithResponse === true,
      };
    case 'Read':
      return {
        type: 'Read',
        id: Number(body.id),
        endpoint: String(body.endpoint),
        length: Number(body.length),
        timeoutMs: Number(body.timeoutMs),
      };
    case 'Subscribe':
    case 'Unsubscribe':
      return { type: name, endpoint: String(body.endpoint) };
    case 'Connected':
      return { type: 'Connected', index: Number(body.index), name: String(body.name), protocol: String(body.protocol) };
    case 'Rejected':
      return { type: 'Rejected', reason: String(body.reason) };
    default:
      return { type: 'Unknown', text };
  }
}

function formOf(hello: BridgeHello | string): 0 | 1 {
  if (typeof hello !== 'string') return hello.version;
  try {
    return (JSON.parse(hello) as { version?: unknown }).version === 0 ? 0 : 1;
  } catch {
    return 1;
  }
}

/**
 * A pretend device connected to a device bridge, from `connectBridgeDevice(url, hello)`: records
 * what the server writes, answers reads, sends notifications.
 */
export class BridgeDevice {
  /** 0 or 1: how notifications are sent. */
  readonly form: 0 | 1;

  private readonly log = new CommandLog<BridgeCommand>();
  private readonly frameLog: BridgeServerFrame[] = [];
  private readonly frameStream = new ReplaySubject<BridgeServerFrame>();
  private readonly readLog: BridgeReadRequest[] = [];
  private readonly answers = new ReadAnswers<BridgeReadRequest>();
  private readonly subscribed = new Set<Endpoint>();
  private announcedInfo: { index: number; name: string; protocol: string } | undefined;
  private rejectedReason: string | undefined;

  /** Resolves when the socket closes, with the close code and reason. */
  readonly closed: Promise<BridgeClose>;

  /** @internal use connectBridgeDevice */
  constructor(
    private readonly socket: WebSocket,
    hello: BridgeHello | string,
  ) {
    this.form = formOf(hello);
    this.closed = new Promise<BridgeClose>((resolve) =>
      socket.once('close', (code, reason) => {
        this.answers.cancelPending();
        this.frameStream.complete();
        this.log.complete();
        resolve({ code, reason: reason.toString() });
      }),
    );
    socket.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      this.onFrame(isBinary ? { type: 'Binary', data: Uint8Array.from(bytes) } : decodeServerFrame(bytes.toString('utf8')));
    });
  }

  /** What the server did (writes, subscribes, unsubscribes; binary frames for form 0), oldest first. */
  get commands(): readonly BridgeCommand[] {
    return this.log.entries;
  }

  get commands$(): Observable<BridgeCommand> {
    return this.log.entries$;
  }

  /** The oldest command no earlier call returned; rejects if none arrives within timeoutMs. */
  nextCommand(timeoutMs = 500): Promise<BridgeCommand> {
    return this.log.next(timeoutMs, 'command from the bridge');
  }

  /** Every frame the server sent, decoded, oldest first. */
  get frames(): readonly BridgeServerFrame[] {
    return this.frameLog.slice();
  }

  /** The same frames as an Observable: history first, then live; completes when the socket closes. */
  get frames$(): Observable<BridgeServerFrame> {
    return this.frameStream.asObservable();
  }

  get reads(): readonly BridgeReadRequest[] {
    return this.readLog.slice();
  }

  /** Endpoints the server subscribed and has not unsubscribed. */
  get subscriptions(): readonly Endpoint[] {
    return [...this.subscribed];
  }

  /** The Connected frame's content, once received. */
  get announced(): { index: number; name: string; protocol: string } | undefined {
    return this.announcedInfo;
  }

  /** The Rejected frame's reason, once received. */
  get rejected(): string | undefined {
    return this.rejectedReason;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Resolves with the first frame of a type (already received or arriving within timeoutMs). */
  waitForFrame<T extends BridgeServerFrame['type']>(
    type: T,
    timeoutMs = 1000,
  ): Promise<Extract<BridgeServerFrame, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.unsubscribe();
        reject(new Error(`no ${type} frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const subscription = this.frameStream.subscribe({
        next: (frame) => {
          if (frame.type !== type) return;
          clearTimeout(timer);
          queueMicrotask(() => subscription.unsubscribe());
          resolve(frame as Extract<BridgeServerFrame, { type: T }>);
        },
        complete: () => {
          clearTimeout(timer);
          reject(new Error(`the socket closed before a ${type} frame`));
        },
      });
    });
  }

  /**
   * Sends bytes the device produced on an endpoint: a Notification frame (form 1) or a binary frame
   * (form 0, where the endpoint is implied). The server drops it unless the endpoint is subscribed.
   */
  notify(endpoint: Endpoint, data: Uint8Array | readonly number[]): void {
    const bytes = toBytes(data);
    if (this.form === 0) this.socket.send(Buffer.from(bytes));
    else this.socket.send(JSON.stringify({ Notification: { endpoint, data: [...bytes] } }));
  }

  /** Queues the answer to a future Read of an endpoint (oldest first); `{ error }` answers with an error. */
  queueRead(endpoint: Endpoint, answer: Uint8Array | readonly number[] | { readonly error: string }): void {
    this.answers.queue(endpoint, 'error' in answer ? { error: answer.error } : toBytes(answer));
  }

  /** Answers Reads nothing was queued for; return undefined to leave the Read unanswered for now. */
  onRead(handler: ReadHandler<BridgeReadRequest> | undefined): void {
    this.answers.setHandler(handler);
  }

  /** Sends any frame as is (for testing how the server copes with odd input). */
  sendRaw(frame: string | Uint8Array): void {
    this.socket.send(typeof frame === 'string' ? frame : Buffer.from(frame));
  }

  /**
   * Resolves once the server has taken in every frame this device sent before (a WebSocket ping
   * round trip: the server reads frames in order and answers the ping after them).
   */
  flush(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.socket.readyState !== WebSocket.OPEN) {
        reject(new Error('the socket is not open'));
        return;
      }
      const onClose = (): void => reject(new Error('the socket closed before the server answered'));
      this.socket.once('close', onClose);
      this.socket.once('pong', () => {
        this.socket.off('close', onClose);
        resolve();
      });
      this.socket.ping();
    });
  }

  /** Closes from the device side (the hardware disconnects). */
  close(): Promise<BridgeClose> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(1000, 'device closed');
    }
    return this.closed;
  }

  private onFrame(frame: BridgeServerFrame): void {
    this.frameLog.push(frame);
    this.frameStream.next(frame);
    switch (frame.type) {
      case 'Write':
        this.log.push({ kind: 'write', endpoint: frame.endpoint, data: frame.data, withResponse: frame.writeWithResponse });
        return;
      case 'Binary':
        this.log.push({ kind: 'binary', data: frame.data });
        return;
      case 'Subscribe':
        this.subscribed.add(frame.endpoint);
        this.log.push({ kind: 'subscribe', endpoint: frame.endpoint });
        return;
      case 'Unsubscribe':
        this.subscribed.delete(frame.endpoint);
        this.log.push({ kind: 'unsubscribe', endpoint: frame.endpoint });
        return;
      case 'Read':
        void this.answerRead(frame);
        return;
      case 'Connected':
        this.announcedInfo = { index: frame.index, name: frame.name, protocol: frame.protocol };
        return;
      case 'Rejected':
        this.rejectedReason = frame.reason;
        return;
      default:
        return;
    }
  }

  private async answerRead(frame: Extract<BridgeServerFrame, { type: 'Read' }>): Promise<void> {
    const request: BridgeReadRequest = { id: frame.id, endpoint: frame.endpoint, length: frame.length, timeoutMs: frame.timeoutMs };
    this.readLog.push(request);
    const answer = await this.answers.take(request, frame.timeoutMs);
    if (answer === undefined || this.socket.readyState !== WebSocket.OPEN) return;
    const reply = 'error' in answer ? { id: frame.id, error: answer.error } : { id: frame.id, data: [...answer] };
    this.socket.send(JSON.stringify({ ReadReply: reply }));
  }
}

/**
 * Connects a pretend device to a device bridge and sends its first frame (an object, or raw text to
 * test bad handshakes). Resolves once the frame is sent; rejects if the socket cannot open.
 */
export function connectBridgeDevice(url: string, hello: BridgeHello | string): Promise<BridgeDevice> {
  return new Promise<BridgeDevice>((resolve, reject) => {
    const socket = new WebSocket(url);
    const device = new BridgeDevice(socket, hello);
    const onError = (error: Error): void => reject(error);
    socket.once('error', onError);
    socket.once('open', () => {
      socket.off('error', onError);
      socket.on('error', () => {}); // later errors surface as a close
      socket.send(typeof hello === 'string' ? hello : JSON.stringify(hello), (error) =>
        error ? reject(error) : resolve(device),
      );
    });
  });
}
