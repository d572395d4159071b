/**
 * A few recorded device cases played through the real server with the device on the device
 * bridge (a real loopback WebSocket) instead of the simulator: the same runner, the device side
 * swapped, at every spec version each case applies to.
 */
import { describe, expect, it } from 'vitest';
import { isPlan, planAllCases, runFullStackCase } from '../support/full-stack-case.ts';

const BRIDGE_CASES = [
  'test_lovense_edge.yaml',
  'test_satisfyer_single_vibrator.yaml',
  'test_wevibe_4plus.yaml',
  'test_aneros_protocol.yaml',
  // A plain USB device: the bridge's usb transport.
  'rez-trancevibrator.yaml',
];

const plans = (await planAllCases()).filter(isPlan).filter((plan) => BRIDGE_CASES.includes(plan.file));

describe.concurrent('recorded device cases through the whole server (device bridge)', () => {
  it('plans every chosen case', () => {
    expect(plans.map((plan) => plan.file).sort()).toEqual([...BRIDGE_CASES].sort());
  });

  for (const plan of plans) {
    describe(`${plan.file} (${plan.protocol}) over the bridge at v${plan.versions.join(', v')}`, () => {
      for (const version of plan.versions) {
        it(`v${version}`, async () => {
          const report = await runFullStackCase(plan, version, 'bridge');
          expect(report.announced.name).toBe(plan.testCase.devices[0].expectedName);
          expect(report.commandsChecked).toBeGreaterThan(0);
        });
      }
    });
  }
});
