import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createVibCrafterProtocol,
  vibCrafterChallengeAnswer,
  vibCrafterDecrypt,
  vibCrafterEncrypt,
  vibCrafterNonce,
  vibCrafterSpeedText,
} from '../../protocols/vibcrafter.ts';
import type { SimulatedDevice } from '../../src/hardware/simulator.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, untilSent, written } from './helpers.ts';

const fast = createVibCrafterProtocol({ replyTimeoutMs: 20, maxChallenges: 2 });

function decryptedWrites(device: SimulatedDevice): (string | undefined)[] {
  return commandsTo(device).flatMap((entry) => (entry.kind === 'write' ? [vibCrafterDecrypt(Uint8Array.from(entry.data))] : []));
}

describe('vibcrafter encryption', () => {
  it('is AES-128-ECB with PKCS#7 under the app key (vector checked with openssl)', () => {
    expect([...vibCrafterEncrypt('MtInt:3050;')]).toEqual([
      0x41, 0xa9, 0xab, 0x43, 0xe9, 0xd8, 0xd5, 0xcd, 0xd3, 0xfd, 0x0f, 0x19, 0xb2, 0xd7, 0x25, 0x06,
    ]);
  });

  it('round-trips any text, in whole 16-byte blocks', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const data = vibCrafterEncrypt(text);
        expect(data.length % 16).toBe(0);
        expect(vibCrafterDecrypt(data)).toBe(text);
      }),
    );
  });

  it('does not decrypt bytes that are not a ciphertext', () => {
    expect(vibCrafterDecrypt(Uint8Array.of(1, 2, 3))).toBeUndefined();
    expect(vibCrafterDecrypt(new Uint8Array(16))).toBeUndefined();
  });
});

describe('vibcrafter authentication texts', () => {
  it('answers a challenge with the first two SHA-256 bytes of its text', () => {
    expect(vibCrafterChallengeAnswer('a1B2:Xy9z42;')).toBe('Auth:e0e4;');
    expect(vibCrafterChallengeAnswer('a1B:Xy9z42;')).toBeUndefined();
    expect(vibCrafterChallengeAnswer('a1B2:Xy-9;')).toBeUndefined();
    expect(vibCrafterChallengeAnswer('a1B2:Xy9z42')).toBeUndefined();
  });

  it('opens with six letters or digits, fixed per address', () => {
    fc.assert(
      fc.property(fc.string(), (address) => {
        expect(vibCrafterNonce(address)).toMatch(/^[A-Za-z0-9]{6}$/);
        expect(vibCrafterNonce(address)).toBe(vibCrafterNonce(address));
      }),
    );
  });

  it('writes both speeds as two digits', () => {
    expect(vibCrafterSpeedText(0, 0)).toBe('MtInt:0000;');
    expect(vibCrafterSpeedText(7, 99)).toBe('MtInt:0799;');
  });
});

describe('vibcrafter connect', () => {
  it('authenticates through a challenge, then drives both motors in one packet', async () => {
    const { device, hardware } = await simulatedDevice('vibcrafter', 'Hayden');
    const definition = baseDefinition('vibcrafter', 'Hayden');
    const connecting = fast.initialize({ hardware, definition });
    await untilSent(device, 2);
    device.notify('rx', [...vibCrafterEncrypt('zz99:abc;')]);
    await untilSent(device, 3);
    device.notify('rx', [...vibCrafterEncrypt('OK;')]);
    const handler = await connecting;
    expect(commandsTo(device)[0]).toEqual({ kind: 'subscribe', endpoint: 'rx' });
    expect(decryptedWrites(device)).toEqual([`Auth:${vibCrafterNonce(hardware.address)};`, vibCrafterChallengeAnswer('zz99:abc;')]);
    handler.output(outputFor(definition, 1, 'Vibrate', 42));
    const commands = handler.output(outputFor(definition, 0, 'Vibrate', 5));
    expect(written(commands).map((data) => vibCrafterDecrypt(Uint8Array.from(data)))).toEqual(['MtInt:0542;']);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: false, commandId: 'vibcrafter:device' });
  });

  it('rejects when the toy does not answer', async () => {
    const { hardware } = await simulatedDevice('vibcrafter', 'Hayden');
    await expect(fast.initialize({ hardware, definition: baseDefinition('vibcrafter', 'Hayden') })).rejects.toThrow(
      /did not answer the authentication within 20 ms/,
    );
  });

  it('rejects an answer that does not decrypt, or is neither a challenge nor OK', async () => {
    for (const [answer, reason] of [
      [[1, 2, 3], /do not decrypt/],
      [[...vibCrafterEncrypt('NO;')], /"NO;", not a challenge or OK/],
    ] as const) {
      const { device, hardware } = await simulatedDevice('vibcrafter', 'Hayden');
      const connecting = fast.initialize({ hardware, definition: baseDefinition('vibcrafter', 'Hayden') });
      await untilSent(device, 2);
      device.notify('rx', [...answer]);
      await expect(connecting).rejects.toMatchObject({ name: 'ButtplugDeviceError', message: expect.stringMatching(reason) });
    }
  });

  it('gives up on a toy that keeps challenging', async () => {
    const { device, hardware } = await simulatedDevice('vibcrafter', 'Hayden');
    const connecting = fast.initialize({ hardware, definition: baseDefinition('vibcrafter', 'Hayden') });
    for (let round = 0; round < 3; round++) {
      await untilSent(device, 2 + round);
      device.notify('rx', [...vibCrafterEncrypt('zz99:abc;')]);
    }
    await expect(connecting).rejects.toThrow(/still challenging after 2 answers/);
  });
});
