import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJoyHubProtocol, joyHubMotorsPacket, protocol as joyHubProtocol } from '../../protocols/joyhub.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('joyhub motors packet', () => {
  it('is a0 03, the four slots, aa', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (slots) => {
        expect([...joyHubMotorsPacket(slots)]).toEqual([0xa0, 0x03, ...slots, 0xaa]);
      }),
    );
  });
});

describe('joyhub outputs', () => {
  async function connect(name: string) {
    const { hardware } = await simulatedDevice('joyhub', name);
    const definition = baseDefinition('joyhub', name);
    const handler = await joyHubProtocol.initialize({ hardware, definition });
    return { hardware, definition, handler };
  }

  it('keeps each motor in the slot of its feature index and writes them all under one id', async () => {
    const { definition, handler } = await connect('J-Viele'); // rotate 0, vibrate 2 and 3
    const rotate = handler.output(outputFor(definition, 0, 'Rotate', 7));
    const vibrate = handler.output(outputFor(definition, 3, 'Vibrate', 200));
    expect(written([...rotate, ...vibrate])).toEqual([
      [0xa0, 0x03, 7, 0, 0, 0, 0xaa],
      [0xa0, 0x03, 7, 0, 0, 200, 0xaa],
    ]);
    expect(rotate[0]).toMatchObject({ commandId: vibrate[0].commandId, endpoint: 'tx', withResponse: false });
  });

  it('rejects a motor output on a feature beyond the four slots', async () => {
    const { handler } = await connect('J-Viele');
    expect(() => handler.output({ featureIndex: 4, featureId: 'x', output: 'Vibrate', value: 1 })).toThrow(/no motor slot/);
  });

  it('switches suction on feature 4 with an on byte, and sends the level alone elsewhere', async () => {
    const roseLin = await connect('J-RoseLin'); // constrict on feature 4
    const moonHorn = await connect('J-MoonHorn'); // constrict on feature 5
    expect(written(roseLin.handler.output(outputFor(roseLin.definition, 4, 'Constrict', 3)))).toEqual([[0xa0, 0x07, 1, 0, 3, 0xff]]);
    expect(written(roseLin.handler.output(outputFor(roseLin.definition, 4, 'Constrict', 0)))).toEqual([[0xa0, 0x07, 0, 0, 0, 0xff]]);
    expect(written(moonHorn.handler.output(outputFor(moonHorn.definition, 5, 'Constrict', 9)))).toEqual([[0xa0, 0x0d, 0, 0, 9, 0xff]]);
  });

  it('switches the heater and the light on and off', async () => {
    const moonHorn = await connect('J-MoonHorn');
    const rainbow = await connect('J-Rainbow');
    expect(written(moonHorn.handler.output(outputFor(moonHorn.definition, 6, 'Temperature', 1)))).toEqual([[0xa0, 0x04, 1, 0, 1, 0xff]]);
    expect(written(moonHorn.handler.output(outputFor(moonHorn.definition, 6, 'Temperature', 0)))).toEqual([[0xa0, 0x04, 0, 0, 0, 0]]);
    expect(written(rainbow.handler.output(outputFor(rainbow.definition, 6, 'Led', 1)))).toEqual([[0xa0, 0x14, 1, 0, 1, 0xff]]);
    expect(written(rainbow.handler.output(outputFor(rainbow.definition, 6, 'Led', 0)))).toEqual([[0xa0, 0x14, 0, 0, 0, 0]]);
  });
});

describe('joyhub lube pump', () => {
  it('switches the pump on, then off by itself one second later', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('joyhub', 'J-Dodge');
    const definition = baseDefinition('joyhub', 'J-Dodge');
    const handler = await joyHubProtocol.initialize({ hardware, definition });
    expect(written(handler.output(outputFor(definition, 7, 'Spray', 1)))).toEqual([[0xa0, 0x24, 1, 0, 1, 0xff]]);
    await vi.advanceTimersByTimeAsync(999);
    expect(commandsTo(device)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'tx', data: [0xa0, 0x24, 0, 0, 0, 0], withResponse: false }]);
  });

  it('writes nothing after dispose, nor to a device that is gone', async () => {
    vi.useFakeTimers();
    const protocol = createJoyHubProtocol({ sprayMs: 50 });
    const definition = baseDefinition('joyhub', 'J-Dodge');
    const disposed = await simulatedDevice('joyhub', 'J-Dodge');
    const disposedHandler = await protocol.initialize({ hardware: disposed.hardware, definition });
    disposedHandler.output(outputFor(definition, 7, 'Spray', 1));
    disposedHandler.dispose?.();
    const gone = await simulatedDevice('joyhub', 'J-Dodge');
    const goneHandler = await protocol.initialize({ hardware: gone.hardware, definition });
    goneHandler.output(outputFor(definition, 7, 'Spray', 1));
    gone.device.disconnect();
    await vi.advanceTimersByTimeAsync(100);
    expect(commandsTo(disposed.device)).toEqual([]);
    expect(commandsTo(gone.device)).toEqual([]);
  });
});
