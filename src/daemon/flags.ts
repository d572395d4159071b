/**
 * The daemon's command line: one table of flags (Intiface Engine's names and meanings, plus a few
 * of plugstate's own), the parser, and the help text generated from the same table.
 */
import { DEFAULT_BRIDGE_PORT } from '../hardware/bridge.ts';

export { DEFAULT_BRIDGE_PORT };
export const DEFAULT_WEBSOCKET_PORT = 12345;
export const DEFAULT_SERVER_NAME = 'Buttplug Server';
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What the command line said, with Engine's defaults filled in where Engine has them. */
export interface DaemonFlags {
  help: boolean;
  version: boolean;
  serverVersion: boolean;
  /** Undefined when not given: 12345 unless --websocket-client-address is used instead. */
  websocketPort: number | undefined;
  websocketUseAllInterfaces: boolean;
  websocketClientAddress: string | undefined;
  serverName: string;
  maxPingTime: number;
  deviceConfigFile: string | undefined;
  userDeviceConfigFile: string | undefined;
  log: LogLevel;
  useBluetoothLe: boolean;
  useSerial: boolean;
  useHid: boolean;
  useUsb: boolean;
  useLovenseDongleHid: boolean;
  useLovenseDongleSerial: boolean;
  useLovenseConnect: boolean;
  useXinput: boolean;
  useDeviceWebsocketServer: boolean;
  deviceWebsocketServerPort: number;
  deviceWebsocketServerUseAllInterfaces: boolean;
  allowRaw: boolean;
}

type FlagGroup = 'Clients' | 'Server' | 'Device configuration' | 'Hardware managers' | 'Device bridge' | 'Information';

interface FlagBase {
  /** Without the leading dashes. */
  readonly name: string;
  readonly group: FlagGroup;
  readonly help: string;
}

export interface SwitchSpec extends FlagBase {
  readonly kind: 'switch';
  readonly key: { [K in keyof DaemonFlags]: DaemonFlags[K] extends boolean ? K : never }[keyof DaemonFlags];
}

interface OptionSpec extends FlagBase {
  readonly kind: 'option';
  readonly key: keyof DaemonFlags;
  /** The value's placeholder in the help text, e.g. `<port>`. */
  readonly placeholder: string;
  /** Converts the text; throws a FlagValueError saying what was expected. */
  readonly parse: (text: string) => DaemonFlags[keyof DaemonFlags];
  /** Shown in the help text; leave out when there is none. */
  readonly defaultText?: string;
}

type FlagSpec = SwitchSpec | OptionSpec;

/** A value that does not fit its flag; the message says what was expected. */
class FlagValueError extends Error {}

// ---- value parsers ----

function port(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new FlagValueError(`expected a port number from 0 to 65535 (0 picks a free port), got "${text}"`);
  }
  return Number(text);
}

function milliseconds(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new FlagValueError(`expected a whole number of milliseconds (0 turns it off), got "${text}"`);
  return Number(text);
}

function nonEmpty(what: string) {
  return (text: string): string => {
    if (text.trim() === '') throw new FlagValueError(`expected ${what}, got an empty value`);
    return text;
  };
}

function websocketAddress(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FlagValueError(`expected a ws:// address such as ws://127.0.0.1:12345, got "${text}"`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new FlagValueError(`expected an address starting with ws:// or wss://, got "${text}"`);
  }
  if (url.hash) throw new FlagValueError(`the address must not have a #fragment, got "${text}"`);
  return text;
}

function logLevel(text: string): LogLevel {
  const level = text.toLowerCase() === 'off' ? 'silent' : text.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new FlagValueError(`expected one of ${LOG_LEVELS.join(', ')} (or off), got "${text}"`);
  }
  return level as LogLevel;
}

// ---- the table ----

const useSwitch = (name: string, key: SwitchSpec['key'], help: string): SwitchSpec => ({
  name,
  key,
  kind: 'switch',
  group: 'Hardware managers',
  help,
});

export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'websocket-port',
    key: 'websocketPort',
    kind: 'option',
    group: 'Clients',
    placeholder: '<port>',
    parse: port,
    defaultText: `${DEFAULT_WEBSOCKET_PORT}`,
    help: 'Listen for Buttplug clients on this port (loopback only unless --websocket-use-all-interfaces). 0 picks a free port.',
  },
  {
    name: 'websocket-use-all-interfaces',
    key: 'websocketUseAllInterfaces',
    kind: 'switch',
    group: 'Clients',
    help: 'Listen on every network interface (0.0.0.0 and ::) instead of 127.0.0.1 and ::1.',
  },
  {
    name: 'websocket-client-address',
    key: 'websocketClientAddress',
    kind: 'option',
    group: 'Clients',
    placeholder: '<ws://host:port>',
    parse: websocketAddress,
    help: 'Do not listen: connect out to this address and serve whatever answers there as the client (retried every second).',
  },
  {
    name: 'server-name',
    key: 'serverName',
    kind: 'option',
    group: 'Server',
    placeholder: '<name>',
    parse: nonEmpty('a server name'),
    defaultText: `"${DEFAULT_SERVER_NAME}"`,
    help: 'The name clients are told in ServerInfo.',
  },
  {
    name: 'max-ping-time',
    key: 'maxPingTime',
    kind: 'option',
    group: 'Server',
    placeholder: '<ms>',
    parse: milliseconds,
    defaultText: '0 = off',
    help: 'A client that sends no Ping for this long has every device stopped and is disconnected.',
  },
  {
    name: 'log',
    key: 'log',
    kind: 'option',
    group: 'Server',
    placeholder: '<level>',
    parse: logLevel,
    defaultText: 'info',
    help: `Log level for the logs on stderr: ${LOG_LEVELS.join(', ')} (or off).`,
  },
  {
    name: 'allow-raw',
    key: 'allowRaw',
    kind: 'switch',
    group: 'Server',
    help: 'Allow the spec v2/v3 raw messages (RawWriteCmd, RawReadCmd, RawSubscribeCmd, RawUnsubscribeCmd): clients may then send any bytes to any endpoint of a device.',
  },
  {
    name: 'device-config-file',
    key: 'deviceConfigFile',
    kind: 'option',
    group: 'Device configuration',
    placeholder: '<file>',
    parse: nonEmpty('a file path'),
    defaultText: 'the bundled config',
    help: 'Use this device config (v4 JSON) instead of the bundled one. A file that cannot be read or is invalid stops the start.',
  },
  {
    name: 'user-device-config-file',
    key: 'userDeviceConfigFile',
    kind: 'option',
    group: 'Device configuration',
    placeholder: '<file>',
    parse: nonEmpty('a file path'),
    help: 'User device config (v4 JSON): loaded at start, created if missing, saved whenever a device is added and at exit.',
  },
  useSwitch('use-bluetooth-le', 'useBluetoothLe', 'Bluetooth LE devices.'),
  useSwitch('use-serial', 'useSerial', 'Serial port devices.'),
  useSwitch('use-hid', 'useHid', 'HID devices.'),
  useSwitch('use-usb', 'useUsb', 'Plain USB devices (neither HID nor serial), such as the Rez TranceVibrator.'),
  useSwitch('use-lovense-dongle-hid', 'useLovenseDongleHid', 'Lovense USB dongle over HID (accepted; plugstate has no such manager, so it is reported off).'),
  useSwitch('use-lovense-dongle-serial', 'useLovenseDongleSerial', 'Lovense USB dongle over serial (accepted; plugstate has no such manager, so it is reported off).'),
  useSwitch('use-lovense-connect', 'useLovenseConnect', 'Lovense Connect app (accepted; plugstate has no such manager, so it is reported off).'),
  useSwitch('use-xinput', 'useXinput', 'XInput gamepads (accepted; Windows only, and plugstate has no such manager, so it is reported off).'),
  {
    ...useSwitch('use-device-websocket-server', 'useDeviceWebsocketServer', 'Start the device bridge: devices (real, DIY or simulated) connect to the server over a WebSocket.'),
    group: 'Device bridge',
  },
  {
    name: 'device-websocket-server-port',
    key: 'deviceWebsocketServerPort',
    kind: 'option',
    group: 'Device bridge',
    placeholder: '<port>',
    parse: port,
    defaultText: `${DEFAULT_BRIDGE_PORT}`,
    help: 'Port of the device bridge. 0 picks a free port.',
  },
  {
    name: 'device-websocket-server-use-all-interfaces',
    key: 'deviceWebsocketServerUseAllInterfaces',
    kind: 'switch',
    group: 'Device bridge',
    help: 'The device bridge listens on every network interface instead of loopback only.',
  },
  {
    name: 'version',
    key: 'version',
    kind: 'switch',
    group: 'Information',
    help: 'Print the name and version and exit.',
  },
  {
    name: 'server-version',
    key: 'serverVersion',
    kind: 'switch',
    group: 'Information',
    help: 'Print the bare version number and exit.',
  },
  {
    name: 'help',
    key: 'help',
    kind: 'switch',
    group: 'Information',
    help: 'Print this help and exit.',
  },
];

/** The --use-* switches: when none is given every manager that can run here is on. */
export const USE_FLAGS = FLAGS.filter((flag): flag is SwitchSpec => flag.kind === 'switch' && flag.name.startsWith('use-'));

export function defaultFlags(): DaemonFlags {
  return {
    help: false,
    version: false,
    serverVersion: false,
    websocketPort: undefined,
    websocketUseAllInterfaces: false,
    websocketClientAddress: undefined,
    serverName: DEFAULT_SERVER_NAME,
    maxPingTime: 0,
    deviceConfigFile: undefined,
    userDeviceConfigFile: undefined,
    log: 'info',
    useBluetoothLe: false,
    useSerial: false,
    useHid: false,
    useUsb: false,
    useLovenseDongleHid: false,
    useLovenseDongleSerial: false,
    useLovenseConnect: false,
    useXinput: false,
    useDeviceWebsocketServer: false,
    deviceWebsocketServerPort: DEFAULT_BRIDGE_PORT,
    deviceWebsocketServerUseAllInterfaces: false,
    allowRaw: false,
  };
}

type ParseResult =
  | { readonly ok: true; readonly flags: DaemonFlags; /** Names (without dashes) given on the command line. */ readonly given: ReadonlySet<string> }
  | { readonly ok: false; readonly error: string };

const byName = new Map(FLAGS.map((flag) => [flag.name, flag]));

/**
 * Parses `--flag`, `--flag value` and `--flag=value`. Each flag may be given once. The first
 * problem ends parsing with one line saying which flag and why.
 */
export function parseFlags(argv: readonly string[]): ParseResult {
  const flags = defaultFlags() as unknown as Record<string, unknown>;
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      return { ok: false, error: `unexpected argument "${arg}" (every setting is a --flag)` };
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const inline = equals === -1 ? undefined : arg.slice(equals + 1);
    const spec = byName.get(name);
    if (!spec) return { ok: false, error: `unknown flag "--${name}"` };
    if (given.has(name)) return { ok: false, error: `--${name} is given more than once` };
    given.add(name);

    if (spec.kind === 'switch') {
      if (inline !== undefined) return { ok: false, error: `--${name} is a switch and takes no value (got "${inline}")` };
      flags[spec.key] = true;
      continue;
    }
    let text = inline;
    if (text === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return { ok: false, error: `--${name} needs a value ${spec.placeholder}` };
      text = next;
      i++;
    }
    try {
      flags[spec.key] = spec.parse(text);
    } catch (error) {
      if (!(error instanceof FlagValueError)) throw error;
      return { ok: false, error: `--${name}: ${error.message}` };
    }
  }
  return { ok: true, flags: flags as unknown as DaemonFlags, given };
}

const GROUP_ORDER: readonly FlagGroup[] = ['Clients', 'Server', 'Device configuration', 'Hardware managers', 'Device bridge', 'Information'];
const HELP_WIDTH = 100;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The --help text, generated from FLAGS. */
export function helpText(): string {
  const usage = (flag: FlagSpec) => (flag.kind === 'option' ? `--${flag.name} ${flag.placeholder}` : `--${flag.name}`);
  const column = Math.max(...FLAGS.map((flag) => usage(flag).length)) + 4;
  const out: string[] = [
    'Usage: plugstate [flags]            (from a checkout: npm start -- [flags])',
    '',
    'plugstate is a Buttplug server (client spec v0-v4). Its flags are Intiface Engine\'s.',
    'With no --use-* flag every hardware manager that can run on this machine is on, and the',
    `device bridge listens on port ${DEFAULT_BRIDGE_PORT} (loopback). With any --use-* flag exactly those are on.`,
  ];
  for (const group of GROUP_ORDER) {
    out.push('', `${group}:`);
    for (const flag of FLAGS.filter((f) => f.group === group)) {
      const [first, ...rest] = wrap(flag.help, HELP_WIDTH - column);
      // The default gets a line of its own so it is never split across lines.
      if (flag.kind === 'option' && flag.defaultText) rest.push(`(default: ${flag.defaultText})`);
      out.push(`  ${usage(flag).padEnd(column - 2)}${first}`);
      for (const line of rest) out.push(`${' '.repeat(column)}${line}`);
    }
  }
  out.push('', 'Exit codes: 0 stopped cleanly (or --help/--version), 1 could not start or stop cleanly, 2 bad command line.', '');
  return out.join('\n');
}
