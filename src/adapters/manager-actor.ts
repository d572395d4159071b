/**
 * Adapts a HardwareManager to the scan machine's `manager` actor: start/stop in, found /
 * started / idle out. A manager that cannot run here answers start with idle.
 */
import { fromCallback } from 'xstate';
import type { ManagerCommand, ManagerReport } from '../../machines/scan.ts';
import type { HardwareManager } from '../hardware/types.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../errors.ts';

export function createManagerActor(managers: ReadonlyMap<string, HardwareManager>, log: Logger) {
  return fromCallback<ManagerCommand, { name: string }, ManagerReport>(({ input, receive, sendBack }) => {
    const manager = managers.get(input.name);
    if (!manager) {
      receive((command) => {
        if (command.type === 'manager.start') sendBack({ type: 'manager.idle', name: input.name, finished: false });
      });
      return () => {};
    }
    let scanning = false;
    let stopped = false;
    const report = (error: unknown, action: string) =>
      log.warn({ manager: manager.name, err: error }, `${manager.name}: ${action} failed: ${describeError(error)}`);
    const subscription = manager.events.subscribe({
      next: (event) => {
        if (stopped) return;
        if (event.type === 'found') {
          sendBack({ type: 'manager.found', candidate: event.candidate });
        } else if (scanning) {
          scanning = false;
          sendBack({ type: 'manager.idle', name: manager.name, finished: true });
        }
      },
      // Without a handler RxJS would rethrow a broken event stream as an uncaught exception.
      error: (error: unknown) => report(error, 'its event stream'),
    });

    // Commands run one after another on the manager, and only the newest command's outcome is
    // reported: a quick start, stop must leave the manager stopped, and the stale "idle" of a stop
    // must not answer the scan machine's next start.
    let queue: Promise<void> = Promise.resolve();
    let latest = 0;
    receive((command) => {
      const generation = ++latest;
      const current = () => !stopped && generation === latest;
      if (command.type === 'manager.start') {
        queue = queue
          .then(async () => {
            const availability = await manager.availability();
            if (!availability.available) return false;
            await manager.startScanning();
            return manager.isScanning();
          })
          .then(
            (running) => {
              if (!current()) return;
              scanning = running;
              sendBack(running ? { type: 'manager.started', name: manager.name } : { type: 'manager.idle', name: manager.name, finished: true });
            },
            (error) => {
              report(error, 'start scanning');
              if (current()) sendBack({ type: 'manager.idle', name: manager.name, finished: false });
            },
          );
      } else {
        scanning = false;
        queue = queue
          .then(() => manager.stopScanning())
          .then(
            () => {
              if (current()) sendBack({ type: 'manager.idle', name: manager.name, finished: false });
            },
            (error) => {
              report(error, 'stop scanning');
              if (current()) sendBack({ type: 'manager.idle', name: manager.name, finished: false });
            },
          );
      }
    });
    return () => {
      stopped = true;
      subscription.unsubscribe();
    };
  });
}
