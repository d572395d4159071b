/**
 * The plugstate daemon: flags → device config → hardware managers → server → WebSocket listener (or
 * dial-out) → startup report → signals. Intiface Engine's command line, friendlier defaults.
 */
import type { Logger as PinoLogger } from 'pino';
import { ConfigError } from '../config/load.ts';
import { createServer, type PlugstateServer } from '../server/server.ts';
import { PortInUseError } from '../transport/index.ts';
import { VERSION } from '../version.ts';
import { loadDaemonConfig } from './config.ts';
import { helpText, parseFlags, type DaemonFlags } from './flags.ts';
import { bridgeSettings, clientEndpoint } from './listen.ts';
import { createDaemonLogger, type LogStream } from './logger.ts';
import { BridgeListenError, bridgeUrls, closeStartedManagers, planManagers, startManagers } from './managers.ts';
import { persistUserConfig, type UserConfigPersistence } from './persist.ts';
import { formatReport } from './report.ts';
import { describeError } from '../errors.ts';

interface DaemonIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: LogStream;
  readonly platform: NodeJS.Platform;
}

interface RunningDaemon {
  readonly server: PlugstateServer;
  readonly log: PinoLogger;
  /** Stops every device (stop bytes first), closes clients, managers and listeners, saves the user config. */
  stop(): Promise<void>;
}

type StartResult = { readonly kind: 'exit'; readonly code: number } | { readonly kind: 'running'; readonly daemon: RunningDaemon };

/** Exit codes: 0 clean, 1 cannot start or stop cleanly, 2 bad command line. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A stop that hangs is cut off here: the promise is an exit within 2 s, and exiting takes a moment too. */
const SHUTDOWN_DEADLINE_MS = 1800;

function usageError(io: DaemonIo, message: string): StartResult {
  io.stderr.write(`plugstate: ${message}\n\n${helpText()}`);
  return { kind: 'exit', code: EXIT.usage };
}

function failure(io: DaemonIo, message: string): StartResult {
  io.stderr.write(`plugstate: ${message}\n`);
  return { kind: 'exit', code: EXIT.failed };
}

/** Settings that only make sense together are checked before anything starts. */
function conflict(flags: DaemonFlags): string | undefined {
  if (flags.websocketClientAddress !== undefined && flags.websocketPort !== undefined) {
    return 'give either --websocket-port (listen for clients) or --websocket-client-address (connect out to one), not both';
  }
  if (flags.websocketClientAddress !== undefined && flags.websocketUseAllInterfaces) {
    return '--websocket-use-all-interfaces is for listening; it cannot be used with --websocket-client-address';
  }
  return undefined;
}

export async function startDaemon(argv: readonly string[], io: DaemonIo): Promise<StartResult> {
  const parsed = parseFlags(argv);
  if (!parsed.ok) return usageError(io, parsed.error);
  const { flags } = parsed;
  if (flags.help) {
    io.stdout.write(helpText());
    return { kind: 'exit', code: EXIT.ok };
  }
  if (flags.version) {
    io.stdout.write(`plugstate ${VERSION} (Buttplug server, client spec v0-v4; Node ${process.version})\n`);
    return { kind: 'exit', code: EXIT.ok };
  }
  if (flags.serverVersion) {
    io.stdout.write(`${VERSION}\n`);
    return { kind: 'exit', code: EXIT.ok };
  }
  const problem = conflict(flags);
  if (problem) return usageError(io, problem);

  const log = createDaemonLogger({ level: flags.log, stream: io.stderr });
  log.debug({ flags: [...parsed.given] }, 'flags given');

  const plan = planManagers(flags, io.platform);
  const bridge = bridgeSettings(flags);
  const endpoint = clientEndpoint(flags);
  // The hardware is asked while the device config loads: much of its answer is waiting (native
  // libraries, the Bluetooth adapter, listing ports), and a start is quicker for the overlap.
  const starting = startManagers(plan, { bridge, log });
  let loaded;
  try {
    loaded = loadDaemonConfig(flags, log);
  } catch (error) {
    await closeStartedManagers(starting);
    if (error instanceof ConfigError) return failure(io, error.message);
    throw error;
  }

  let started;
  try {
    started = await starting;
  } catch (error) {
    if (!(error instanceof BridgeListenError)) throw error;
    return failure(
      io,
      error.code === 'EADDRINUSE'
        ? `port ${error.port} (device bridge) is already in use; stop the program using it or choose another port with --device-websocket-server-port <port>`
        : `the device bridge cannot listen on port ${error.port}: ${error.message}`,
    );
  }
  for (const status of started.statuses) {
    log.debug({ manager: status.id }, status.on ? `${status.label}: on` : `${status.label}: off: ${status.reason}`);
  }

  const server = createServer({
    name: flags.serverName,
    maxPingTime: flags.maxPingTime,
    deviceConfig: loaded.config,
    managers: started.managers,
    allowRaw: flags.allowRaw,
    log,
  });
  const persistence: UserConfigPersistence | undefined =
    flags.userDeviceConfigFile === undefined
      ? undefined
      : persistUserConfig({
          file: flags.userDeviceConfigFile,
          config: loaded.config,
          events: server.events,
          log,
          missing: loaded.userFileMissing,
        });
  const userFile = flags.userDeviceConfigFile;
  if (persistence && loaded.config.warnings.some((warning) => warning.startsWith(`${userFile}: `))) {
    log.warn(
      { file: userFile },
      'the user device config is rewritten whenever a device is added; entries skipped above will not be kept',
    );
  }

  let clientUrls: string[] | undefined;
  if (endpoint.kind === 'dial-out') {
    server.dialOut(endpoint.url);
  } else {
    const { port, allInterfaces } = endpoint;
    try {
      const listening = await server.listen({ port, allInterfaces });
      clientUrls = listening.urls;
    } catch (error) {
      persistence?.dispose();
      await server.close();
      if (error instanceof PortInUseError) {
        return failure(
          io,
          `port ${error.port} is already in use on ${error.host} (is another plugstate or Intiface Engine running?); stop that program or choose another port with --websocket-port <port>`,
        );
      }
      return failure(io, `cannot listen for clients on port ${port}: ${describeError(error)}`);
    }
  }

  io.stdout.write(
    formatReport({
      version: VERSION,
      serverName: flags.serverName,
      ...(clientUrls && endpoint.kind === 'listen' && { clientUrls, clientAllInterfaces: endpoint.allInterfaces }),
      ...(endpoint.kind === 'dial-out' && { dialOutUrl: endpoint.url }),
      ...(started.bridge && {
        bridge: {
          port: started.bridge.port!,
          urls: bridgeUrls(started.bridge),
          allInterfaces: bridge.allInterfaces,
        },
      }),
      managers: started.statuses,
      maxPingTime: flags.maxPingTime,
      allowRaw: flags.allowRaw,
      ...(flags.deviceConfigFile !== undefined && { deviceConfigFile: flags.deviceConfigFile }),
      ...(flags.userDeviceConfigFile !== undefined && {
        userConfig: { file: flags.userDeviceConfigFile, missing: loaded.userFileMissing },
      }),
    }),
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Stop bytes go out before anything else closes, whatever the clients do.
      server.actor.send({ type: 'device.stop', inputs: true, outputs: true, force: true });
      await server.close();
      persistence?.dispose();
      persistence?.flush('exit');
    })();
    return stopping;
  };
  return { kind: 'running', daemon: { server, log, stop } };
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 };

/** Exits once stdout and stderr have taken what was written (pipes are asynchronous on some systems). */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** The process entry point (bin/plugstate.js): start, then stop cleanly on SIGINT or SIGTERM. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const io: DaemonIo = { stdout: process.stdout, stderr: process.stderr, platform: process.platform };
  let result: StartResult;
  try {
    result = await startDaemon(argv, io);
  } catch (error) {
    // Anything unexpected still ends in one line; the stack is for --log debug readers only.
    process.stderr.write(`plugstate: could not start: ${describeError(error)}\n`);
    exitAfterFlush(EXIT.failed);
    return;
  }
  if (result.kind === 'exit') {
    exitAfterFlush(result.code);
    return;
  }

  const { daemon } = result;
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      daemon.log.warn(`${signal} again: exiting at once`);
      process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 1));
    }
    signalled = true;
    daemon.log.info(`${signal}: stopping every device and closing (${signal} again exits at once)`);
    const deadline = setTimeout(() => {
      daemon.log.error(`shutdown did not finish within ${SHUTDOWN_DEADLINE_MS} ms; exiting anyway`);
      process.exit(EXIT.failed);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    daemon.stop().then(
      () => exitAfterFlush(EXIT.ok),
      (error: unknown) => {
        daemon.log.error({ err: error }, `error while stopping: ${describeError(error)}`);
        exitAfterFlush(EXIT.failed);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const onCrash = crashHandler(daemon, (code) => exitAfterFlush(code));
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
}

/**
 * A bug that escapes every handler still stops the devices before the process goes: the first
 * error starts a stop and exits 1 once it finished (or after the shutdown deadline).
 */
export function crashHandler(
  daemon: Pick<RunningDaemon, 'log' | 'stop'>,
  exit: (code: number) => void,
  deadlineMs = SHUTDOWN_DEADLINE_MS,
): (error: unknown) => void {
  let crashed = false;
  return (error) => {
    daemon.log.error({ err: error }, `unexpected error: ${describeError(error)}; stopping every device`);
    if (crashed) return;
    crashed = true;
    setTimeout(() => exit(EXIT.failed), deadlineMs).unref();
    daemon.stop().finally(() => exit(EXIT.failed));
  };
}
