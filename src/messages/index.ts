/** Public surface of the message layer: parse, negotiate, serialize, and catalog queries. */
export * from './types.ts';
export * from '../errors.ts';
export { OUTPUT_TYPES, INPUT_TYPES, INPUT_COMMANDS } from '../devices/features.ts';
export { parseFrame, type ParsedItem } from './parse.ts';
export { negotiateVersion, readFirstFrame, serverInfoFor, type FirstFrame, type Negotiation, type ServerInfoOptions } from './negotiate.ts';
export { serialize, errorMessage } from './serialize.ts';
export {
  MESSAGE_TYPES,
  READABLE_INPUT_TYPES,
  LOG_LEVELS,
  isMessageType,
  isClientMessageType,
  isServerMessageType,
  messageDirection,
  messageVersions,
  messageExistsIn,
  isDeprecatedIn,
  clientMessageTypesIn,
  serverMessageTypesIn,
  notInVersionExplanation,
  type Direction,
} from './catalog.ts';
// Conversions between the wire versions and the internal model.
export * from './convert/index.ts';
