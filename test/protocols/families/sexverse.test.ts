import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lg389Packet, protocol as lg389 } from '../../../protocols/sexverse-lg389.ts';
import { protocol as v1, sexverseV1Packet, xorChecksum } from '../../../protocols/sexverse-v1.ts';
import { protocol as v2 } from '../../../protocols/sexverse-v2.ts';
import { protocol as v3 } from '../../../protocols/sexverse-v3.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, simulatedHardware, written } from '../helpers.ts';

describe('sexverse v1', () => {
  it('closes the packet with the XOR of every byte, so the whole packet XORs to 0', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ type: fc.constantFrom(3, 4, 6), speed: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }), (motors) => {
        const packet = [...sexverseV1Packet(motors)];
        expect(packet.slice(0, 3)).toEqual([0x23, 0x07, motors.length * 3]);
        expect(xorChecksum(packet)).toBe(0);
      }),
    );
  });

  it('sends a counter-clockwise rotation as its magnitude (the reference sends its two’s complement)', async () => {
    const definition = baseDefinition('sexverse-v1', 'Olis');
    const handler = await v1.initialize({ hardware: await simulatedHardware('sexverse-v1', 'Olis'), definition });
    const [packet] = written(handler.output(outputFor(definition, 2, 'Rotate', -1)));
    expect(packet.slice(9, 12)).toEqual([0x83, 0x06, 0x01]);
  });
});

describe('sexverse lg389', () => {
  it('sets full range anchored to the base only while the oscillator moves', () => {
    expect([...lg389Packet(3, 0)]).toEqual([0xaa, 0x05, 3, 0x14, 0, 0, 0, 0, 0, 0]);
    expect([...lg389Packet(0, 1)]).toEqual([0xaa, 0x05, 0, 0x14, 1, 0, 4, 0, 1, 0]);
  });

  it('keeps the other motor’s speed in every packet', async () => {
    const definition = baseDefinition('sexverse-lg389');
    const handler = await lg389.initialize({ hardware: await simulatedHardware('sexverse-lg389', 'LG389'), definition });
    handler.output(outputFor(definition, 1, 'Oscillate', 10));
    const commands = handler.output(outputFor(definition, 0, 'Vibrate', 2));
    expect(written(commands)).toEqual([[0xaa, 0x05, 2, 0x14, 1, 0, 4, 0, 10, 0]]);
    expect(commands[0]).toMatchObject({ withResponse: true, commandId: 'sexverse-lg389:device' });
  });
});

describe('sexverse v2', () => {
  it('wakes the device with AA 04 and addresses motors by feature index', async () => {
    const { device, hardware } = await simulatedDevice('sexverse-v2', 'NBQ-B619RX');
    const definition = baseDefinition('sexverse-v2', 'NBQ-B619RX');
    const handler = await v2.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'tx', data: [0xaa, 0x04], withResponse: true }]);
    expect(written(handler.output(outputFor(definition, 2, 'Vibrate', 20)))).toEqual([[0xaa, 0x03, 0x01, 0x03, 0x64, 20]]);
  });
});

describe('sexverse v3', () => {
  it('repeats the last packet every 100 ms and drives the Zeus oscillator as motor 2', async () => {
    const definition = baseDefinition('sexverse-v3', 'TA-S001A');
    const handler = await v3.initialize({ hardware: await simulatedHardware('sexverse-v3', 'TA-S001A'), definition });
    expect(handler.keepalive).toEqual({ kind: 'repeatLastWrite', intervalMs: 100 });
    expect(written(handler.output(outputFor(definition, 1, 'Oscillate', 20)))).toEqual([[0xa1, 0x04, 20, 0x02]]);
  });
});
