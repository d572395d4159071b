/** Conversions between the internal device model and each spec version's messages. */
export type { LegacySpecVersion } from './describe.ts';
export { describeDevice, deviceAddedMessage, deviceListMessage, deviceRemovedMessage } from './describe.ts';
export { toDeviceRequest } from './incoming.ts';
export { deviceListChanges, readingMessage } from './outgoing.ts';
