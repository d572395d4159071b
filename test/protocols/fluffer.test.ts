import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.ts';
import {
  createFlufferProtocol,
  flufferAdvertisement,
  flufferAdvertisementBytes,
  flufferDecrypt,
  flufferEncrypt,
  protocol as fluffer,
} from '../../protocols/fluffer.ts';
import type { ManufacturerData } from '../../src/hardware/types.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

const RANDOM = [0x11, 0x22, 0x33, 0x44];
const ADVERTISED: ManufacturerData[] = [{ company: 0x684a, data: [0x01, 0x69, 0x00, 0x05, 0x7f] }];
const fixedRandom = () => Uint8Array.from(RANDOM);
const byteArray = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 });

describe('fluffer encryption', () => {
  it('encrypts the full-speed packet as the recorded device got it', () => {
    expect([...flufferEncrypt([0x82, 0x0f, 0x05, 0x00, 100, 0, 0, 0])]).toEqual([
      0x34, 0x86, 0x9a, 0x67, 0x7b, 0x8e, 0x6f, 0xa9, 0xe9, 0x2b, 0x53, 0xf8, 0x37, 0xc5, 0x25, 0x3c,
    ]);
  });

  it('decrypts what it encrypts, in whole 16-byte blocks', () => {
    fc.assert(
      fc.property(byteArray, (plain) => {
        const encrypted = flufferEncrypt(plain);
        expect(encrypted.length % 16).toBe(0);
        expect([...flufferDecrypt(encrypted)]).toEqual(plain);
      }),
    );
  });

  it('refuses data that is not an encrypted packet with a device error', () => {
    expect(() => flufferDecrypt([1, 2, 3])).toThrow(expect.objectContaining({ code: ErrorCode.Device }));
    expect(() => flufferDecrypt(new Array(16).fill(0))).toThrow(/does not decrypt/);
  });
});

describe('fluffer advertisement', () => {
  it('takes the entry of company 0x684a, company bytes little-endian first', () => {
    expect(flufferAdvertisement([{ company: 7, data: [9] }, ...ADVERTISED])).toEqual([0x4a, 0x68, 0x01, 0x69, 0x00, 0x05, 0x7f]);
    expect(flufferAdvertisement([{ company: 7, data: [9] }])).toEqual([]);
  });

  it('unmasks up to four bytes with the key of bytes 1 and 2, leaving 0 and the key itself', () => {
    // key = 0x68 ^ 0x01 = 0x69
    expect(flufferAdvertisementBytes([0x4a, 0x68, 0x01, 0x69, 0x00, 0x05, 0x7f, 0x42])).toEqual([0x69, 0x00, 0x6c, 0x16]);
    expect(flufferAdvertisementBytes([0x4a, 0x68, 0x01, 0x05])).toEqual([0x6c]);
  });

  it('refuses an entry that carries no data (the reference would panic)', () => {
    expect(() => flufferAdvertisementBytes([0x4a, 0x68])).toThrow(/no bytes to answer the challenge/);
  });
});

async function connect(options: Parameters<typeof createFlufferProtocol>[0], manufacturerData: readonly ManufacturerData[] = ADVERTISED) {
  const protocol = createFlufferProtocol({ random: fixedRandom, ...options });
  const { device, hardware, candidate } = await simulatedDevice('fluffer', 'FDGTHING', { manufacturerData });
  const identifier = await protocol.identify({ hardware, candidate });
  const initializing = protocol.initialize({ hardware, definition: baseDefinition('fluffer', identifier) });
  return { device, identifier, initializing };
}

function expectedChallenge(): number[] {
  const digest = createHash('sha256')
    .update(Uint8Array.from(RANDOM))
    .update(Uint8Array.from([0x69, 0x00, 0x6c, 0x16]))
    .digest();
  return [...flufferEncrypt([0xa5, 0x01, 0x08, ...RANDOM, ...digest.subarray(0, 4)])];
}

const until = async (condition: () => boolean) => {
  for (let turn = 0; turn < 100 && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
};

describe('fluffer security handshake', () => {
  it('identifies by name, subscribes to rx, sends the challenge and, once accepted, the start packet', async () => {
    const { device, identifier, initializing } = await connect({});
    expect(identifier).toBe('FDGTHING');
    await until(() => commandsTo(device).length === 2);
    expect(commandsTo(device)).toEqual([
      { kind: 'subscribe', endpoint: 'rx' },
      { kind: 'write', endpoint: 'tx', data: expectedChallenge(), withResponse: false },
    ]);
    device.notify('rx', [...flufferEncrypt([0xa5, 0x01, 0x01, 0x00])]);
    await initializing;
    expect(commandsTo(device)[2]).toEqual({ kind: 'write', endpoint: 'tx', data: [...flufferEncrypt([0x82, 0x0e, 0x02, 0x00, 0x01])], withResponse: false });
  });

  it('only subscribes when the device advertises no Fluffer data', async () => {
    const { device, initializing } = await connect({}, []);
    await initializing;
    expect(commandsTo(device)).toEqual([{ kind: 'subscribe', endpoint: 'rx' }]);
  });

  it('fails with a device error when the device refuses the challenge', async () => {
    const { device, initializing } = await connect({});
    await until(() => commandsTo(device).length === 2);
    device.notify('rx', [...flufferEncrypt([0xa5, 0x01, 0x00, 0x00])]);
    await expect(initializing).rejects.toMatchObject({ code: ErrorCode.Device, message: expect.stringMatching(/refused the security handshake/) });
  });

  it('fails with a device error when the answer does not decrypt', async () => {
    const { device, initializing } = await connect({});
    await until(() => commandsTo(device).length === 2);
    device.notify('rx', [0xa5, 0x01, 0x01, 0x00]);
    await expect(initializing).rejects.toMatchObject({ code: ErrorCode.Device, message: expect.stringMatching(/does not decrypt/) });
  });

  it('fails with a device error when no answer comes in time', async () => {
    const { initializing } = await connect({ replyTimeoutMs: 10 });
    await expect(initializing).rejects.toMatchObject({ code: ErrorCode.Device, message: expect.stringMatching(/did not answer the security handshake within 10 ms/) });
  });

  it('fails with a device error when the advertised entry has no data', async () => {
    const { initializing } = await connect({}, [{ company: 0x684a }]);
    await expect(initializing).rejects.toMatchObject({ code: ErrorCode.Device });
  });
});

describe('fluffer motors', () => {
  it('sends both motors in one packet, backwards rotation as 100 + speed', async () => {
    const { hardware } = await simulatedDevice('fluffer', 'MBO');
    const definition = baseDefinition('fluffer', 'MBO');
    const handler = await fluffer.initialize({ hardware, definition });
    handler.output(outputFor(definition, 0, 'Vibrate', 40));
    const commands = handler.output(outputFor(definition, 1, 'Rotate', -30));
    expect([...flufferDecrypt(written(commands)[0])]).toEqual([0x82, 0x0f, 0x05, 0x00, 40, 130, 0x00, 0x00]);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: false, commandId: 'fluffer:device' });
    const forwards = handler.output(outputFor(definition, 1, 'Rotate', 30));
    expect([...flufferDecrypt(written(forwards)[0])].slice(4, 6)).toEqual([40, 30]);
  });
});
