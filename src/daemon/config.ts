/**
 * Loading the device configs the flags name. A user config file that does not exist yet is not an
 * error: it is created when the first device is added or at exit (as Intiface Engine does). Any
 * other problem (unreadable, bad JSON, schema fault) is a ConfigError naming the file and the JSON
 * path of the fault.
 */
import { existsSync } from 'node:fs';
import { loadDeviceConfig, type DeviceConfig } from '../config/load.ts';
import type { Logger } from '../log/logger.ts';

interface LoadedDaemonConfig {
  readonly config: DeviceConfig;
  /** The user config file did not exist and will be created. */
  readonly userFileMissing: boolean;
}

export function loadDaemonConfig(
  files: { readonly deviceConfigFile?: string; readonly userDeviceConfigFile?: string },
  log: Logger,
): LoadedDaemonConfig {
  const userFile = files.userDeviceConfigFile;
  const userFileMissing = userFile !== undefined && !existsSync(userFile);
  if (userFileMissing) log.info({ file: userFile }, 'user device config does not exist yet; it will be created');
  const config = loadDeviceConfig({
    ...(files.deviceConfigFile !== undefined && { baseFile: files.deviceConfigFile }),
    ...(userFile !== undefined && !userFileMissing && { userFile }),
    log,
  });
  return { config, userFileMissing };
}
