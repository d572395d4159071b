import { describe, expect, it } from 'vitest';
import type { InputReadingEvent, KeepaliveStrategy, ProtocolHandler } from '../../protocols/kit/types.ts';
import type { DeviceDefinition } from '../../src/devices/features.ts';
import { ButtplugError, ErrorCode } from '../../src/errors.ts';
import { createDeviceDriver } from '../../src/pipeline/device-driver.ts';
import {
  FakeHardware,
  TextProtocol,
  WholeDeviceProtocol,
  toyDefinition,
  twoMotorDefinition,
} from './fakes.ts';
import { VirtualClock } from './virtual-clock.ts';

interface SetupOptions {
  readonly gapMs?: number;
  readonly keepalive?: KeepaliveStrategy;
  readonly handler?: ProtocolHandler;
  readonly definition?: DeviceDefinition;
  readonly binary?: boolean;
}

function setup({ gapMs = 0, keepalive, handler, definition = toyDefinition, binary = false }: SetupOptions = {}) {
  const clock = new VirtualClock();
  const hardware = new FakeHardware(() => clock.now(), ['tx', 'rx', 'rxblebattery'], binary);
  const protocol = handler ?? new TextProtocol(keepalive);
  const driver = createDeviceDriver({ hardware, handler: protocol, definition, messageGapMs: gapMs, scheduler: clock.scheduler });
  const errors: Error[] = [];
  driver.errors.subscribe((error) => errors.push(error));
  return { clock, hardware, protocol, driver, errors };
}

const vibrate = (featureIndex: number, value: number) => ({ featureIndex, output: 'Vibrate' as const, value });
const timed = (hardware: FakeHardware) =>
  hardware.ops.filter((op) => op.kind === 'write').map((op) => `${op.at}:${op.data}`);

describe('output', () => {
  it('maps client steps onto hardware steps and writes in feature order', async () => {
    const { clock, hardware, driver } = setup();
    driver.output([{ featureIndex: 1, output: 'Rotate', value: -3 }, vibrate(0, 2)]);
    await clock.advanceBy(0);
    // Feature 0 has the user range [5, 20]: step 2 is hardware 7.
    expect(hardware.writes()).toEqual(['V0:7;', 'V1:-3;']);
  });

  it('sends no packet for an output equal to the last one of its feature', async () => {
    const { clock, hardware, driver } = setup();
    driver.output([vibrate(0, 2)]);
    driver.output([vibrate(0, 2)]);
    driver.output([vibrate(0, 3)]);
    driver.output([vibrate(0, 2)]);
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['V0:7;', 'V0:8;', 'V0:7;']);
  });

  it('returns once queued; with a gap the newest value per feature goes out at the deadline', async () => {
    const { clock, hardware, driver } = setup({ gapMs: 50 });
    driver.output([vibrate(0, 1)]);
    driver.output([vibrate(1, 4)]);
    await clock.advanceTo(20);
    driver.output([vibrate(0, 9)]);
    expect(hardware.writes()).toEqual([]);
    await clock.advanceTo(100);
    expect(timed(hardware)).toEqual(['50:V1:4;', '50:V0:14;']);
  });

  it('coalesces the whole-device packets of one window into the newest one', async () => {
    const { clock, hardware, driver } = setup({
      gapMs: 10,
      handler: new WholeDeviceProtocol(2),
      definition: twoMotorDefinition,
      binary: true,
    });
    driver.output([vibrate(0, 30)]);
    driver.output([vibrate(1, 60)]);
    await clock.advanceTo(10);
    expect(timed(hardware)).toEqual(['10:30,60']);
  });

  it('throws a protocol error synchronously; earlier commands stay queued and later ones are dropped', async () => {
    const { clock, hardware, driver, protocol } = setup();
    const commands = [vibrate(0, 1), { featureIndex: 1, output: 'Vibrate' as const, value: -1 }, vibrate(3, 1)];
    expect(() => driver.output(commands)).toThrow(ButtplugError);
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['V0:6;']);
    // The refused value was not remembered: sending feature 1 a valid value still goes out.
    driver.output([vibrate(1, 0)]);
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['V0:6;', 'V1:0;']);
    expect((protocol as TextProtocol).outputs.map((o) => o.featureIndex)).toEqual([0, 1]);
  });

  it('refuses an output the feature does not have with a clear error', () => {
    const { driver } = setup();
    expect(() => driver.output([vibrate(2, 1)])).toThrow(/no Vibrate output on feature 2/);
  });
});

describe('stop', () => {
  it('writes at once during a pending window, dropping that feature and keeping the others', async () => {
    const { clock, hardware, driver } = setup({ gapMs: 50 });
    driver.output([vibrate(0, 3), vibrate(1, 4)]);
    await clock.advanceTo(10);
    await driver.stop({ featureIndex: 0 });
    expect(timed(hardware)).toEqual(['10:V0:0;']);
    await clock.advanceTo(60);
    expect(timed(hardware)).toEqual(['10:V0:0;', '50:V1:4;']);
  });

  it('stops each feature through its first non-position output and skips position-only features', async () => {
    const { clock, driver, protocol } = setup();
    await driver.stop({ force: true });
    await clock.advanceBy(0);
    expect((protocol as TextProtocol).outputs.map((o) => `${o.featureIndex}:${o.output}:${o.value}`)).toEqual([
      '0:Vibrate:0',
      '1:Vibrate:0',
    ]);
  });

  it('without force skips features whose last accepted value is already 0', async () => {
    const { clock, hardware, driver } = setup();
    driver.output([vibrate(0, 2)]);
    await driver.stop();
    expect(hardware.writes()).toEqual(['V0:7;', 'V0:0;', 'V1:0;']);
    await driver.stop();
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['V0:7;', 'V0:0;', 'V1:0;']);
  });

  it('with force writes every stop packet regardless', async () => {
    const { hardware, driver } = setup();
    await driver.stop();
    await driver.stop({ force: true });
    expect(hardware.writes()).toEqual(['V0:0;', 'V1:0;', 'V0:0;', 'V1:0;']);
  });

  it('remembers the stop, so a later identical output is skipped and a new one goes out', async () => {
    const { clock, hardware, driver } = setup();
    driver.output([vibrate(0, 2)]);
    await driver.stop({ featureIndex: 0 });
    driver.output([vibrate(0, 0)]);
    driver.output([vibrate(0, 2)]);
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['V0:7;', 'V0:0;', 'V0:7;']);
  });

  it('sends one whole-device packet when every feature of such a protocol stops, superseding the queued one', async () => {
    const { hardware, driver } = setup({ handler: new WholeDeviceProtocol(2), definition: twoMotorDefinition, binary: true });
    driver.output([vibrate(0, 30), vibrate(1, 60)]);
    // "30,0" is in flight; "30,60" is still queued and shares the stop's commandId.
    await driver.stop();
    expect(hardware.writes()).toEqual(['30,0', '0,0']);
    expect(hardware.maxInFlight).toBe(1);
  });

  it('unsubscribes active subscriptions of the stopped features when inputs is set', async () => {
    const { driver, protocol, hardware } = setup();
    await driver.subscribe(3, 'Pressure');
    await driver.stop({ featureIndex: 0 });
    expect((protocol as TextProtocol).unsubscribeCalls).toEqual([]);
    await driver.stop({ featureIndex: 3, inputs: false });
    expect((protocol as TextProtocol).unsubscribeCalls).toEqual([]);
    await driver.stop({ outputs: false });
    expect((protocol as TextProtocol).unsubscribeCalls).toEqual(['3/Pressure']);
    expect(hardware.ops.filter((op) => op.kind === 'unsubscribe')).toHaveLength(1);
    await driver.stop();
    expect((protocol as TextProtocol).unsubscribeCalls).toEqual(['3/Pressure']);
  });

  it('reports hardware failures on errors and still resolves', async () => {
    const { hardware, driver, errors } = setup();
    hardware.failingData.add('V0:0;');
    await expect(driver.stop()).resolves.toBeUndefined();
    expect(hardware.writes()).toEqual(['V0:0;', 'V1:0;']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ButtplugError);
    expect((errors[0] as ButtplugError).code).toBe(ErrorCode.Device);
    expect(errors[0].message).toContain('device "Fake Toy"');
    expect(errors[0].message).toContain('write of V0:0; refused');
  });
});

describe('keepalive', () => {
  it('start sends a forced stop for repeatLastWrite protocols, then repeats the last write every interval', async () => {
    const { clock, hardware, driver } = setup({ keepalive: { kind: 'repeatLastWrite', intervalMs: 3000 } });
    await driver.start();
    expect(timed(hardware)).toEqual(['0:V0:0;', '0:V1:0;']);
    await clock.advanceTo(3000);
    expect(timed(hardware).slice(2)).toEqual(['3000:V1:0;']);
    await clock.advanceTo(4000);
    driver.output([vibrate(0, 5)]);
    await clock.advanceTo(10000);
    expect(timed(hardware).slice(3)).toEqual(['4000:V0:10;', '7000:V0:10;', '10000:V0:10;']);
  });

  it('start does nothing for protocols without keepalive, and nothing is ever repeated', async () => {
    const { clock, hardware, driver } = setup();
    await driver.start();
    driver.output([vibrate(0, 5)]);
    await clock.advanceTo(60_000);
    expect(hardware.writes()).toEqual(['V0:10;']);
  });

  it('stops repeating after dispose', async () => {
    const { clock, hardware, driver } = setup({ keepalive: { kind: 'repeatLastWrite', intervalMs: 100 } });
    await driver.start();
    await clock.advanceTo(250);
    driver.dispose();
    await clock.advanceTo(1000);
    expect(timed(hardware)).toEqual(['0:V0:0;', '0:V1:0;', '100:V1:0;', '200:V1:0;']);
    expect(clock.scheduler.actions).toHaveLength(0);
  });
});

describe('inputs', () => {
  it('reads battery by default from one byte of rxblebattery with a 500 ms timeout', async () => {
    const { driver, hardware } = setup();
    await expect(driver.readInput(3, 'Battery')).resolves.toBe(87);
    expect(hardware.reads).toEqual([{ endpoint: 'rxblebattery', length: 1, timeoutMs: 500 }]);
  });

  it('turns a failed default read into a device error naming the device', async () => {
    const { driver, hardware } = setup();
    hardware.readResult = undefined;
    const failure = driver.readInput(3, 'Battery');
    await expect(failure).rejects.toBeInstanceOf(ButtplugError);
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.Device });
    await expect(failure).rejects.toThrow(/device "Fake Toy".*Battery.*read timed out/);
    await expect(driver.readInput(3, 'Pressure')).rejects.toMatchObject({ code: ErrorCode.Device });
  });

  it('refuses the default battery read when the hardware has no battery endpoint', async () => {
    const clock = new VirtualClock();
    const hardware = new FakeHardware(() => clock.now(), ['tx']);
    const driver = createDeviceDriver({
      hardware,
      handler: new TextProtocol(),
      definition: toyDefinition,
      messageGapMs: 0,
      scheduler: clock.scheduler,
    });
    await expect(driver.readInput(3, 'Battery')).rejects.toThrow(/no rxblebattery endpoint/);
    expect(hardware.reads).toEqual([]);
  });

  it("uses the protocol's own reader when it has one", async () => {
    const handler = Object.assign(new TextProtocol(), {
      readInput: async (_hardware: unknown, featureIndex: number) => featureIndex * 10,
    });
    const { driver, hardware } = setup({ handler });
    await expect(driver.readInput(3, 'Battery')).resolves.toBe(30);
    expect(hardware.reads).toEqual([]);
  });

  it('subscribes once per feature and input, and unsubscribes only what is subscribed', async () => {
    const { driver, protocol } = setup();
    const text = protocol as TextProtocol;
    await Promise.all([driver.subscribe(3, 'Pressure'), driver.subscribe(3, 'Pressure')]);
    await driver.subscribe(3, 'Pressure');
    expect(text.subscribeCalls).toEqual(['3/Pressure']);
    await driver.unsubscribe(3, 'Pressure');
    await driver.unsubscribe(3, 'Pressure');
    expect(text.unsubscribeCalls).toEqual(['3/Pressure']);
    await driver.subscribe(3, 'Pressure');
    expect(text.subscribeCalls).toEqual(['3/Pressure', '3/Pressure']);
  });

  it('refuses subscriptions the protocol does not support with a device error', async () => {
    const { driver } = setup({ handler: new WholeDeviceProtocol(2), definition: twoMotorDefinition });
    await expect(driver.subscribe(0, 'Pressure')).rejects.toMatchObject({ code: ErrorCode.Device });
    await expect(driver.unsubscribe(0, 'Pressure')).rejects.toMatchObject({ code: ErrorCode.Device });
  });

  it('forgets a subscription whose subscribe failed', async () => {
    const handler = new TextProtocol();
    let failures = 1;
    const subscribeInput = handler.subscribeInput.bind(handler);
    handler.subscribeInput = async (...args) => {
      if (failures-- > 0) throw new Error('no such characteristic');
      return subscribeInput(...args);
    };
    const { driver } = setup({ handler });
    await expect(driver.subscribe(3, 'Pressure')).rejects.toThrow(/subscribing to Pressure.*no such characteristic/);
    await driver.subscribe(3, 'Pressure');
    expect(handler.subscribeCalls).toEqual(['3/Pressure']);
  });

  it("passes the protocol's readings through until dispose", () => {
    const { driver, protocol } = setup();
    const text = protocol as TextProtocol;
    const seen: InputReadingEvent[] = [];
    let completed = false;
    driver.readings.subscribe({ next: (reading) => seen.push(reading), complete: () => (completed = true) });
    text.readingsSubject.next({ featureIndex: 3, input: 'Pressure', value: 12 });
    driver.dispose();
    text.readingsSubject.next({ featureIndex: 3, input: 'Pressure', value: 13 });
    expect(seen).toEqual([{ featureIndex: 3, input: 'Pressure', value: 12 }]);
    expect(completed).toBe(true);
    let lateCompleted = false;
    driver.readings.subscribe({ complete: () => (lateCompleted = true) });
    expect(lateCompleted).toBe(true);
  });
});

describe('dispose', () => {
  it('drops pending commands, writes nothing afterwards, completes errors and disposes the handler', async () => {
    const { clock, hardware, driver, protocol } = setup({ gapMs: 20 });
    let errorsCompleted = false;
    driver.errors.subscribe({ complete: () => (errorsCompleted = true) });
    driver.output([vibrate(0, 1)]);
    driver.dispose();
    await driver.stop({ force: true });
    expect(() => driver.output([vibrate(0, 2)])).toThrow(/no longer connected/);
    await expect(driver.readInput(3, 'Battery')).rejects.toMatchObject({ code: ErrorCode.Device });
    await clock.advanceTo(100);
    expect(hardware.ops).toEqual([]);
    expect(errorsCompleted).toBe(true);
    expect((protocol as TextProtocol).disposed).toBe(true);
    driver.dispose();
  });
});
