import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceDefinition } from '../../../src/devices/features.ts';
import { ErrorCode } from '../../../src/errors.ts';
import { createPacketHandler, encodePacket, type PacketTableRow, packetProtocol } from '../../../protocols/kit/packet-table.ts';
import { commandsTo, outputFor, simulatedDevice, written } from '../helpers.ts';

function definitionWith(outputs: ('Vibrate' | 'Rotate')[]): DeviceDefinition {
  return {
    protocol: 'test',
    name: 'Test Device',
    id: 'test',
    features: [
      ...outputs.map((output, index) => ({
        index,
        id: `feature-${index}`,
        description: '',
        outputs: { [output]: { value: output === 'Rotate' ? [-99, 99] : [0, 100] } },
        inputs: {},
      })),
      { index: outputs.length, id: 'battery', description: '', outputs: {}, inputs: { Battery: { value: [[0, 100]], commands: ['Read'] } } },
    ],
  };
}

const perFeature: PacketTableRow = {
  outputs: ['Vibrate'],
  endpoint: 'tx',
  withResponse: false,
  scope: { kind: 'feature' },
  layout: { header: [0xaa], perValue: [{ indexPlus: 0x10 }, 'value'], footer: [0xbb] },
};

const wholeDevice = (slots: number, missingSlots: 'zero' | 'copyFirst'): PacketTableRow => ({
  outputs: ['Vibrate'],
  endpoint: 'tx',
  withResponse: true,
  scope: { kind: 'device', commandId: 'test:device', slots, missingSlots },
  layout: { header: [0x01], perValue: ['value', { indexPlus: 0 }], footer: [] },
});

describe('encodePacket', () => {
  it('lays out header, one group per value and footer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
        (header, values, footer) => {
          const layout = { header, perValue: [0x7e, 'value', { indexPlus: 1 }] as const, footer };
          const packet = [...encodePacket('test', layout, values.map((value, index) => ({ value, index })))];
          expect(packet).toEqual([...header, ...values.flatMap((value, index) => [0x7e, value, index + 1]), ...footer]);
        },
      ),
    );
  });

  it('puts the direction in bit 7 and the speed in the low bits', () => {
    const layout = { header: [], perValue: ['signMagnitude'] as const, footer: [] };
    fc.assert(
      fc.property(fc.integer({ min: -127, max: 127 }), (value) => {
        const [byte] = encodePacket('test', layout, [{ value, index: 0 }]);
        expect(byte & 0x7f).toBe(Math.abs(value));
        expect(byte >= 0x80).toBe(value >= 0);
      }),
    );
  });

  it.each([256, -1, 1.5])('refuses %d as a byte with a device error', (value) => {
    const layout = { header: [], perValue: ['value'] as const, footer: [] };
    expect(() => encodePacket('test', layout, [{ value, index: 0 }])).toThrow(expect.objectContaining({ code: ErrorCode.Device }));
  });
});

describe('table handlers', () => {
  it('per-feature packets use the feature index and coalesce by feature id', () => {
    const definition = definitionWith(['Vibrate', 'Vibrate']);
    const handler = createPacketHandler('test', perFeature, definition);
    const [command] = handler.output(outputFor(definition, 1, 'Vibrate', 42));
    expect(command).toEqual({ kind: 'write', endpoint: 'tx', data: Uint8Array.of(0xaa, 0x11, 42, 0xbb), withResponse: false, commandId: 'feature-1' });
  });

  it('whole-device packets carry every slot and share one coalescing id', () => {
    const definition = definitionWith(['Vibrate', 'Vibrate']);
    const handler = createPacketHandler('test', wholeDevice(2, 'zero'), definition);
    const first = handler.output(outputFor(definition, 1, 'Vibrate', 5));
    const second = handler.output(outputFor(definition, 0, 'Vibrate', 7));
    expect(written([...first, ...second])).toEqual([
      [0x01, 0, 0, 5, 1],
      [0x01, 7, 0, 5, 1],
    ]);
    expect(new Set([...first, ...second].map((c) => c.commandId))).toEqual(new Set(['test:device']));
  });

  it('fills slots without a feature with zero or with the first slot', () => {
    const definition = definitionWith(['Vibrate']);
    const zero = createPacketHandler('test', wholeDevice(2, 'zero'), definition);
    const copy = createPacketHandler('test', wholeDevice(2, 'copyFirst'), definition);
    expect(written(zero.output(outputFor(definition, 0, 'Vibrate', 9)))).toEqual([[0x01, 9, 0, 0, 1]]);
    expect(written(copy.output(outputFor(definition, 0, 'Vibrate', 9)))).toEqual([[0x01, 9, 0, 9, 1]]);
  });

  it('refuses an output type the row does not carry', () => {
    const definition = definitionWith(['Rotate']);
    const handler = createPacketHandler('test', perFeature, definition);
    expect(() => handler.output(outputFor(definition, 0, 'Rotate', 3))).toThrow(expect.objectContaining({ code: ErrorCode.Device }));
  });

  it('a table protocol sends its setup writes, then checks values before encoding', async () => {
    const protocol = packetProtocol('test', {
      ...perFeature,
      init: [{ endpoint: 'tx', data: [1, 2], withResponse: true }],
    });
    const { device, hardware } = await simulatedDevice('test', 'Test', { endpoints: ['tx'] });
    const definition = definitionWith(['Vibrate']);
    const handler = await protocol.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'tx', data: [1, 2], withResponse: true }]);
    expect(() => handler.output(outputFor(definition, 0, 'Vibrate', -3))).toThrow(
      expect.objectContaining({ code: ErrorCode.Device, message: expect.stringContaining('negative') }),
    );
  });
});
