import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CaseStep, filterForVersion, parseRecordedCase, RecordedCaseError } from '../support/recorded-case.ts';

const SAMPLE = `
devices:
  - identifier:
      name: "LVS-Test"
      address: "AA:BB"
    expected_name: "Lovense Hush"
    expected_display_name: "Mine"
user_device_config_file: "user.json"
device_init:
  - !Commands
      device_index: 0
      commands:
        - !Subscribe
            endpoint: rx
        - !Write
            endpoint: tx
            data: [0x0f, 10, 0xFF]
            write_with_response: true
            feature_id: ignored
  - !Events
      device_index: 0
      events:
        - !Notifications
          - endpoint: rx
            data: [1, 2]
        - !Reads
          - endpoint: rxblemodel
            data: [0x0, 0x27]
        - !Disconnect
device_commands:
  - !Messages
      device_index: 0
      messages:
        - !Vibrate
          - Index: 0
            Speed: .25
        - !Rotate
          - Index: 1
            Speed: 1
            Clockwise: false
        - !Linear
          - Index: 0
            Duration: 200
            Position: 0.51
        - !Scalar
          - Index: 2
            Scalar: 0.5
            ActuatorType: Constrict
        - !Battery
            expected_power: 0.5
            run_async: true
        - !Stop
        - !RSSI
  - !VersionGated
      min_spec_version: 3
      commands:
        - !Commands
            device_index: 0
            commands:
              - !Unsubscribe
                  endpoint: rx
`;

describe('parseRecordedCase', () => {
  it('reads every tag into the typed model', () => {
    const parsed = parseRecordedCase(SAMPLE, 'sample.yaml');
    expect(parsed.devices).toEqual([{ name: 'LVS-Test', address: 'AA:BB', expectedName: 'Lovense Hush', expectedDisplayName: 'Mine' }]);
    expect(parsed.userDeviceConfigFile).toBe('user.json');
    expect(parsed.deviceConfigFile).toBeUndefined();
    expect(parsed.deviceInit).toEqual([
      {
        kind: 'commands',
        deviceIndex: 0,
        commands: [
          { kind: 'subscribe', endpoint: 'rx' },
          { kind: 'write', endpoint: 'tx', data: [15, 10, 255], writeWithResponse: true },
        ],
      },
      {
        kind: 'events',
        deviceIndex: 0,
        events: [
          { kind: 'notifications', notifications: [{ endpoint: 'rx', data: [1, 2] }] },
          { kind: 'reads', reads: [{ endpoint: 'rxblemodel', data: [0, 39] }] },
          { kind: 'disconnect' },
        ],
      },
    ]);
    expect(parsed.deviceCommands[0]).toEqual({
      kind: 'messages',
      deviceIndex: 0,
      messages: [
        { kind: 'vibrate', speeds: [{ index: 0, speed: 0.25 }] },
        { kind: 'rotate', rotations: [{ index: 1, speed: 1, clockwise: false }] },
        { kind: 'linear', vectors: [{ index: 0, durationMs: 200, position: 0.51 }] },
        { kind: 'scalar', scalars: [{ index: 2, scalar: 0.5, actuatorType: 'Constrict' }] },
        { kind: 'battery', expectedPower: 0.5, runAsync: true },
        { kind: 'stop' },
        { kind: 'rssi' },
      ],
    });
    expect(parsed.deviceCommands[1]).toEqual({
      kind: 'versionGated',
      minSpecVersion: 3,
      steps: [{ kind: 'commands', deviceIndex: 0, commands: [{ kind: 'unsubscribe', endpoint: 'rx' }] }],
    });
  });

  it.each([
    ['a byte above 255', SAMPLE.replace('0xFF', '256'), /device_init\[0\].*commands\[1\].*data\[2\].*byte/],
    ['an unknown tag', SAMPLE.replace('!Subscribe', '!Subscribed'), /unknown tag.*!Subscribed/],
    ['a tag in the wrong place', SAMPLE.replace('- !Stop', '- !Write'), /messages\[5\].*!Write is not allowed here/],
    ['a message in device_init', SAMPLE.replace('  - !Commands\n      device_index: 0\n      commands:\n        - !Subscribe', '  - !Messages\n      device_index: 0\n      commands:\n        - !Subscribe'), /!Messages is not allowed/],
    ['an unknown actuator', SAMPLE.replace('Constrict', 'Squeeze'), /unknown actuator type "Squeeze"/],
    ['a value on a unit variant', SAMPLE.replace('- !Stop', '- !Stop now'), /!Stop takes no value/],
    ['a missing field', SAMPLE.replace('write_with_response: true', 'with_response: true'), /write_with_response/],
    ['no devices', 'devices: []\ndevice_commands: []', /at least one device/],
    ['broken YAML', 'devices: [', /invalid YAML/],
  ])('rejects %s with the path of the fault', (_what, text, message) => {
    expect(() => parseRecordedCase(text, 'sample.yaml')).toThrow(RecordedCaseError);
    expect(() => parseRecordedCase(text, 'sample.yaml')).toThrow(message);
  });
});

describe('filterForVersion', () => {
  const commands = (endpoint: string): CaseStep => ({ kind: 'commands', deviceIndex: 0, commands: [{ kind: 'subscribe', endpoint }] });

  it('inlines gated steps (recursively) when the version reaches the gate and drops them otherwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), (version, outer, inner) => {
        const steps: CaseStep[] = [
          commands('a'),
          {
            kind: 'versionGated',
            minSpecVersion: outer,
            steps: [commands('b'), { kind: 'versionGated', minSpecVersion: inner, steps: [commands('c')] }],
          },
          commands('d'),
        ];
        const endpoints = filterForVersion(steps, version).map((step) => (step.kind === 'commands' ? step.commands[0].endpoint : '?'));
        const expected = ['a', ...(version >= outer ? ['b', ...(version >= inner ? ['c'] : [])] : []), 'd'];
        expect(endpoints).toEqual(expected);
      }),
    );
  });
});
