import { AsyncSubject } from 'rxjs';
import { WebSocket, type RawData } from 'ws';
import { ErrorCode } from '../errors.ts';
import type { ClientConnection } from './connection.ts';
import { nextConnectionId } from './connection-id.ts';
import { createFrameChannel } from './frame-channel.ts';
import { startHeartbeat } from './heartbeat.ts';
import type { Logger } from '../log/logger.ts';

/** Frames above this size close the socket with 1009 (enforced by ws through `maxPayload`). */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** The reply to a binary frame; the frame itself is not forwarded. */
export const BINARY_FRAME_REPLY = JSON.stringify([
  {
    Error: {
      Id: 0,
      ErrorCode: ErrorCode.Message,
      ErrorMessage: 'binary frames are not supported; send JSON text frames',
    },
  },
]);

/** RFC 6455 limits a close reason to 123 bytes of UTF-8. */
const MAX_CLOSE_REASON_BYTES = 123;

type CloseInfo = { code: number; reason: string };

interface WrapOptions {
  kind: ClientConnection['kind'];
  remote: string;
  /** 0 turns the ping/pong heartbeat off. */
  heartbeatMs: number;
  log: Logger;
}

export interface WrappedWebSocket {
  connection: ClientConnection;
  /** Closes with a close frame, terminates if the peer does not finish within `graceMs`, resolves once closed. */
  shutdown(code: number, reason: string, graceMs: number): Promise<void>;
}

/** Codes an endpoint may put in a close frame (RFC 6455 §7.4 and the registered 1012–1014). */
function isSendableCloseCode(code: number): boolean {
  return (
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
      (code >= 3000 && code <= 4999))
  );
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let result = '';
  for (const char of text) {
    if (Buffer.byteLength(result + char) > maxBytes) break;
    result += char;
  }
  return result;
}

/**
 * The close code ws sends after a protocol error it detected (it closes the socket itself). The
 * peer's answering close frame is never read after such an error, so ws itself reports 1006.
 */
function closeCodeForProtocolError(errorCode: unknown): number | undefined {
  if (typeof errorCode !== 'string' || !errorCode.startsWith('WS_ERR_')) return undefined;
  if (errorCode === 'WS_ERR_INVALID_UTF8') return 1007;
  if (errorCode === 'WS_ERR_TOO_MANY_BUFFERED_PARTS') return 1008;
  if (errorCode.startsWith('WS_ERR_UNSUPPORTED_')) return 1009;
  return 1002;
}

function rawDataToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Serves an open `ws` socket as a ClientConnection, with heartbeat and binary-frame handling. */
export function wrapWebSocket(socket: WebSocket, options: WrapOptions): WrappedWebSocket {
  const { kind, remote, heartbeatMs, log } = options;
  const id = nextConnectionId(kind);
  const frames = createFrameChannel<string>();
  const closed = new AsyncSubject<CloseInfo>();
  let isClosed = false;
  let closeRequested = false;
  // Why this side ended the socket; it explains a close that otherwise reads only "1006".
  let localReason: CloseInfo | undefined;
  let lastErrorMessage: string | undefined;

  const stopHeartbeat =
    heartbeatMs > 0
      ? startHeartbeat(socket, heartbeatMs, () => {
          localReason = { code: 1006, reason: `no pong within ${heartbeatMs} ms of a ping` };
          log.info(`${id} (${remote}) did not answer a ping; terminating`);
          socket.terminate();
        })
      : () => {};

  const sendText = (text: string) => {
    if (isClosed || socket.readyState !== WebSocket.OPEN) return;
    socket.send(text, (error) => {
      if (error) log.debug(`${id}: send failed: ${error.message}`);
    });
  };

  socket.on('message', (data, isBinary) => {
    if (isClosed) return;
    if (isBinary) {
      log.debug(`${id}: binary frame refused`);
      sendText(BINARY_FRAME_REPLY);
      return;
    }
    frames.next(rawDataToText(data));
  });

  socket.on('error', (error: Error & { code?: unknown }) => {
    lastErrorMessage = error.message;
    const protocolCloseCode = closeCodeForProtocolError(error.code);
    if (protocolCloseCode !== undefined) localReason ??= { code: protocolCloseCode, reason: error.message };
    log.warn(`${id} (${remote}): ${error.message}`);
  });

  socket.on('close', (code, reasonBuffer) => {
    isClosed = true;
    stopHeartbeat();
    const reason = reasonBuffer.toString('utf8') || lastErrorMessage || '';
    const info = localReason ?? { code, reason };
    log.info(`${id} (${remote}) closed: ${info.code}${info.reason ? ` ${info.reason}` : ''}`);
    frames.complete();
    closed.next(info);
    closed.complete();
  });

  const close = (code: number, reason: string) => {
    if (closeRequested || isClosed) return;
    closeRequested = true;
    let sendableCode = code;
    if (!isSendableCloseCode(code)) {
      log.warn(`${id}: close code ${code} cannot be sent in a close frame; using 1000`);
      sendableCode = 1000;
    }
    socket.close(sendableCode, truncateUtf8(reason, MAX_CLOSE_REASON_BYTES));
  };

  const connection: ClientConnection = {
    id,
    kind,
    remote,
    send: sendText,
    close,
    frames: frames.observable,
    closed: closed.asObservable(),
  };

  const shutdown = (code: number, reason: string, graceMs: number) =>
    new Promise<void>((resolve) => {
      if (isClosed) {
        resolve();
        return;
      }
      const timer = setTimeout(() => socket.terminate(), graceMs);
      closed.subscribe({
        complete: () => {
          clearTimeout(timer);
          resolve();
        },
      });
      close(code, reason);
    });

  return { connection, shutdown };
}
