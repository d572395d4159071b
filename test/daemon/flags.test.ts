/** The flag table, its parser and the manager plan derived from the --use-* switches. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVER_NAME,
  FLAGS,
  USE_FLAGS,
  defaultFlags,
  helpText,
  parseFlags,
  type DaemonFlags,
} from '../../src/daemon/flags.ts';
import { MANAGER_KINDS, planManagers } from '../../src/daemon/managers.ts';

function parsed(argv: string[]): DaemonFlags {
  const result = parseFlags(argv);
  if (!result.ok) throw new Error(result.error);
  return result.flags;
}

describe('parseFlags', () => {
  it('no flags: Engine defaults where Engine has them (bridge port 54817), the client port left to the daemon (12345, see listen.test.ts)', () => {
    expect(parsed([])).toEqual(defaultFlags());
    expect(parsed([])).toMatchObject({
      websocketPort: undefined,
      serverName: DEFAULT_SERVER_NAME,
      maxPingTime: 0,
      log: 'info',
      deviceWebsocketServerPort: 54817,
      useDeviceWebsocketServer: false,
    });
  });

  it('every option takes `--flag value` and `--flag=value` alike', () => {
    const samples: Record<string, [string, unknown]> = {
      'websocket-port': ['4321', 4321],
      'websocket-client-address': ['ws://10.0.0.2:12345', 'ws://10.0.0.2:12345'],
      'server-name': ['My Rig', 'My Rig'],
      'max-ping-time': ['250', 250],
      'device-config-file': ['/etc/base.json', '/etc/base.json'],
      'user-device-config-file': ['user.json', 'user.json'],
      log: ['DEBUG', 'debug'],
      'device-websocket-server-port': ['0', 0],
    };
    for (const flag of FLAGS) {
      if (flag.kind !== 'option') continue;
      const [text, value] = samples[flag.name] ?? [];
      expect(text, `a sample for --${flag.name}`).toBeDefined();
      expect(parsed([`--${flag.name}`, text!])[flag.key]).toEqual(value);
      expect(parsed([`--${flag.name}=${text}`])[flag.key]).toEqual(value);
    }
  });

  it('every switch turns its setting on', () => {
    for (const flag of FLAGS) {
      if (flag.kind !== 'switch') continue;
      expect(defaultFlags()[flag.key]).toBe(false);
      expect(parsed([`--${flag.name}`])[flag.key]).toBe(true);
    }
  });

  it('--log off means silent', () => {
    expect(parsed(['--log', 'off']).log).toBe('silent');
  });

  it('a value may contain "=" and spaces', () => {
    expect(parsed(['--server-name=a=b c']).serverName).toBe('a=b c');
  });

  it.each([
    [['--websocket-port', '65536'], '--websocket-port: expected a port number from 0 to 65535 (0 picks a free port), got "65536"'],
    [['--websocket-port', '1e3'], '--websocket-port: expected a port number'],
    [['--websocket-port', '--use-hid'], '--websocket-port needs a value <port>'],
    [['--server-name', ' '], '--server-name: expected a server name, got an empty value'],
    [['--websocket-client-address', 'ws://x#frag'], '--websocket-client-address: the address must not have a #fragment'],
    [['--websocket-client-address', 'not a url'], '--websocket-client-address: expected a ws:// address'],
    [['-h'], 'unexpected argument "-h"'],
    [['--'], 'unexpected argument "--"'],
    [['--use-hid', '--use-hid'], '--use-hid is given more than once'],
    [['--USE-HID'], 'unknown flag "--USE-HID"'],
  ])('%j is refused: %s', (argv, message) => {
    const result = parseFlags(argv);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.startsWith(message)).toBe(true);
  });

  it('records which flags were given', () => {
    const result = parseFlags(['--use-hid', '--log=warn']);
    expect(result.ok && [...result.given]).toEqual(['use-hid', 'log']);
  });

  it('never throws, whatever the arguments', () => {
    const pieces = fc.oneof(
      fc.constantFrom(...FLAGS.map((flag) => `--${flag.name}`)),
      fc.constantFrom('0', '12345', '99999', 'ws://127.0.0.1:1', 'debug', '', '--', '-x', '=', '--x='),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (argv) => {
        const result = parseFlags(argv);
        if (!result.ok) expect(result.error).not.toContain('\n');
      }),
    );
  });
});

describe('helpText', () => {
  it('has a line for every flag, with the defaults of options that have one', () => {
    const text = helpText();
    for (const flag of FLAGS) {
      expect(text).toMatch(new RegExp(`^  --${flag.name}( <[^>]+>)?\\s{2,}\\S`, 'm'));
      if (flag.kind === 'option' && flag.defaultText) expect(text).toContain(`(default: ${flag.defaultText})`);
    }
  });
});

describe('planManagers', () => {
  const kindsByFlag = new Map(MANAGER_KINDS.map((kind) => [kind.flag, kind]));

  it('has a manager for every --use-* switch', () => {
    expect(USE_FLAGS.map((flag) => flag.name).sort()).toEqual([...kindsByFlag.keys()].sort());
  });

  it('no --use-* flag on Linux: bridge, Bluetooth LE, serial, HID and USB wanted; the rest off with their reason', () => {
    const plan = planManagers(parsed([]), 'linux');
    expect(plan.filter((entry) => entry.wanted).map((entry) => entry.id)).toEqual(['bridge', 'btle', 'serial', 'hid', 'usb']);
    expect(plan.find((entry) => entry.id === 'xinput')?.reason).toBe('XInput exists only on Windows');
    expect(plan.find((entry) => entry.id === 'lovense-connect')?.reason).toBe('plugstate has no Lovense Connect manager');
  });

  it('on Android only the bridge can run', () => {
    const plan = planManagers(parsed([]), 'android');
    expect(plan.filter((entry) => entry.wanted).map((entry) => entry.id)).toEqual(['bridge']);
    expect(plan.find((entry) => entry.id === 'btle')?.reason).toBe('Bluetooth LE is not supported on android');
  });

  it('any set of --use-* flags: exactly those are wanted (where they can run), the others "not requested"', () => {
    fc.assert(
      fc.property(
        fc.subarray(USE_FLAGS.map((flag) => flag.name), { minLength: 1 }),
        fc.constantFrom<NodeJS.Platform>('linux', 'darwin', 'win32', 'android'),
        (chosen, platform) => {
          const plan = planManagers(parsed(chosen.map((name) => `--${name}`)), platform);
          for (const entry of plan) {
            const kind = kindsByFlag.get(entry.flag)!;
            if (!chosen.includes(entry.flag)) {
              expect(entry).toMatchObject({ wanted: false, reason: `not requested (add --${entry.flag})` });
            } else {
              const unsupported = kind.unsupported(platform);
              expect(entry.wanted).toBe(unsupported === undefined);
              if (unsupported) expect(entry.reason).toBe(unsupported);
            }
          }
        },
      ),
    );
  });
});
