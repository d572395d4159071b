/**
 * Keeps the user device config file up to date: saved whenever a device is added (so a new device
 * keeps its index next time), and at exit if the file on disk is behind (it did not exist yet, or a
 * save failed). A failed save is logged, never fatal. A file that is already current is not
 * rewritten at exit, so a hand-edited file survives a run in which nothing changed.
 */
import type { Observable, Subscription } from 'rxjs';
import type { ServerEmitted } from '../../machines/server.ts';
import type { DeviceConfig } from '../config/device-config.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../errors.ts';

export interface UserConfigPersistence {
  /** Writes the file now; false (and a warning) when it could not be written. */
  save(why: string): boolean;
  /** Saves if the file is behind what plugstate knows; true when the file is current afterwards. */
  flush(why: string): boolean;
  /** Stops saving on device.added. */
  dispose(): void;
}

export function persistUserConfig(options: {
  readonly file: string;
  readonly config: DeviceConfig;
  readonly events: Observable<ServerEmitted>;
  readonly log: Logger;
  /** The file does not exist yet: it is created at the latest by flush(). */
  readonly missing: boolean;
}): UserConfigPersistence {
  const { file, config, log } = options;
  let behind = options.missing;
  const save = (why: string): boolean => {
    try {
      config.saveUserConfig(file);
      behind = false;
      log.debug({ file, why }, 'user device config saved');
      return true;
    } catch (error) {
      behind = true;
      log.warn({ file, why }, describeError(error));
      return false;
    }
  };
  const subscription: Subscription = options.events.subscribe((event) => {
    if (event.type === 'device.added') save(`device ${event.device.index} added`);
  });
  return {
    save,
    flush: (why) => (behind ? save(why) : true),
    dispose: () => subscription.unsubscribe(),
  };
}
