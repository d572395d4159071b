import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairMode } from '../../../protocols/families/svakom.ts';
import type { HardwareOutput, Protocol, ProtocolHandler } from '../../../protocols/kit/types.ts';
import { protocol as alexV2 } from '../../../protocols/svakom-alex-v2.ts';
import { protocol as barney } from '../../../protocols/svakom-barney.ts';
import { protocol as iker } from '../../../protocols/svakom-iker.ts';
import { protocol as sam } from '../../../protocols/svakom-sam.ts';
import { protocol as suitcase, suitcaseDial } from '../../../protocols/svakom-suitcase.ts';
import { protocol as v2 } from '../../../protocols/svakom-v2.ts';
import { protocol as v3 } from '../../../protocols/svakom-v3.ts';
import { protocol as v4 } from '../../../protocols/svakom-v4.ts';
import { protocol as v5 } from '../../../protocols/svakom-v5.ts';
import { protocol as v6 } from '../../../protocols/svakom-v6.ts';
import { ALL_PROTOCOLS } from '../../../protocols/all.ts';
import { ErrorCode } from '../../../src/errors.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from '../helpers.ts';

const SVAKOM_PROTOCOLS = ALL_PROTOCOLS.filter((p) => p.name.startsWith('svakom-'));

async function connect(protocol: Protocol, identifier: string, endpoints?: readonly string[]) {
  const { device, hardware } = await simulatedDevice(protocol.name, identifier, { endpoints });
  const definition = baseDefinition(protocol.name, identifier);
  const handler = await protocol.initialize({ hardware, definition });
  const send = (index: number, value: number, output: HardwareOutput['output'] = 'Vibrate') =>
    handler.output(outputFor(definition, index, output, value));
  return { device, definition, handler, send };
}

function expectDeviceError(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(message);
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: ErrorCode.Device });
  }
}

describe('svakom family', () => {
  it('has all twenty protocols, none with a keepalive (the reference repeats only on iOS)', async () => {
    expect(SVAKOM_PROTOCOLS.map((p) => p.name).sort()).toHaveLength(20);
    for (const protocol of SVAKOM_PROTOCOLS) {
      const { hardware } = await simulatedDevice(protocol.name, 'any');
      const definition = baseDefinition(protocol.name);
      const handler: ProtocolHandler = await protocol.initialize({ hardware, definition });
      expect(handler.keepalive, protocol.name).toEqual({ kind: 'none' });
    }
  });

  it('rejects an output the protocol has no packet for with a device error', async () => {
    const { definition, handler } = await connect(alexV2, 'Alex NEO 2');
    const command: HardwareOutput = { featureIndex: 0, featureId: definition.features[0].id, output: 'Rotate', value: 1 };
    expectDeviceError(() => handler.output(command), /svakom-alex-v2: Rotate on feature 0: this protocol cannot drive that output/);
  });

  it('never wraps a byte: a speed whose packet arithmetic passes 255 is a device error', async () => {
    const { send } = await connect(alexV2, 'Alex NEO 2');
    expect(written(send(0, 250))).toEqual([[0x55, 0x03, 0x03, 0x00, 250, 255]]);
    expectDeviceError(() => send(0, 251), /svakom-alex-v2: value 256 does not fit in a byte/);
  });
});

describe('motor-pair packets (barney, v4, v5, v6)', () => {
  it('mode: 0 when both or neither run (or one motor only), else 1 = first, 2 = second', () => {
    fc.assert(
      fc.property(fc.nat(10), fc.nat(10), fc.boolean(), (first, second, single) => {
        const mode = pairMode(first, second, single);
        if (single || (first > 0) === (second > 0)) expect(mode).toBe(0);
        else expect(mode).toBe(first > 0 ? 1 : 2);
      }),
      { numRuns: 100 },
    );
  });

  it('carries the faster speed, a running byte, and one coalescing id for both motors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(10), fc.nat(10), async (first, second) => {
        const { send } = await connect(v4, 'ERICA');
        send(0, first);
        const [command] = send(1, second);
        const running = first === 0 && second === 0 ? 0 : 1;
        expect(written([command])).toEqual([[0x55, 0x03, pairMode(first, second, false), 0x00, running, Math.max(first, second), 0x00]]);
        expect(command).toMatchObject({ commandId: 'svakom-v4:motors', withResponse: false });
      }),
      { numRuns: 40 },
    );
  });

  it('barney says 0x03 while running', async () => {
    const { send } = await connect(barney, 'DJ333A');
    expect(written(send(1, 7))).toEqual([[0x55, 0x03, 0x02, 0x00, 0x03, 7, 0x00]]);
  });

  it('a feature beyond the pair is a device error where the packet has no room for it', async () => {
    const { definition, handler } = await connect(barney, 'DJ333A');
    const command: HardwareOutput = { featureIndex: 2, featureId: definition.features[0].id, output: 'Vibrate', value: 1 };
    expectDeviceError(() => handler.output(command), /svakom-barney: feature 2 is not one of the 2 motors/);
  });

  it('v5 has no footer and no single-motor rule: Mini Emma Neo says "first motor only"', async () => {
    const { send } = await connect(v5, 'Mini Emma Neo');
    expect(written(send(0, 4))).toEqual([[0x55, 0x03, 0x01, 0x00, 0x01, 4]]);
  });

  it('v6 drives the Iker Neo third vibrator on its own 0x07 packet, keyed by its feature', async () => {
    const { definition, send } = await connect(v6, 'Iker Neo');
    send(0, 6);
    const third = send(2, 3);
    expect(written(third)).toEqual([[0x55, 0x07, 0x00, 0x00, 0x01, 3, 0x00]]);
    expect(third[0].commandId).toBe(definition.features[2].id);
    expect(written(send(2, 0))).toEqual([[0x55, 0x07, 0x00, 0x00, 0x00, 0, 0x00]]);
    // The pair packet still knows feature 0's speed.
    expect(written(send(1, 2))).toEqual([[0x55, 0x03, 0x00, 0x00, 0x01, 6, 0x00]]);
  });
});

describe('svakom-v2 and svakom-v3 second features', () => {
  it('v2 writes with response; feature 1 repeats the speed in a 0x06 packet', async () => {
    const { definition, handler } = await connect(v2, 'Viviana');
    const second: HardwareOutput = { featureIndex: 1, featureId: 'second', output: 'Vibrate', value: 4 };
    const commands = handler.output(second);
    expect(written(commands)).toEqual([[0x55, 0x06, 0x01, 0x00, 4, 4]]);
    expect(commands[0]).toMatchObject({ withResponse: true, commandId: 'second' });
    expect(definition.features).toHaveLength(1);
  });

  it('v3 Alberta: the suction lens (feature 1) uses the 0x09 packet', async () => {
    const { send } = await connect(v3, 'QH-SX007E');
    expect(written(send(1, 1))).toEqual([[0x55, 0x09, 0x00, 0x00, 0x01, 1]]);
    expect(written(send(1, 0))).toEqual([[0x55, 0x09, 0x00, 0x00, 0x00, 0]]);
  });

  it('v3 rotation has no direction: a counter-clockwise speed is sent as its magnitude, not wrapped', async () => {
    const { definition, handler } = await connect(v3, 'FK008A');
    const command: HardwareOutput = { featureIndex: 1, featureId: definition.features[1].id, output: 'Rotate', value: -1 };
    expect(written(handler.output(command))).toEqual([[0x55, 0x08, 0x00, 0x00, 1, 0xff]]);
  });
});

describe('svakom-iker', () => {
  it('re-sends the pulsator after every vibrator packet while it runs', async () => {
    const { send } = await connect(iker, 'Iker');
    send(1, 4);
    const commands = send(0, 0);
    expect(written(commands)).toEqual([
      [0x55, 0x03, 0x03, 0x00, 0x01, 0],
      [0x55, 0x07, 0x00, 0x00, 4, 0x00],
    ]);
    expect(commands.map((c) => c.commandId)).toEqual(['svakom-iker:vibrator', 'svakom-iker:pulsator']);
  });

  it('stops the pulsator alone while the vibrator runs (the reference never sends this)', async () => {
    const { send } = await connect(iker, 'Iker');
    send(0, 7);
    send(1, 3);
    expect(written(send(1, 0))).toEqual([
      [0x55, 0x07, 0x00, 0x00, 0, 0x00],
      [0x55, 0x03, 0x03, 0x00, 0x01, 7],
    ]);
  });

  it('both off is a single zero pulsator packet', async () => {
    const { send } = await connect(iker, 'Iker');
    send(0, 7);
    expect(written(send(0, 0))).toEqual([[0x55, 0x07, 0x00, 0x00, 0x00, 0x00]]);
  });
});

describe('svakom-sam', () => {
  it('subscribes rx at connect', async () => {
    const { device } = await connect(sam, 'Sam Neo');
    expect(commandsTo(device)).toEqual([{ kind: 'subscribe', endpoint: 'rx' }]);
  });

  it('a unit without txmode or firmware sends the fixed 0x05 byte, even at speed 0', async () => {
    const { send } = await connect(sam, 'Sam Neo', ['tx', 'rx']);
    expect(written(send(0, 6))).toEqual([[0x12, 0x01, 0x03, 0x00, 0x05, 6]]);
    expect(written(send(0, 0))).toEqual([[0x12, 0x01, 0x03, 0x00, 0x05, 0]]);
  });

  it('a unit with only the firmware endpoint takes the running flag, as in the reference', async () => {
    const { send } = await connect(sam, 'Sam Neo', ['tx', 'rx', 'firmware']);
    expect(written(send(0, 6))).toEqual([[0x12, 0x01, 0x03, 0x00, 0x04, 6]]);
    expect(written(send(0, 0))).toEqual([[0x12, 0x01, 0x03, 0x00, 0x00, 0]]);
  });

  it('fails to connect when the device has no rx to subscribe', async () => {
    await expect(connect(sam, 'Sam Neo', ['tx'])).rejects.toMatchObject({
      code: ErrorCode.Device,
      message: 'svakom-sam: Sam Neo has no rx endpoint to subscribe at connect',
    });
  });
});

describe('svakom-suitcase dial', () => {
  it('every step 1–30 is one intensity (1–3) and speed (1–10) pair, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), (step) => {
        const [intensity, speed] = suitcaseDial(step);
        expect(intensity).toBeGreaterThanOrEqual(1);
        expect(intensity).toBeLessThanOrEqual(3);
        expect(speed).toBeGreaterThanOrEqual(1);
        expect(speed).toBeLessThanOrEqual(10);
        expect((intensity - 1) * 10 + speed).toBe(step);
      }),
      { numRuns: 60 },
    );
    expect(suitcaseDial(0)).toEqual([0, 0]);
  });

  it('puts the dial into the 0x03 packet', async () => {
    const { send } = await connect(suitcase, 'VX236A-BLE-V1.0');
    expect(written(send(0, 30))).toEqual([[0x55, 0x03, 0x00, 0x00, 3, 10]]);
  });
});
