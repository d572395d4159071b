/**
 * Every upstream recorded device case whose protocol is implemented, played through the real
 * server (config loader, machines, pipeline, protocols) with a simulated device and a raw JSON
 * client, at every spec version the case can be expressed in. A protocol added to the registry
 * brings its cases in automatically.
 */
import { describe, expect, it } from 'vitest';
import { isPlan, planAllCases, runFullStackCase } from '../support/full-stack-case.ts';

const plans = (await planAllCases()).filter(isPlan);

describe.concurrent('recorded device cases through the whole server (simulator)', () => {
  for (const plan of plans) {
    describe(`${plan.file} (${plan.protocol}) at v${plan.versions.join(', v')}`, () => {
      for (const version of plan.versions) {
        it(`v${version}`, async () => {
          const report = await runFullStackCase(plan, version);
          expect(report.announced.name).toBe(plan.testCase.devices[0].expectedName ?? plan.definitions[0].name);
          // An input-only device (kgoal-boost) writes nothing; its case checks battery replies instead.
          expect(report.commandsChecked + report.repliesChecked).toBeGreaterThan(0);
        });
      }
    });
  }
});
