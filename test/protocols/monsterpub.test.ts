import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monsterPubAuthAnswer, monsterPubModelName, protocol } from '../../protocols/monsterpub.ts';
import { ascii } from '../../protocols/kit/values.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

const KEYS = ['2IPO', 'LSBB', 'SIS6', 'TALK'].map((word) => [...ascii(word.repeat(4))].slice(0, 15));

describe('monsterpub identification', () => {
  it('reads the model name from rxblemodel without its NUL padding', async () => {
    const { device, hardware, candidate } = await simulatedDevice('monsterpub', 'MonsterPub');
    device.queueRead('rxblemodel', [...ascii('MP_SUCKBANG_P5'), 0, 0, 0]);
    await expect(protocol.identify({ hardware, candidate })).resolves.toBe('MP_SUCKBANG_P5');
  });

  it('falls back to "Unknown" (the defaults) when the model read fails', async () => {
    const { hardware, candidate } = await simulatedDevice('monsterpub', 'MonsterPub');
    await expect(protocol.identify({ hardware, candidate })).resolves.toBe('Unknown');
  });

  it('rejects a model name that is not UTF-8 with a device error', () => {
    expect(() => monsterPubModelName(Uint8Array.of(0x4d, 0xff, 0xfe))).toThrow(/monsterpub: the device's model name is not UTF-8/);
  });
});

describe('monsterpub authentication', () => {
  it('answers bytes 1–15 XOR the key that byte 0 names', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.uint8Array({ minLength: 15, maxLength: 15 }), (key, body) => {
        const answer = monsterPubAuthAnswer(Uint8Array.of(key, ...body));
        expect([...answer]).toEqual([...body].map((byte, i) => byte ^ KEYS[key][i]));
      }),
    );
  });

  it('rejects a short challenge and an unknown key (the reference panics on both)', () => {
    expect(() => monsterPubAuthAnswer(Uint8Array.of(0, 1, 2))).toThrow(/has 3 bytes, expected 16/);
    expect(() => monsterPubAuthAnswer(Uint8Array.of(4, ...new Array<number>(15).fill(0)))).toThrow(/names key 4, but only keys 0–3 exist/);
  });

  it('writes the answer to rx with response before anything else', async () => {
    const { device, hardware } = await simulatedDevice('monsterpub', 'MonsterPub');
    device.queueRead('rx', [1, ...new Array<number>(15).fill(0)]);
    await protocol.initialize({ hardware, definition: baseDefinition('monsterpub') });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'rx', data: KEYS[1], withResponse: true }]);
  });

  it('fails with a device error when the challenge never comes', async () => {
    const { hardware } = await simulatedDevice('monsterpub', 'MonsterPub');
    await expect(protocol.initialize({ hardware, definition: baseDefinition('monsterpub') })).rejects.toMatchObject({
      code: 4,
      message: expect.stringMatching(/monsterpub: reading the auth challenge from rx failed/),
    });
  });
});

describe('monsterpub motor endpoint', () => {
  it('on a tx device sends the packet to tx, and the all-stopped packet to txmode with response', async () => {
    const { device, hardware } = await simulatedDevice('monsterpub', 'MonsterPub', { endpoints: ['tx', 'txmode', 'rxblemodel'], address: 'mp-1' });
    const definition = baseDefinition('monsterpub', 'MP2_JK_N_P1');
    const handler = await protocol.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([]); // no rx: no authentication
    const running = handler.output(outputFor(definition, 1, 'Vibrate', 40));
    expect(running).toEqual([expect.objectContaining({ endpoint: 'tx', data: Uint8Array.of(0, 40), withResponse: false })]);
    const stopped = handler.output(outputFor(definition, 1, 'Vibrate', 0));
    expect(stopped).toEqual([expect.objectContaining({ endpoint: 'txmode', data: Uint8Array.of(0, 0), withResponse: true })]);
  });

  it('on a device with only generic0 (Tracy\'s Dog) prefixes the speeds with 0x03', async () => {
    const { hardware } = await simulatedDevice('monsterpub', 'TracyDog', { endpoints: ['generic0', 'rxblemodel'], address: 'td-1' });
    const definition = baseDefinition('monsterpub', 'TDG_CRAYBIT_PT');
    const handler = await protocol.initialize({ hardware, definition });
    expect(written(handler.output(outputFor(definition, 2, 'Vibrate', 100)))).toEqual([[0x03, 0, 0, 100]]);
    expect(handler.output(outputFor(definition, 0, 'Vibrate', 0))[0]).toMatchObject({ endpoint: 'generic0', withResponse: false });
  });
});
