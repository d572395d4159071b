import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSatisfyerProtocol, protocol as satisfyerProtocol, satisfyerModelNumber } from '../../protocols/satisfyer.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

describe('satisfyer model number', () => {
  it('reads four bytes as a big-endian u32 in decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const bytes = [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
        expect(satisfyerModelNumber(bytes)).toBe(String(n));
      }),
    );
  });

  it('gives "0" for any other length', () => {
    expect(satisfyerModelNumber([0, 0, 39])).toBe('0');
    expect(satisfyerModelNumber([0, 0, 39, 176, 1])).toBe('0');
  });
});

describe('satisfyer identification', () => {
  it('uses the advertised manufacturer data without touching the device', async () => {
    const { hardware, candidate } = await simulatedDevice('satisfyer', 'SF Anything', {
      manufacturerData: [{ company: 7 }, { company: 93, data: [0x00, 0x00, 0x27, 0xb0] }],
    });
    await expect(satisfyerProtocol.identify({ hardware, candidate })).resolves.toBe('10160');
  });

  it('reads the model number when the advertisement has none', async () => {
    const { device, hardware, candidate } = await simulatedDevice('satisfyer', 'SF Anything');
    device.queueRead('rxblemodel', [0x00, 0x00, 0x27, 0x15]);
    await expect(satisfyerProtocol.identify({ hardware, candidate })).resolves.toBe('10005');
  });

  it('fails when the model read times out', async () => {
    const { hardware, candidate } = await simulatedDevice('satisfyer', 'SF Anything');
    const protocol = createSatisfyerProtocol({ modelReadTimeoutMs: 5 });
    await expect(protocol.identify({ hardware, candidate })).rejects.toThrow(/timed out/);
  });
});

describe('satisfyer output', () => {
  it('writes 01 to command, keeps the device alive every 3 s and repeats each speed four times', async () => {
    const { device, hardware } = await simulatedDevice('satisfyer', 'SF Double Flex');
    const definition = baseDefinition('satisfyer', '10065');
    const handler = await satisfyerProtocol.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'command', data: [1], withResponse: true }]);
    expect(handler.keepalive).toEqual({ kind: 'repeatLastWrite', intervalMs: 3000 });
    const commands = handler.output(outputFor(definition, 2, 'Vibrate', 100));
    expect(written(commands)).toEqual([[0, 0, 0, 0, 0, 0, 0, 0, 100, 100, 100, 100]]);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: false, commandId: 'satisfyer:device' });
  });
});
