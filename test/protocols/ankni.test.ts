import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.ts';
import { ankniChecksum, ankniHandshake, crc16Xmodem, createAnkniProtocol, protocol as ankni } from '../../protocols/ankni.ts';
import { baseDefinition, bytesOf, commandsTo, simulatedDevice } from './helpers.ts';

const definition = baseDefinition('ankni');

describe('ankni checksum', () => {
  it('is CRC-16/XMODEM (check value of "123456789" is 0x31c3)', () => {
    expect(crc16Xmodem(bytesOf('123456789'))).toBe(0x31c3);
  });

  it('gives 0 over any data followed by its own CRC, big-endian', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 32 }), (data) => {
        const crc = crc16Xmodem(data);
        expect(crc16Xmodem([...data, crc >> 8, crc & 0xff])).toBe(0);
      }),
    );
  });

  it('takes the high byte of the CRC of 01 + the address', () => {
    expect(ankniChecksum([0xa2, 0x31, 0x35, 0x53, 0x52, 0xd8])).toBe(0xc1);
    const [wake, check] = ankniHandshake([0xa2, 0x31, 0x35, 0x53, 0x52, 0xd8]);
    expect(wake.data).toEqual(new Array(20).fill(0x01));
    expect(check.data).toEqual([0x01, 0x02, ...new Array(16).fill(0xc1), 0x00, 0x00]);
  });
});

describe('ankni setup', () => {
  it('skips the handshake when generic0 holds a PnP id (more than 6 bytes)', async () => {
    const { device, hardware } = await simulatedDevice('ankni', 'DSJM');
    device.queueRead('generic0', [0x01, 0xa6, 0x01, 0x00, 0x00, 0x01, 0x16]);
    await ankni.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([]);
  });

  it('fails with a device error when generic0 does not answer in time', async () => {
    const { device, hardware } = await simulatedDevice('ankni', 'DSJM');
    const initializing = createAnkniProtocol({ readTimeoutMs: 5 }).initialize({ hardware, definition });
    await expect(initializing).rejects.toMatchObject({ code: ErrorCode.Device, message: expect.stringMatching(/did not answer the generic0 read.*timed out/) });
    expect(commandsTo(device)).toEqual([]);
  });

  it.each([[[]], [[0xa2, 0x31, 0x35]]])('refuses a generic0 answer shorter than an address: %j', async (answer) => {
    const { device, hardware } = await simulatedDevice('ankni', 'DSJM');
    device.queueRead('generic0', answer);
    await expect(ankni.initialize({ hardware, definition })).rejects.toMatchObject({
      code: ErrorCode.Device,
      message: expect.stringMatching(new RegExp(`answered the generic0 read with ${answer.length} bytes`)),
    });
    expect(commandsTo(device)).toEqual([]);
  });
});
