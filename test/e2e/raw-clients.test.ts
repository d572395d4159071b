/**
 * Clients speaking raw JSON of spec v0, v2 and v3 over ws://127.0.0.1: every reply is compared in
 * full, and every byte the simulated Lovense Edge receives is checked.
 */
import { describe, expect, it } from 'vitest';
import {
  LOVENSE_EDGE_STOP,
  addLovenseEdge,
  ascii,
  startStack,
  teardownAfterEach,
  waitForWrites,
  writesTo,
} from './support.ts';

const teardown = teardownAfterEach();

/** A server with a Lovense Edge that a scan will find, and a raw client connected to it. */
async function setUp() {
  const stack = await startStack(teardown);
  const lovense = addLovenseEdge(stack.sim, teardown);
  const client = await stack.openClient();
  return { stack, lovense, client };
}

describe('raw JSON client, spec v0', () => {
  it('handshake, empty list, scan → DeviceAdded, SingleMotorVibrateCmd, StopDeviceCmd, disconnect', async () => {
    const { stack, lovense, client } = await setUp();

    expect(await client.request({ RequestServerInfo: { Id: 1, ClientName: 'raw v0' } })).toEqual({
      ServerInfo: {
        Id: 1,
        MajorVersion: 0,
        MinorVersion: 0,
        BuildVersion: 0,
        MessageVersion: 0,
        MaxPingTime: 0,
        ServerName: 'plugstate e2e',
      },
    });
    expect(await client.request({ RequestDeviceList: { Id: 2 } })).toEqual({ DeviceList: { Id: 2, Devices: [] } });

    expect(await client.request({ StartScanning: { Id: 3 } })).toEqual({ Ok: { Id: 3 } });
    const edge = {
      DeviceIndex: 0,
      DeviceName: 'Lovense Edge',
      DeviceMessages: ['SingleMotorVibrateCmd', 'StopDeviceCmd'],
    };
    expect(await client.event('DeviceAdded')).toEqual({ DeviceAdded: { Id: 0, ...edge } });
    expect(await client.request({ RequestDeviceList: { Id: 4 } })).toEqual({ DeviceList: { Id: 4, Devices: [edge] } });

    // v0 sets every vibrator to the one speed: ceil(20 × 0.5) = 10 on both motors.
    let before = writesTo(lovense).length;
    expect(await client.request({ SingleMotorVibrateCmd: { Id: 5, DeviceIndex: 0, Speed: 0.5 } })).toEqual({ Ok: { Id: 5 } });
    await waitForWrites(lovense, [ascii('Vibrate1:10;'), ascii('Vibrate2:10;')], before, 'both motors at 10');

    before = writesTo(lovense).length;
    expect(await client.request({ StopDeviceCmd: { Id: 6, DeviceIndex: 0 } })).toEqual({ Ok: { Id: 6 } });
    await waitForWrites(lovense, LOVENSE_EDGE_STOP, before, 'both motors stopped');

    expect(await client.request({ StopScanning: { Id: 7 } })).toEqual({ Ok: { Id: 7 } });
    await client.close();
    expect(client.leftovers).toEqual([]);
    expect(client.frames.every((frame) => JSON.parse(frame).length === 1)).toBe(true);
    expect(stack.server.devices()).toHaveLength(1);
  });
});

describe('raw JSON client, spec v2', () => {
  it('handshake, scan → DeviceAdded, VibrateCmd, BatteryLevelCmd, StopDeviceCmd; a bare close stops what it moved', async () => {
    const { lovense, client } = await setUp();

    expect(await client.request({ RequestServerInfo: { Id: 1, ClientName: 'raw v2', MessageVersion: 2 } })).toEqual({
      ServerInfo: { Id: 1, MessageVersion: 2, MaxPingTime: 0, ServerName: 'plugstate e2e' },
    });
    expect(await client.request({ RequestDeviceList: { Id: 2 } })).toEqual({ DeviceList: { Id: 2, Devices: [] } });
    expect(await client.request({ StartScanning: { Id: 3 } })).toEqual({ Ok: { Id: 3 } });
    const edge = {
      DeviceIndex: 0,
      DeviceName: 'Lovense Edge',
      DeviceMessages: {
        VibrateCmd: { FeatureCount: 2, StepCount: [20, 20] },
        BatteryLevelCmd: {},
        StopDeviceCmd: {},
      },
    };
    expect(await client.event('DeviceAdded')).toEqual({ DeviceAdded: { Id: 0, ...edge } });
    expect(await client.request({ RequestDeviceList: { Id: 4 } })).toEqual({ DeviceList: { Id: 4, Devices: [edge] } });

    let before = writesTo(lovense).length;
    expect(
      await client.request({ VibrateCmd: { Id: 5, DeviceIndex: 0, Speeds: [{ Index: 1, Speed: 0.5 }] } }),
    ).toEqual({ Ok: { Id: 5 } });
    await waitForWrites(lovense, [ascii('Vibrate2:10;')], before, 'second motor at 10');
    expect(writesTo(lovense).slice(before).map((write) => write.data)).not.toContainEqual(ascii('Vibrate1:10;'));

    expect(await client.request({ BatteryLevelCmd: { Id: 6, DeviceIndex: 0 } })).toEqual({
      BatteryLevelReading: { Id: 6, DeviceIndex: 0, BatteryLevel: 0.85 },
    });

    before = writesTo(lovense).length;
    expect(await client.request({ StopDeviceCmd: { Id: 7, DeviceIndex: 0 } })).toEqual({ Ok: { Id: 7 } });
    await waitForWrites(lovense, [ascii('Vibrate2:0;')], before, 'second motor stopped');

    // Move it again and leave without a stop: the server must stop the device itself.
    before = writesTo(lovense).length;
    expect(
      await client.request({ VibrateCmd: { Id: 8, DeviceIndex: 0, Speeds: [{ Index: 0, Speed: 1 }, { Index: 1, Speed: 0.25 }] } }),
    ).toEqual({ Ok: { Id: 8 } });
    await waitForWrites(lovense, [ascii('Vibrate1:20;'), ascii('Vibrate2:5;')], before, 'both motors moving');
    before = writesTo(lovense).length;
    await client.close();
    await waitForWrites(lovense, LOVENSE_EDGE_STOP, before, 'stopped after the client left');
    expect(client.leftovers).toEqual([]);
  });
});

describe('raw JSON client, spec v3', () => {
  it('handshake, scan → DeviceAdded, ScalarCmd, SensorReadCmd, StopAllDevices', async () => {
    const { lovense, client } = await setUp();

    expect(await client.request({ RequestServerInfo: { Id: 1, ClientName: 'raw v3', MessageVersion: 3 } })).toEqual({
      ServerInfo: { Id: 1, MessageVersion: 3, MaxPingTime: 0, ServerName: 'plugstate e2e' },
    });
    expect(await client.request({ StartScanning: { Id: 2 } })).toEqual({ Ok: { Id: 2 } });
    expect(await client.event('DeviceAdded')).toEqual({
      DeviceAdded: {
        Id: 0,
        DeviceIndex: 0,
        DeviceName: 'Lovense Edge',
        // The gap this server really enforces (the simulated device was given 0), not a fixed 100.
        DeviceMessageTimingGap: 0,
        DeviceMessages: {
          ScalarCmd: [
            { FeatureDescriptor: '', ActuatorType: 'Vibrate', StepCount: 20 },
            { FeatureDescriptor: '', ActuatorType: 'Vibrate', StepCount: 20 },
          ],
          SensorReadCmd: [{ FeatureDescriptor: 'battery Level', SensorType: 'Battery', SensorRange: [[0, 100]] }],
          StopDeviceCmd: {},
        },
      },
    });

    let before = writesTo(lovense).length;
    expect(
      await client.request({
        ScalarCmd: { Id: 3, DeviceIndex: 0, Scalars: [{ Index: 0, Scalar: 0.51, ActuatorType: 'Vibrate' }] },
      }),
    ).toEqual({ Ok: { Id: 3 } });
    // Steps round up: ceil(20 × 0.51) = 11.
    await waitForWrites(lovense, [ascii('Vibrate1:11;')], before, 'first motor at 11');

    expect(
      await client.request({ SensorReadCmd: { Id: 4, DeviceIndex: 0, SensorIndex: 0, SensorType: 'Battery' } }),
    ).toEqual({ SensorReading: { Id: 4, DeviceIndex: 0, SensorIndex: 0, SensorType: 'Battery', Data: [85] } });

    before = writesTo(lovense).length;
    expect(await client.request({ StopAllDevices: { Id: 5 } })).toEqual({ Ok: { Id: 5 } });
    await waitForWrites(lovense, [ascii('Vibrate1:0;')], before, 'first motor stopped');
    await client.close();
    expect(client.leftovers).toEqual([]);
  });
});
