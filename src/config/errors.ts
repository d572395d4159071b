/** A device config file that cannot be used: unreadable, bad JSON, schema fault or wrong version. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}
