import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError } from './errors.ts';
import { packageFile } from '../package-files.ts';
import { pointer } from './raw.ts';

const SCHEMA_FILE = packageFile('protocols', 'config', 'buttplug-device-config-schema-v4.json');
const SCHEMA_ID = 'buttplug-device-config-v4';

interface Validators {
  readonly file: ValidateFunction;
  /** The schema's `configurations` shape; user protocols' configurations are outside its reach. */
  readonly configurations: ValidateFunction;
}

let validators: Validators | undefined;

function compiled(): Validators {
  if (!validators) {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
    // The upstream schema carries non-standard keys (components, min, a stray "value"), hence strict: false.
    // Loaded on first use: the bundled config is not checked at start-up, so a daemon without a
    // config file of its own never loads ajv (it is the largest part of a start).
    const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema({ ...schema, $id: SCHEMA_ID });
    validators = {
      file: ajv.getSchema(SCHEMA_ID)!,
      configurations: ajv.compile({ $ref: `${SCHEMA_ID}#/components/configurations-definition` }),
    };
  }
  return validators;
}

function describe(error: ErrorObject, prefix = ''): string {
  const where = prefix + error.instancePath || '/';
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') message += ` (${String(error.params.additionalProperty)})`;
  return `${where} ${message}`;
}

const DEVICE_ENTRY = /^\/user_configs\/devices\/(\d+)(?:\/|$)/;

/**
 * Validates a whole config file. Faults inside one `user_configs.devices` entry are returned per
 * entry (the entry is skipped, not the file); any other fault throws a ConfigError.
 */
export function checkConfigFile(json: unknown, label: string): Map<number, string> {
  const validate = compiled().file;
  if (validate(json)) return new Map();
  const entryFaults = new Map<number, string>();
  for (const error of validate.errors ?? []) {
    const entry = DEVICE_ENTRY.exec(error.instancePath);
    if (!entry) throw new ConfigError(`${label}: ${describe(error)}`);
    const index = Number(entry[1]);
    if (!entryFaults.has(index)) entryFaults.set(index, describe(error));
  }
  return entryFaults;
}

/** Validates `user_configs.protocols.<protocol>.configurations`; a fault throws a ConfigError. */
export function checkUserConfigurations(json: unknown, protocol: string, label: string): void {
  const validate = compiled().configurations;
  if (validate(json)) return;
  const [error] = validate.errors ?? [];
  const prefix = pointer('user_configs', 'protocols', protocol, 'configurations');
  throw new ConfigError(`${label}: ${error ? describe(error, prefix) : `${prefix} is invalid`}`);
}
