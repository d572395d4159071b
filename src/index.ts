/** plugstate's public API for apps that embed the server. */
export { createServer, PlugstateServer, CLOSE_TRY_AGAIN_LATER, type ServerOptions } from './server/server.ts';
export type { ServerEmitted } from '../machines/server.ts';
export { loadDeviceConfig } from './config/load.ts';
export { DeviceConfig } from './config/device-config.ts';
export { ConfigError } from './config/errors.ts';
export * from './hardware/index.ts';
export * from './transport/index.ts';
/**
 * The Buttplug wire protocol, spec v0 to v4: message types, `parseFrame`, `serialize`, version
 * negotiation, the catalog of which message exists in which version, and the protocol's errors.
 */
export * as messages from './messages/index.ts';
export type { DeviceInfo, DeviceDefinition, FeatureDefinition, OutputType, InputType } from './devices/features.ts';
export type { Logger } from './log/logger.ts';
export { VERSION } from './version.ts';
