/**
 * The official v4 client over WebSocket with simulated Satisfyer, Fleshlight Launch and TCode
 * (serial) devices: they appear in a scan, take commands, and are stopped on disconnect.
 */
import { DeviceOutput, type ButtplugClientDevice } from 'buttplug-v4';
import { describe, expect, it } from 'vitest';
import { loadDeviceConfig } from '../../src/config/load.ts';
import {
  eventually,
  scanFor,
  startStack,
  teardownAfterEach,
  text,
  waitForWrites,
  writesTo,
} from './support.ts';

const TCODE_PORT_CONFIG = JSON.stringify({
  version: { major: 4, minor: 0 },
  user_configs: {
    protocols: {
      'tcode-v03': {
        communication: [{ serial: { port: 'tcode-port', baud_rate: 115200, data_bits: 8, parity: 'N', stop_bits: 1 } }],
      },
    },
  },
});

const teardown = teardownAfterEach();

describe('official v4 client with more simulated devices', () => {
  it('scans, drives and stops a Satisfyer, a Launch and a TCode serial device', async () => {
    // Four serial protocols share the base config's placeholder port "default"; as a user would,
    // give TCode its own port.
    const stack = await startStack(teardown, { deviceConfig: loadDeviceConfig({ userJson: TCODE_PORT_CONFIG }) });
    // Satisfyer identifies from its advertised model number (0x2715 = 10005, "Satisfyer Hot Spot").
    const satisfyer = stack.sim.addDevice({
      name: 'SF Hot Spot',
      address: 'satisfyer-1',
      manufacturerData: [{ company: 93, data: [0x00, 0x00, 0x27, 0x15] }],
      messageGapMs: 0,
    });
    const launch = stack.sim.addDevice({ name: 'Launch', address: 'launch-1', messageGapMs: 0 });
    const tcode = stack.sim.addDevice({ name: 'TCode', address: 'serial-tcode', transport: 'serial', port: 'tcode-port', messageGapMs: 0 });

    const client = await stack.connectOfficialClient();
    const names = ['Satisfyer Hot Spot', 'Fleshlight Launch', 'TCode v0.3 (Single Linear Axis)'];
    const found = await scanFor<ButtplugClientDevice>(client, names);

    // Setup traffic: Satisfyer's init and keepalive stop, the Launch's command-mode write.
    expect(satisfyer.commands).toContainEqual({ kind: 'write', endpoint: 'command', data: Uint8Array.from([1]), withResponse: true });
    expect(writesTo(satisfyer)[1]).toEqual({ endpoint: 'tx', data: [0, 0, 0, 0] });
    expect(launch.commands).toContainEqual({ kind: 'write', endpoint: 'firmware', data: Uint8Array.from([0]), withResponse: true });

    const satisfyerBefore = writesTo(satisfyer).length;
    await found.get('Satisfyer Hot Spot')!.runOutput(DeviceOutput.Vibrate.percent(0.5));
    await waitForWrites(satisfyer, [[0x32, 0x32, 0x32, 0x32]], satisfyerBefore, 'Satisfyer at half speed');

    const launchBefore = writesTo(launch).length;
    await found.get('Fleshlight Launch')!.runOutput(DeviceOutput.HwPositionWithDuration.value(50, 500));
    await eventually(() => writesTo(launch).slice(launchBefore).some((w) => w.endpoint === 'tx' && w.data[0] === 50), 'Launch moves to 50');

    const tcodeBefore = writesTo(tcode).length;
    await found.get('TCode v0.3 (Single Linear Axis)')!.runOutput(DeviceOutput.HwPositionWithDuration.value(500, 1000));
    await eventually(
      () => writesTo(tcode).slice(tcodeBefore).some((w) => text(Uint8Array.from(w.data)) === 'L0500I1000\n'),
      'TCode moves to 500 over 1000 ms',
    );

    const beforeDisconnect = writesTo(satisfyer).length;
    await client.disconnect();
    await waitForWrites(satisfyer, [[0, 0, 0, 0]], beforeDisconnect, 'Satisfyer stopped on disconnect');
  });
});
