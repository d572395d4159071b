import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { galakuPacket, galakuPlainPacket, galakuUnscramble, readGalakuBattery } from '../../../protocols/families/galaku.ts';
import { protocol as galaku } from '../../../protocols/galaku.ts';
import { protocol as galakuPump } from '../../../protocols/galaku-pump.ts';
import { ErrorCode } from '../../../src/errors.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from '../helpers.ts';

afterEach(() => {
  vi.useRealTimers();
});

const body = fc.array(fc.integer({ min: 0, max: 0xff }), { minLength: 10, maxLength: 10 });

describe('galaku scrambling', () => {
  it('matches the recorded packet of a stopped one-motor toy', () => {
    expect([...galakuPacket([0x5a, 0, 0, 1, 0x31, 0, 0, 0, 0, 0])]).toEqual([
      0x23, 0x81, 0xbb, 0xab, 0xd2, 0xec, 0x3b, 0x23, 0xbb, 0xa3, 0x3b, 0x90,
    ]);
  });

  it('unscrambles back to the start byte, the body and its sum', () => {
    fc.assert(
      fc.property(body, (bytes) => {
        const plain = galakuPlainPacket(bytes);
        expect(plain[11]).toBe((0x23 + bytes.reduce((a, b) => a + b, 0)) & 0xff);
        expect(galakuUnscramble(galakuPacket(bytes))).toEqual(plain);
      }),
    );
  });

  it('refuses a body that is not ten bytes', () => {
    expect(() => galakuPacket([1, 2, 3])).toThrow(expect.objectContaining({ code: ErrorCode.Device }));
    expect(() => galakuPacket([0, 0, 0, 0, 0, 0, 0, 0, 0, 256])).toThrow(/10 bytes/);
  });
});

describe('galaku outputs', () => {
  it('puts both motors of a two-motor toy in one packet, keeping the other slot', async () => {
    const { hardware } = await simulatedDevice('galaku', 'G339');
    const definition = baseDefinition('galaku', 'G339');
    const handler = await galaku.initialize({ hardware, definition });
    handler.output(outputFor(definition, 0, 'Vibrate', 20));
    // The Rhino's rotator is its second motor slot (the reference refuses Rotate).
    const commands = handler.output(outputFor(definition, 1, 'Rotate', 70));
    expect(galakuUnscramble(written(commands)[0])).toEqual(galakuPlainPacket([0x5a, 0, 0, 1, 0x40, 3, 20, 70, 0, 0]));
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: false, commandId: 'galaku:device' });
  });

  it('sends the AC695X pump its plain 16-byte packet', async () => {
    const { hardware } = await simulatedDevice('galaku', 'AC695X_1(BLE)');
    const definition = baseDefinition('galaku', 'AC695X_1(BLE)');
    const handler = await galaku.initialize({ hardware, definition });
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 40)))).toEqual([
      [0xaa, 0x01, 0x0a, 0x03, 40, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ]);
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 0)))[0].slice(4, 6)).toEqual([0, 0]);
  });

  it('drives the pump: oscillation in slot 0, vibration in slot 1, written with response', async () => {
    const { hardware } = await simulatedDevice('galaku-pump', 'V415');
    const definition = baseDefinition('galaku-pump', 'V415');
    const handler = await galakuPump.initialize({ hardware, definition });
    handler.output(outputFor(definition, 1, 'Vibrate', 9));
    const commands = handler.output(outputFor(definition, 0, 'Oscillate', 100));
    expect(galakuUnscramble(written(commands)[0])).toEqual(galakuPlainPacket([0x5a, 0, 0, 1, 0x60, 3, 100, 9, 0, 0]));
    expect(commands[0]).toMatchObject({ withResponse: true, commandId: 'galaku-pump:device' });
  });
});

describe('galaku battery', () => {
  const request = galakuPacket([0x5a, 0, 0, 1, 0x13, 0, 0, 0, 0, 0]);

  it('asks on tx and reads the level from the rxblebattery notification', async () => {
    const { device, hardware } = await simulatedDevice('galaku', 'GX21');
    const reading = readGalakuBattery(hardware);
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(2));
    expect(commandsTo(device)).toEqual([
      { kind: 'subscribe', endpoint: 'rxblebattery' },
      { kind: 'write', endpoint: 'tx', data: [...request], withResponse: true },
    ]);
    device.notify('rxblebattery', [77]);
    await expect(reading).resolves.toBe(77);
  });

  it('fails with a device error when the toy never answers (the reference waits forever)', async () => {
    vi.useFakeTimers();
    const { hardware } = await simulatedDevice('galaku', 'GX21');
    const reading = readGalakuBattery(hardware, 50);
    const outcome = expect(reading).rejects.toMatchObject({ code: ErrorCode.Device, message: expect.stringMatching(/within 50 ms/) });
    await vi.advanceTimersByTimeAsync(50);
    await outcome;
  });

  it('fails on an empty notification and when the toy goes away', async () => {
    const { device, hardware } = await simulatedDevice('galaku', 'GX21');
    const empty = readGalakuBattery(hardware);
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(2));
    device.notify('rxblebattery', []);
    await expect(empty).rejects.toThrow(/empty battery notification/);
    const gone = readGalakuBattery(hardware);
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(4));
    device.disconnect();
    await expect(gone).rejects.toMatchObject({ code: ErrorCode.Device });
  });
});
