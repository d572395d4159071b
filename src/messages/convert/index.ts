/** Conversions between the internal device model and each spec version's messages. */
export type { LegacySpecVersion } from './describe.ts';
export { describeDevice, deviceAddedMessage, deviceListMessage, deviceRemovedMessage } from './describe.ts';
export { toDeviceRequest, type ConversionOptions } from './incoming.ts';
export { deviceListChanges, rawReadingMessage, readingMessage } from './outgoing.ts';
export { RAW_NOT_ALLOWED } from './raw-commands.ts';
