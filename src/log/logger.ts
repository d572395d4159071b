/** The logging surface the server uses; pino loggers satisfy it, and so does `silentLogger`. */
export interface Logger {
  debug(message: string | object, ...rest: unknown[]): void;
  info(message: string | object, ...rest: unknown[]): void;
  warn(message: string | object, ...rest: unknown[]): void;
  error(message: string | object, ...rest: unknown[]): void;
}

const ignore = () => {};
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
