/** Buttplug error classes as they appear on the wire (`ErrorCode`). */
export enum ErrorCode {
  Unknown = 0,
  Init = 1,
  Ping = 2,
  Message = 3,
  Device = 4,
}

/**
 * A typed error any layer of the server raises; the session turns it into an `Error` message.
 * `message` is what a developer reads; it should name the message, device or feature at fault.
 */
export class ButtplugError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = ButtplugError.names[code];
  }

  private static readonly names: Record<ErrorCode, string> = {
    [ErrorCode.Unknown]: 'ButtplugUnknownError',
    [ErrorCode.Init]: 'ButtplugHandshakeError',
    [ErrorCode.Ping]: 'ButtplugPingError',
    [ErrorCode.Message]: 'ButtplugMessageError',
    [ErrorCode.Device]: 'ButtplugDeviceError',
  };
}

export const unknownError = (message: string) => new ButtplugError(ErrorCode.Unknown, message);
export const initError = (message: string) => new ButtplugError(ErrorCode.Init, message);
export const pingError = (message: string) => new ButtplugError(ErrorCode.Ping, message);
export const messageError = (message: string) => new ButtplugError(ErrorCode.Message, message);
export const deviceError = (message: string) => new ButtplugError(ErrorCode.Device, message);

/** Any thrown value as a ButtplugError, so nothing untyped ever reaches a client. */
export function asButtplugError(error: unknown, fallback: ErrorCode = ErrorCode.Unknown): ButtplugError {
  if (error instanceof ButtplugError) return error;
  return new ButtplugError(fallback, describeError(error));
}

/** Text of any thrown value, for log fields and error messages. */
export function describeError(error: unknown): string {
  // String() because a thrown object may carry a non-string `message`.
  return error instanceof Error ? String(error.message) : String(error);
}
