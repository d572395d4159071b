/**
 * The output machine on a simulated clock with a fake writer: encoding and de-dup, the message
 * gap, stops that jump every queue, keepalive, raw writes, write failures and closing; then
 * property tests of its rules (at most one write per gap, the last value wins, stop reachable and
 * written promptly from every state).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.ts';
import {
  startOutput,
  TextProtocol,
  toyDefinition,
  twoMotorDefinition,
  vibrate,
  WholeDeviceProtocol,
  type OutputHarness,
  type OutputHarnessOptions,
} from './output-harness.ts';
import type { KeepaliveStrategy } from '../../protocols/kit/types.ts';

const harnesses: OutputHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.stop();
});

function start(options: Partial<OutputHarnessOptions> & { keepalive?: KeepaliveStrategy } = {}) {
  const handler = options.handler ?? new TextProtocol(options.keepalive);
  const harness = startOutput({ handler, definition: options.definition ?? toyDefinition, gapMs: options.gapMs ?? 0, binary: options.binary });
  harnesses.push(harness);
  return { harness, handler };
}

const timed = (harness: OutputHarness) => harness.written.map((entry) => `${entry.at}:${entry.data}`);

describe('output machine: commands', () => {
  it('maps client steps onto hardware steps, writes in the order given (conversion sorts them) and answers Ok', async () => {
    const { harness } = start();
    const id = await harness.commands(vibrate(0, 2), { featureIndex: 1, output: 'Rotate', value: -3 });
    // Feature 0 has the user range [5, 20]: step 2 is hardware 7.
    expect(harness.data()).toEqual(['V0:7;', 'V1:-3;']);
    expect(harness.replyTo(id)?.result).toEqual({ kind: 'ok' });
    expect(harness.state()).toBe('idle');
  });

  it('sends no packet for an output equal to the last one of its feature', async () => {
    const { harness } = start();
    for (const value of [2, 2, 3, 2]) await harness.commands(vibrate(0, value));
    expect(harness.data()).toEqual(['V0:7;', 'V0:8;', 'V0:7;']);
  });

  it('with a gap, waits it out from the first command; the newest value per feature is written then', async () => {
    const { harness } = start({ gapMs: 50 });
    await harness.commands(vibrate(0, 1));
    await harness.commands(vibrate(1, 4));
    expect(harness.state()).toBe('waitingGap');
    await harness.advance(20);
    await harness.commands(vibrate(0, 9));
    expect(harness.data()).toEqual([]);
    await harness.advance(30);
    expect(timed(harness)).toEqual(['50:V1:4;', '50:V0:14;']);
    expect(harness.state()).toBe('idle');
  });

  it('coalesces the whole-device packets of one window into the newest one', async () => {
    const { harness } = start({ gapMs: 10, handler: new WholeDeviceProtocol(2), definition: twoMotorDefinition, binary: true });
    await harness.commands(vibrate(0, 30));
    await harness.commands(vibrate(1, 60));
    await harness.advance(10);
    expect(timed(harness)).toEqual(['10:30,60']);
  });

  it('answers a protocol error with it; earlier commands stay queued, later ones are dropped', async () => {
    const { harness, handler } = start();
    const id = await harness.commands(vibrate(0, 1), { featureIndex: 1, output: 'Vibrate', value: -1 }, vibrate(1, 2));
    expect(harness.replyTo(id)?.result).toMatchObject({ kind: 'error', error: { code: ErrorCode.Device } });
    expect(harness.data()).toEqual(['V0:6;']);
    // The refused value was not remembered: a valid value for feature 1 still goes out.
    await harness.commands(vibrate(1, 0));
    expect(harness.data()).toEqual(['V0:6;', 'V1:0;']);
    expect((handler as TextProtocol).outputs.map((o) => o.featureIndex)).toEqual([0, 1]);
  });

  it('refuses an output the feature does not have with a clear message error', async () => {
    const { harness } = start();
    const id = await harness.commands(vibrate(2, 1));
    expect(harness.replyTo(id)?.result).toMatchObject({ kind: 'error', error: { code: ErrorCode.Message, message: expect.stringMatching(/no Vibrate output on feature 2/) } });
  });

  it('queues what arrives during a write behind it, a gap later', async () => {
    const { harness } = start({ gapMs: 20 });
    harness.holdWrites = true;
    await harness.commands(vibrate(0, 1));
    await harness.advance(20);
    expect(harness.state()).toBe('writing');
    await harness.commands(vibrate(0, 2));
    await harness.advance(5);
    harness.holdWrites = false;
    await harness.release();
    expect(harness.state()).toBe('waitingGap');
    await harness.advance(20);
    expect(timed(harness)).toEqual(['20:V0:6;', '45:V0:7;']);
    expect(harness.maxWritesInFlight).toBe(1);
  });
});

describe('output machine: stops', () => {
  it('a stop during a pending window is written at once, dropping that feature and keeping the others', async () => {
    const { harness } = start({ gapMs: 50 });
    await harness.commands(vibrate(0, 3), vibrate(1, 4));
    await harness.advance(10);
    await harness.send({ type: 'output.stop', featureIndex: 0, force: false });
    expect(timed(harness)).toEqual(['10:V0:0;']);
    // The rest waits a gap after the stop's write.
    await harness.advance(40);
    expect(timed(harness)).toEqual(['10:V0:0;']);
    await harness.advance(10);
    expect(timed(harness)).toEqual(['10:V0:0;', '60:V1:4;']);
  });

  it('stops each feature through its first non-position output and skips position-only features', async () => {
    const { harness, handler } = start();
    await harness.send({ type: 'output.stop', force: true });
    expect((handler as TextProtocol).outputs.map((o) => `${o.featureIndex}:${o.output}:${o.value}`)).toEqual(['0:Vibrate:0', '1:Vibrate:0']);
  });

  it('without force skips features already at 0; with force writes every stop', async () => {
    const { harness } = start();
    await harness.commands(vibrate(0, 2));
    await harness.send({ type: 'output.stop', force: false });
    expect(harness.data()).toEqual(['V0:7;', 'V0:0;', 'V1:0;']);
    await harness.send({ type: 'output.stop', force: false });
    expect(harness.data()).toHaveLength(3);
    await harness.send({ type: 'output.stop', force: true });
    expect(harness.data()).toEqual(['V0:7;', 'V0:0;', 'V1:0;', 'V0:0;', 'V1:0;']);
  });

  it('remembers the stop, so a later identical output is skipped and a new one goes out', async () => {
    const { harness } = start();
    await harness.commands(vibrate(0, 2));
    await harness.send({ type: 'output.stop', featureIndex: 0, force: false });
    await harness.commands(vibrate(0, 0));
    await harness.commands(vibrate(0, 2));
    expect(harness.data()).toEqual(['V0:7;', 'V0:0;', 'V0:7;']);
  });

  it('waits only for the write in flight: a queued whole-device packet it supersedes is never written', async () => {
    const { harness } = start({ gapMs: 10, handler: new WholeDeviceProtocol(2), definition: twoMotorDefinition, binary: true });
    harness.holdWrites = true;
    await harness.commands(vibrate(0, 30));
    await harness.advance(10); // "30,0" in flight
    await harness.commands(vibrate(1, 60)); // "30,60" waits for the next window
    await harness.send({ type: 'output.stop', force: false });
    expect(harness.state()).toBe('writing');
    harness.holdWrites = false;
    await harness.release();
    expect(harness.data()).toEqual(['30,0', '0,0']);
    await harness.advance(100);
    expect(harness.data()).toEqual(['30,0', '0,0']);
    expect(harness.maxWritesInFlight).toBe(1);
  });

  it('reports a failed write to its parent and carries on', async () => {
    const { harness } = start();
    harness.failing.add('V0:0;');
    await harness.send({ type: 'output.stop', force: true });
    expect(harness.reports).toContainEqual({ type: 'drive.failed', reason: expect.stringMatching(/device "Fake Toy": write of V0:0; refused/) });
    await harness.commands(vibrate(0, 4));
    expect(harness.data()).toEqual(['V0:0;', 'V1:0;', 'V0:9;']);
  });

  it('closing writes a forced stop of every feature, then finishes and says so', async () => {
    const { harness } = start();
    await harness.commands(vibrate(1, 3));
    await harness.send({ type: 'output.close' });
    expect(harness.data()).toEqual(['V1:3;', 'V0:0;', 'V1:0;']);
    expect(harness.reports).toContainEqual({ type: 'output.closed' });
    expect(harness.state()).toBe('gone');
  });
});

describe('output machine: keepalive and raw writes', () => {
  it('a keepalive protocol starts with a forced stop, then repeats its last write after each quiet interval', async () => {
    const { harness } = start({ keepalive: { kind: 'repeatLastWrite', intervalMs: 3000 } });
    await harness.settle();
    expect(timed(harness)).toEqual(['0:V0:0;', '0:V1:0;']);
    expect(harness.state()).toBe('keepingAlive');
    await harness.advance(3000);
    expect(timed(harness).slice(2)).toEqual(['3000:V1:0;']);
    await harness.advance(1000);
    await harness.commands(vibrate(0, 5));
    await harness.advance(3000);
    await harness.advance(3000);
    expect(timed(harness).slice(3)).toEqual(['4000:V0:10;', '7000:V0:10;', '10000:V0:10;']);
  });

  it('a protocol without keepalive writes nothing on its own', async () => {
    const { harness } = start();
    await harness.commands(vibrate(0, 5));
    await harness.advance(60_000);
    expect(harness.data()).toEqual(['V0:10;']);
    expect(harness.state()).toBe('idle');
  });

  it('raw writes keep their place, are never coalesced away, and are not what keepalive repeats', async () => {
    const { harness } = start({ gapMs: 50, keepalive: { kind: 'repeatLastWrite', intervalMs: 100 } });
    await harness.settle();
    await harness.commands(vibrate(0, 1));
    await harness.raw('tx', 'R1');
    await harness.raw('tx', 'R1');
    await harness.commands(vibrate(0, 2));
    await harness.advance(50);
    // V0:6 was superseded by V0:7 in the window; both identical raw writes stay, in order.
    expect(timed(harness).slice(2)).toEqual(['50:R1', '50:R1', '50:V0:7;']);
    await harness.raw('tx', 'R2');
    await harness.advance(50);
    await harness.advance(100);
    expect(timed(harness).slice(5)).toEqual(['100:R2', '200:V0:7;']);
  });
});

describe('output machine: rules (property)', () => {
  type Step =
    | { kind: 'command'; feature: 0 | 1; value: number }
    | { kind: 'stop'; force: boolean }
    | { kind: 'wait'; ms: number }
    | { kind: 'hold' }
    | { kind: 'release' };

  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('command' as const), feature: fc.constantFrom(0 as const, 1 as const), value: fc.integer({ min: 0, max: 10 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), force: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 60 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'hold' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'release' as const }) },
  );

  async function play(harness: OutputHarness, steps: readonly Step[]) {
    for (const s of steps) {
      if (s.kind === 'command') await harness.commands(vibrate(s.feature, s.value));
      else if (s.kind === 'stop') await harness.send({ type: 'output.stop', force: s.force });
      else if (s.kind === 'wait') await harness.advance(s.ms);
      else if (s.kind === 'hold') harness.holdWrites = true;
      else {
        harness.holdWrites = false;
        await harness.release();
      }
    }
    harness.holdWrites = false;
    for (let i = 0; i < 20; i++) await harness.release();
    await harness.advance(1000);
  }

  const GAP = 25;

  it('writes of commands start at least a gap apart, one write at a time, and the last value always wins', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const { harness } = start({ gapMs: GAP, handler: new WholeDeviceProtocol(2), definition: twoMotorDefinition, binary: true });
        // The model: each feature's last value, a stop setting every feature to 0.
        const last = [0, 0];
        for (const s of steps) {
          if (s.kind === 'command') last[s.feature] = s.value;
          if (s.kind === 'stop') last.fill(0);
        }
        await play(harness, steps);
        expect(harness.maxWritesInFlight).toBeLessThanOrEqual(1);
        // Flushes that carried commands (not stops) start at least a gap apart.
        const commandFlushes = new Map<number, number>();
        const stopData = '0,0';
        for (const entry of harness.written) if (entry.data !== stopData) commandFlushes.set(entry.flush, entry.at);
        const starts = [...commandFlushes.values()];
        for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(GAP);
        const finalPacket = harness.written.at(-1)?.data ?? '0,0';
        expect(finalPacket).toBe(last.join(','));
        harness.stop();
      }),
      { numRuns: 60 },
    );
  });

  it('from any state, a stop reaches the hardware as soon as the write in flight is done, before anything queued', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), fc.boolean(), async (steps, inFlight) => {
        const { harness } = start({ gapMs: GAP });
        for (const s of steps) {
          if (s.kind === 'command') await harness.commands(vibrate(s.feature, s.value));
          else if (s.kind === 'stop') await harness.send({ type: 'output.stop', force: s.force });
          else if (s.kind === 'wait') await harness.advance(s.ms);
        }
        harness.holdWrites = inFlight;
        await harness.commands(vibrate(0, 7)); // something queued behind the stop
        await harness.advance(GAP); // possibly now in flight (and held)
        const before = harness.written.length;
        await harness.send({ type: 'output.stop', force: true });
        harness.holdWrites = false;
        await harness.release();
        const after = harness.data().slice(before);
        // The forced stop of both features comes next, with nothing else before it.
        expect(after.slice(0, 2)).toEqual(['V0:0;', 'V1:0;']);
        harness.stop();
      }),
      { numRuns: 60 },
    );
  });
});
