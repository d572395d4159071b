import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ButtplugError, ErrorCode } from '../../src/errors.ts';
import { createLovenseProtocol } from '../../protocols/lovense/index.ts';
import { lovenseHandlerKind } from '../../protocols/lovense/handlers.ts';
import { identifyLovense, lovenseModelFromName, lovenseModelFromReply } from '../../protocols/lovense/identify.ts';
import { parseLovenseBattery } from '../../protocols/lovense/battery.ts';
import { LOVENSE_DEFAULTS } from '../../protocols/lovense/options.ts';
import { StrokerMotion } from '../../protocols/lovense/stroker.ts';
import type { SimulatedDevice } from '../../src/hardware/simulator.ts';
import { baseDefinition, bytesOf, commandsTo, outputFor, simulatedDevice, text } from './helpers.ts';

const DEVICE_TYPE = bytesOf('DeviceType;');

function deviceTypeWrites(device: SimulatedDevice): number {
  return commandsTo(device).filter((c) => c.kind === 'write' && c.data.join() === DEVICE_TYPE.join()).length;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('lovense identification', () => {
  it('subscribes to rx, asks DeviceType; and takes the type letters of the reply', async () => {
    const { device, hardware, candidate } = await simulatedDevice('lovense', 'LVS-Whatever');
    const identifying = createLovenseProtocol().identify({ hardware, candidate });
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(2));
    expect(commandsTo(device)[0]).toEqual({ kind: 'subscribe', endpoint: 'rx' });
    expect(commandsTo(device)[1]).toEqual({ kind: 'write', endpoint: 'tx', data: DEVICE_TYPE, withResponse: false });
    device.notify('rx', bytesOf('EL:11:0082059AD3BD;'));
    await expect(identifying).resolves.toBe('EL');
  });

  it.each([
    ['EI:02:0082059AD3BD;', 'EI'],
    ['EI:03:0082059AD3BD;', 'EI-FW3'],
    ['EI:253:0082059AD3BD;', 'EI-FW3'],
    ['EI:x:0082059AD3BD;', 'EI'],
    ['OC:253:0082059AD3BD;', 'OC'],
    ['P;', 'lovense'],
    ['', 'lovense'],
  ])('reads the reply %j as %j', (reply, identifier) => {
    expect(lovenseModelFromReply(reply)).toBe(identifier);
  });

  it('asks again every 500 ms and, after 5 retries, falls back to the advertised name', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('lovense', 'LVS-Z36');
    const identifying = identifyLovense(hardware, LOVENSE_DEFAULTS);
    await vi.advanceTimersByTimeAsync(499);
    expect(deviceTypeWrites(device)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(deviceTypeWrites(device)).toBe(2);
    await vi.advanceTimersByTimeAsync(2500);
    await expect(identifying).resolves.toBe('Z');
    expect(deviceTypeWrites(device)).toBe(6);
  });

  it('gives no identifier when neither a reply nor the name identifies the toy', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('lovense', 'LOVE-toy');
    const identifying = identifyLovense(hardware, { ...LOVENSE_DEFAULTS, deviceTypeTimeoutMs: 10, deviceTypeRetries: 2 });
    await vi.advanceTimersByTimeAsync(30);
    await expect(identifying).resolves.toBeUndefined();
    expect(deviceTypeWrites(device)).toBe(3);
  });

  it('accepts a reply that comes after a retry', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('lovense', 'LVS-Z36');
    const identifying = identifyLovense(hardware, LOVENSE_DEFAULTS);
    await vi.advanceTimersByTimeAsync(700);
    device.notify('rx', bytesOf('B:11:0082059AD3BD;'));
    await expect(identifying).resolves.toBe('B');
    expect(deviceTypeWrites(device)).toBe(2);
  });

  it('fails with a device error when the reply is not UTF-8', async () => {
    const { device, hardware } = await simulatedDevice('lovense', 'LVS-Z36');
    const identifying = identifyLovense(hardware, LOVENSE_DEFAULTS);
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(2));
    device.notify('rx', [0xff, 0xfe, 0x3a]);
    await expect(identifying).rejects.toMatchObject({ code: ErrorCode.Device });
  });

  it('fails when the toy disconnects while it is being asked', async () => {
    const { device, hardware } = await simulatedDevice('lovense', 'LVS-Z36');
    const identifying = identifyLovense(hardware, LOVENSE_DEFAULTS);
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(2));
    device.disconnect();
    await expect(identifying).rejects.toBeInstanceOf(ButtplugError);
  });

  it('reads the type letters from names like LVS-<letters><digits>', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{1,4}$/), fc.integer({ min: 0, max: 9999 }), (letters, digits) => {
        expect(lovenseModelFromName(`LVS-${letters}${digits}`)).toBe(letters);
      }),
    );
    expect(lovenseModelFromName('LVS-DoesntMatter')).toBeUndefined();
  });
});

describe('lovense handler selection', () => {
  it.each([
    ['Z', 'single'],
    ['F', 'single'],
    ['B', 'max'],
    ['A', 'rotate-vibrator'],
    ['EL', 'rotate-vibrator'],
    ['P', 'dual'],
    ['WD', 'dual'],
    ['EI-FW3', 'multi-actuator'],
    ['U', 'multi-actuator'],
    ['H', 'stroker'],
    ['BA', 'stroker'],
  ])('type %s uses the %s commands', (type, kind) => {
    expect(lovenseHandlerKind(type, baseDefinition('lovense', type))).toBe(kind);
  });
});

describe('lovense commands', () => {
  async function handlerFor(type: string) {
    const { hardware } = await simulatedDevice('lovense', 'LVS-Test');
    const definition = baseDefinition('lovense', type);
    const handler = await createLovenseProtocol().initialize({ hardware, definition });
    return { handler, definition, hardware };
  }

  it('numbers the motors of dual toys', async () => {
    const { handler, definition } = await handlerFor('P');
    expect(text(handler.output(outputFor(definition, 1, 'Vibrate', 7)))).toEqual(['Vibrate2:7;']);
  });

  it('drives the Max air pump with Air:Level', async () => {
    const { handler, definition } = await handlerFor('B');
    expect(text(handler.output(outputFor(definition, 1, 'Constrict', 3)))).toEqual(['Air:Level:3;']);
  });

  it('sends RotateChange; before every counter-clockwise rotation only', async () => {
    const { handler, definition } = await handlerFor('A');
    expect(text(handler.output(outputFor(definition, 1, 'Rotate', -4)))).toEqual(['RotateChange;', 'Rotate:4;']);
    expect(text(handler.output(outputFor(definition, 1, 'Rotate', 4)))).toEqual(['Rotate:4;']);
  });

  it('sends every level in one Mply packet with a shared coalescing id', async () => {
    const { handler, definition } = await handlerFor('U');
    const first = handler.output(outputFor(definition, 2, 'Vibrate', 9));
    const second = handler.output(outputFor(definition, 0, 'Vibrate', 3));
    expect(text([...first, ...second])).toEqual(['Mply:0:0:9;', 'Mply:3:0:9;']);
    expect(first[0].commandId).toBe(second[0].commandId);
  });

  it('refuses outputs the model does not have', async () => {
    const { handler, definition } = await handlerFor('Z');
    const command = { ...outputFor(definition, 0, 'Vibrate', 1), output: 'Rotate' as const };
    expect(() => handler.output(command)).toThrow(ButtplugError);
  });

  it('refuses negative values on unsigned outputs with a device error', async () => {
    const { handler, definition } = await handlerFor('Z');
    expect(() => handler.output(outputFor(definition, 0, 'Vibrate', -1))).toThrow(
      expect.objectContaining({ code: ErrorCode.Device }),
    );
  });

  it('stops the Solace with a zero range and other strokers with the full range', async () => {
    const solace = await handlerFor('H');
    expect(text(solace.handler.output(outputFor(solace.definition, 0, 'Oscillate', 0)))).toEqual(['Mply:0:0;']);
    const pro = await handlerFor('BA');
    expect(text(pro.handler.output(outputFor(pro.definition, 0, 'Oscillate', 0)))).toEqual(['Mply:0:20;']);
    solace.handler.dispose?.();
    pro.handler.dispose?.();
  });
});

describe('lovense stroker position task', () => {
  it('steps toward the target with one FSetSite per tick, then goes quiet', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('lovense', 'LVS-BA1');
    const definition = baseDefinition('lovense', 'BA');
    const handler = await createLovenseProtocol().initialize({ hardware, definition });
    expect(handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 50, 500))).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    const sites = commandsTo(device).map((c) => (c.kind === 'write' ? new TextDecoder().decode(Uint8Array.from(c.data)) : ''));
    expect(sites).toEqual(['FSetSite:10;', 'FSetSite:20;', 'FSetSite:30;', 'FSetSite:40;', 'FSetSite:50;']);
    handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 0, 0));
    await vi.advanceTimersByTimeAsync(200);
    expect(commandsTo(device).at(-1)).toEqual({ kind: 'write', endpoint: 'tx', data: bytesOf('FSetSite:0;'), withResponse: false });
    handler.dispose?.();
  });

  it('stops writing once disposed', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('lovense', 'LVS-BA1');
    const definition = baseDefinition('lovense', 'BA');
    const handler = await createLovenseProtocol({ strokerTickMs: 10 }).initialize({ hardware, definition });
    handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 100, 1000));
    await vi.advanceTimersByTimeAsync(25);
    handler.dispose?.();
    const count = commandsTo(device).length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(commandsTo(device)).toHaveLength(count);
    expect(count).toBeGreaterThan(0);
  });

  it('always reaches the target without overshooting', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ goal: fc.integer({ min: 0, max: 100 }), duration: fc.integer({ min: 0, max: 100_000 }) }), {
          minLength: 1,
          maxLength: 5,
        }),
        (moves) => {
          const motion = new StrokerMotion(100);
          for (const { goal, duration } of moves) {
            motion.target(goal, duration);
            let previous: number | undefined;
            for (let tick = 0; tick < 200 && motion.moving; tick++) {
              const position = motion.step();
              expect(position).toBeGreaterThanOrEqual(0);
              expect(position).toBeLessThanOrEqual(100);
              if (previous !== undefined && position !== undefined) {
                expect(Math.abs(goal - position)).toBeLessThanOrEqual(Math.abs(goal - previous));
              }
              previous = position;
            }
            expect(motion.moving).toBe(false);
          }
        },
      ),
    );
  });
});

describe('lovense battery', () => {
  it.each([
    ['89;', 89],
    ['s89;', 89],
    ['100;', 100],
    ['0;', 0],
    ['101;', undefined],
    ['Z:11:0082059AD3BD;', undefined],
    ['89', undefined],
  ])('reads %j as %j', (reply, level) => {
    expect(parseLovenseBattery(reply)).toBe(level);
  });

  it('writes Battery; and skips notifications that are not a level', async () => {
    const { device, hardware } = await simulatedDevice('lovense', 'LVS-Z36');
    await hardware.subscribe('rx');
    const definition = baseDefinition('lovense', 'Z');
    const handler = await createLovenseProtocol().initialize({ hardware, definition });
    const reading = handler.readInput!(hardware, 1, 'Battery');
    await vi.waitFor(() => expect(commandsTo(device).at(-1)).toMatchObject({ kind: 'write', data: bytesOf('Battery;') }));
    device.notify('rx', bytesOf('OK;'));
    device.notify('rx', bytesOf('s42;'));
    await expect(reading).resolves.toBe(42);
  });

  it('gives up with a device error when no level arrives in time', async () => {
    vi.useFakeTimers();
    const { hardware } = await simulatedDevice('lovense', 'LVS-Z36');
    const definition = baseDefinition('lovense', 'Z');
    const handler = await createLovenseProtocol({ batteryTimeoutMs: 50 }).initialize({ hardware, definition });
    const reading = handler.readInput!(hardware, 1, 'Battery');
    const outcome = expect(reading).rejects.toMatchObject({ code: ErrorCode.Device });
    await vi.advanceTimersByTimeAsync(60);
    await outcome;
  });
});
