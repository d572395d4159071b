/**
 * Raw writes in a device's pipeline (virtual time): ordered with protocol writes, never coalesced
 * away, never repeated by keepalive.
 */
import { describe, expect, it } from 'vitest';
import type { KeepaliveStrategy } from '../../protocols/kit/types.ts';
import { createDeviceDriver } from '../../src/pipeline/device-driver.ts';
import { FakeHardware, TextProtocol, toyDefinition } from '../pipeline/fakes.ts';
import { VirtualClock } from '../pipeline/virtual-clock.ts';

function setup(gapMs: number, keepalive?: KeepaliveStrategy) {
  const clock = new VirtualClock();
  const hardware = new FakeHardware(() => clock.now(), ['tx', 'rx', 'rxblebattery'], false);
  const driver = createDeviceDriver({
    hardware,
    handler: new TextProtocol(keepalive),
    definition: toyDefinition,
    messageGapMs: gapMs,
    scheduler: clock.scheduler,
  });
  return { clock, hardware, driver };
}

const bytes = (text: string) => new TextEncoder().encode(text);
const vibrate = (featureIndex: number, value: number) => ({ featureIndex, output: 'Vibrate' as const, value });
const timed = (hardware: FakeHardware) =>
  hardware.ops.filter((op) => op.kind === 'write').map((op) => `${op.at}:${op.endpoint}:${op.data}`);

describe('raw writes in the device pipeline', () => {
  it('go out in command order with protocol writes when there is no gap', async () => {
    const { clock, hardware, driver } = setup(0);
    driver.output([vibrate(0, 1)]);
    driver.rawWrite('rx', bytes('R1'), true);
    driver.output([vibrate(0, 2)]);
    await clock.advanceBy(0);
    expect(hardware.writes()).toEqual(['V0:6;', 'R1', 'V0:7;']);
    expect(hardware.ops.find((op) => op.data === 'R1')).toMatchObject({ endpoint: 'rx' });
  });

  it('are never coalesced away inside a gap window, while protocol writes still are', async () => {
    const { clock, hardware, driver } = setup(50);
    driver.output([vibrate(0, 1)]);
    driver.rawWrite('tx', bytes('R1'), false);
    driver.rawWrite('tx', bytes('R1'), false);
    driver.output([vibrate(0, 2)]);
    driver.rawWrite('tx', bytes('R2'), false);
    await clock.advanceTo(100);
    // V0:6 was superseded by V0:7 in the window; both identical raw writes stay, in order.
    expect(timed(hardware)).toEqual(['50:tx:R1', '50:tx:R1', '50:tx:V0:7;', '50:tx:R2']);
  });

  it('are not what keepalive repeats', async () => {
    const { clock, hardware, driver } = setup(0, { kind: 'repeatLastWrite', intervalMs: 100 });
    await driver.start();
    driver.output([vibrate(0, 5)]);
    await clock.advanceTo(50);
    driver.rawWrite('tx', bytes('R1'), false);
    await clock.advanceTo(160);
    const after = timed(hardware).slice(3);
    expect(after[0]).toBe('50:tx:R1');
    // The repeat is the protocol's last packet, never the raw bytes.
    expect(after.slice(1)).toEqual(['150:tx:V0:10;']);
    driver.dispose();
  });

  it('are refused once the device is gone', () => {
    const { driver } = setup(0);
    driver.dispose();
    expect(() => driver.rawWrite('tx', bytes('R1'), false)).toThrow('no longer connected');
  });
});
