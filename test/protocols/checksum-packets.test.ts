import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol as leten } from '../../protocols/leten.ts';
import { loveNutsPacket } from '../../protocols/lovenuts.ts';
import { protocol as luvmazer } from '../../protocols/luvmazer.ts';
import { manNuoPacket } from '../../protocols/mannuo.ts';
import { maxProPacket } from '../../protocols/maxpro.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, simulatedHardware, written } from './helpers.ts';

const byte = fc.integer({ min: 0, max: 255 });

describe('mannuo', () => {
  it('ends with the XOR of the packet, so the whole packet XORs to 0', () => {
    fc.assert(
      fc.property(byte, (speed) => {
        expect(manNuoPacket(speed).reduce((a, b) => a ^ b, 0)).toBe(0);
      }),
    );
    expect(manNuoPacket(3)).toEqual([0xaa, 0x55, 0x06, 0x01, 0x01, 0x01, 0x03, 0xfa, 0x01]);
  });
});

describe('maxpro', () => {
  it('ends with the 8-bit sum of the nine bytes before it', () => {
    fc.assert(
      fc.property(byte, (speed) => {
        const packet = maxProPacket(speed);
        expect(packet.slice(0, 9).reduce((a, b) => (a + b) & 0xff, 0)).toBe(packet[9]);
      }),
    );
    expect(maxProPacket(255)[9]).toBe(0xfa);
  });
});

describe('lovenuts', () => {
  it('puts the speed in both nibbles and refuses speeds above 15', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), (speed) => {
        expect(loveNutsPacket(speed)[4]).toBe(speed * 0x11);
      }),
    );
    expect(() => loveNutsPacket(16)).toThrow(/4 bits/);
  });
});

describe('luvmazer', () => {
  it('gives the constrictor its pump strength only while it runs', async () => {
    const definition = baseDefinition('luvmazer', 'TKLM-C004-BT');
    const handler = await luvmazer.initialize({ hardware: await simulatedHardware('luvmazer', 'TKLM-C004-BT'), definition });
    expect(written(handler.output(outputFor(definition, 2, 'Constrict', 54)))).toEqual([[0xa0, 0x0d, 0x00, 0x00, 0x14, 54]]);
    expect(written(handler.output(outputFor(definition, 2, 'Constrict', 0)))).toEqual([[0xa0, 0x0d, 0x00, 0x00, 0x00, 0]]);
    expect(written(handler.output(outputFor(definition, 1, 'Oscillate', 255)))).toEqual([[0xa0, 0x06, 0x01, 0x00, 0x64, 255]]);
  });
});

describe('leten', () => {
  it('unlocks with 04 01 and repeats the last packet every second', async () => {
    const { device, hardware } = await simulatedDevice('leten', 'F520A-LT');
    const handler = await leten.initialize({ hardware, definition: baseDefinition('leten', 'F520A-LT') });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'tx', data: [0x04, 0x01], withResponse: true }]);
    expect(handler.keepalive).toEqual({ kind: 'repeatLastWrite', intervalMs: 1000 });
  });
});
