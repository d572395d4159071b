/**
 * Turns a protocol's parts into a `Protocol`, adding what every protocol shares: the default
 * identification (the advertised name), the value checks in front of `output`, and the BLE
 * battery reader when the protocol has no battery logic of its own.
 */
import { withDefaultBattery } from './battery.ts';
import { plainHandler } from './handler-object.ts';
import type { IdentifyContext, InitializeContext, Protocol, ProtocolHandler } from './types.ts';
import { assertValidOutputValue } from './values.ts';

export interface ProtocolParts {
  readonly name: string;
  /** Default: the candidate's advertised name. */
  readonly identify?: (context: IdentifyContext) => Promise<string | undefined>;
  readonly initialize: (context: InitializeContext) => Promise<ProtocolHandler>;
  /** See Protocol.configurationProtocol. */
  readonly configurationProtocol?: (identifier: string | undefined) => string;
}

export function identifyByName(context: IdentifyContext): Promise<string | undefined> {
  return Promise.resolve(context.candidate.name);
}

export function defineProtocol(parts: ProtocolParts): Protocol {
  const { name } = parts;
  return {
    name,
    identify: parts.identify ?? identifyByName,
    ...(parts.configurationProtocol && { configurationProtocol: parts.configurationProtocol }),
    async initialize(context) {
      const handler = plainHandler(withDefaultBattery(await parts.initialize(context), context.hardware));
      return {
        ...handler,
        output(command) {
          assertValidOutputValue(name, command);
          return handler.output(command);
        },
      };
    },
  };
}
