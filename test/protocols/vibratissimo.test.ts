import { describe, expect, it } from 'vitest';
import {
  createVibratissimoProtocol,
  protocol as vibratissimoProtocol,
  vibratissimoIdentifier,
  vibratissimoSpeedPacket,
} from '../../protocols/vibratissimo.ts';
import { baseDefinition, bytesOf, simulatedDevice } from './helpers.ts';

describe('vibratissimo identification', () => {
  it('takes the model text read from rxblemodel', async () => {
    const { device, hardware, candidate } = await simulatedDevice('vibratissimo', 'Vibratissimo');
    device.queueRead('rxblemodel', bytesOf('Licker'));
    await expect(vibratissimoProtocol.identify({ hardware, candidate })).resolves.toBe('Licker');
    expect(baseDefinition('vibratissimo', 'Licker').name).toBe('Vibratissimo Licker');
  });

  it('falls back to the advertised name when the model is not UTF-8', () => {
    expect(vibratissimoIdentifier(Uint8Array.of(0xff, 0xfe), 'Vibratissimo')).toBe('Vibratissimo');
    expect(vibratissimoIdentifier(Uint8Array.of(), 'Vibratissimo')).toBe('');
  });

  it('rejects with a device error saying what went wrong when the model read times out', async () => {
    const { hardware, candidate } = await simulatedDevice('vibratissimo', 'Vibratissimo');
    const protocol = createVibratissimoProtocol(5);
    const identifying = protocol.identify({ hardware, candidate });
    await expect(identifying).rejects.toThrow(/did not give its model on rxblemodel: .*timed out/);
    await expect(identifying).rejects.toMatchObject({ name: 'ButtplugDeviceError' });
  });
});

describe('vibratissimo speed packet', () => {
  it('has at least two bytes and one per vibrator', () => {
    expect([...vibratissimoSpeedPacket([9])]).toEqual([9, 0]);
    expect([...vibratissimoSpeedPacket([1, 2])]).toEqual([1, 2]);
    expect([...vibratissimoSpeedPacket([1, 2, 2])]).toEqual([1, 2, 2]);
    expect(() => vibratissimoSpeedPacket([256])).toThrow(/does not fit in a byte/);
  });
});
