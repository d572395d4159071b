/**
 * What the transport logs through. A pino logger fits as it is; tests and embedders may pass
 * anything with these three methods.
 */
export interface TransportLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export const silentLog: TransportLog = {
  debug() {},
  info() {},
  warn() {},
};
