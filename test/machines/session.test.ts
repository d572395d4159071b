/**
 * Scenario tests of the session machine that the model test does not pin down exactly.
 */
import { describe, expect, it } from 'vitest';
import { startSessionHarness, vibrator } from '../support/session-harness.ts';

const names = (frames: unknown[][]) => frames.flat().map((m) => Object.keys(m as object)[0]);

describe('session handshake', () => {
  it('answers every message of a first frame that starts with RequestServerInfo', () => {
    const h = startSessionHarness({ devices: [vibrator(0)] });
    h.sendFrame([
      { RequestServerInfo: { Id: 1, ClientName: 'batch', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } },
      { Ping: { Id: 2 } },
      { RequestDeviceList: { Id: 3 } },
    ]);
    expect(names(h.sent)).toEqual(['ServerInfo', 'Ok', 'DeviceList']);
    h.stop();
  });

  it('refuses a client newer than v4 with ERROR_INIT and closes the connection', () => {
    const h = startSessionHarness();
    h.sendFrame([{ RequestServerInfo: { Id: 7, ClientName: 'future', ProtocolVersionMajor: 5, ProtocolVersionMinor: 0 } }]);
    expect(h.sent.flat()).toEqual([{ Error: expect.objectContaining({ Id: 7, ErrorCode: 1 }) }]);
    h.stop();
  });

  it('answers Ping with Ok when the watchdog is off (the reference answers an error)', () => {
    const h = startSessionHarness({ maxPingTime: 0 });
    h.sendFrame([{ RequestServerInfo: { Id: 1, ClientName: 'x', MessageVersion: 3 } }]);
    h.sendFrame([{ Ping: { Id: 2 } }]);
    expect(h.sent.flat()[1]).toEqual({ Ok: { Id: 2 } });
    h.stop();
  });
});

describe('ping watchdog', () => {
  it('keeps a session alive while pings arrive within MaxPingTime, and pings it out otherwise', () => {
    const h = startSessionHarness({ maxPingTime: 100, devices: [vibrator(0)] });
    h.sendFrame([{ RequestServerInfo: { Id: 1, ClientName: 'x', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } }]);
    for (let i = 0; i < 5; i++) {
      h.advance(99);
      h.sendFrame([{ Ping: { Id: 10 + i } }]);
    }
    expect(h.state()).toContain('ready');
    h.advance(100);
    expect(h.state()).toContain('pingedOut');
    expect(h.sent.flat().at(-1)).toEqual({ Error: expect.objectContaining({ Id: 0, ErrorCode: 2 }) });
    expect(h.deviceCommands).toContainEqual({ type: 'device.stop', inputs: true, outputs: true, force: true });
    h.sendFrame([{ RequestDeviceList: { Id: 20 } }]);
    expect(h.sent.flat().at(-1)).toEqual({ Error: expect.objectContaining({ Id: 20, ErrorCode: 2 }) });
    h.stop();
  });
});

describe('device events per version', () => {
  it('tells a v4 client the whole list (Id 0) and a v3 client one DeviceAdded per new device', () => {
    for (const [rsi, expected] of [
      [{ RequestServerInfo: { Id: 1, ClientName: 'x', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } }, ['DeviceList']],
      [{ RequestServerInfo: { Id: 1, ClientName: 'x', MessageVersion: 3 } }, ['DeviceAdded', 'DeviceAdded']],
    ] as const) {
      const h = startSessionHarness();
      h.sendFrame([rsi]);
      h.setDevices([vibrator(0), vibrator(1)]);
      expect(names(h.sent).slice(1)).toEqual(expected);
      h.stop();
    }
  });

  it('answers a request whose device disconnects first with ERROR_DEVICE, once', () => {
    const h = startSessionHarness({ devices: [vibrator(0)] });
    h.sendFrame([{ RequestServerInfo: { Id: 1, ClientName: 'x', MessageVersion: 2 } }]);
    // The harness answers at once, so take the device away between request and reply by hand:
    h.setDevices([]);
    h.sendFrame([{ BatteryLevelCmd: { Id: 5, DeviceIndex: 0 } }]);
    const replies = h.sent.flat().filter((m) => Object.values(m as Record<string, { Id: number }>)[0].Id === 5);
    expect(replies).toEqual([{ Error: expect.objectContaining({ Id: 5, ErrorCode: 4 }) }]);
    h.stop();
  });

  it('reads the battery in each version’s shape', () => {
    const cases = [
      [{ MessageVersion: 2 }, { BatteryLevelCmd: { Id: 5, DeviceIndex: 0 } }, { BatteryLevelReading: { Id: 5, DeviceIndex: 0, BatteryLevel: 0.87 } }],
      [
        { MessageVersion: 3 },
        { SensorReadCmd: { Id: 5, DeviceIndex: 0, SensorIndex: 0, SensorType: 'Battery' } },
        { SensorReading: { Id: 5, DeviceIndex: 0, SensorIndex: 0, SensorType: 'Battery', Data: [87] } },
      ],
      [
        { ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 },
        { InputCmd: { Id: 5, DeviceIndex: 0, FeatureIndex: 1, Type: 'Battery', Command: 'Read' } },
        { InputReading: { Id: 5, DeviceIndex: 0, FeatureIndex: 1, Reading: { Battery: { Value: 87 } } } },
      ],
    ] as const;
    for (const [version, request, reading] of cases) {
      const h = startSessionHarness({ devices: [vibrator(0)], battery: 87 });
      h.sendFrame([{ RequestServerInfo: { Id: 1, ClientName: 'x', ...version } }]);
      h.sendFrame([request]);
      expect(h.sent.flat().at(-1)).toEqual(reading);
      h.stop();
    }
  });
});
