/**
 * The scan machine against fake manager actors: when ScanningFinished is due (reference §8:
 * only when every bus finished on its own, never after an explicit stop), harmless repeated
 * start/stop, managers that cannot scan, devices found without a scan, and a model-based property
 * over random start/stop/answer/finish sequences.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { startScanHarness, type ManagerKind, type ScanHarness } from './scan-harness.ts';

const harnesses: ScanHarness[] = [];
function harness(kinds: readonly ManagerKind[]): ScanHarness {
  const h = startScanHarness(kinds);
  harnesses.push(h);
  return h;
}
afterEach(() => {
  for (const h of harnesses.splice(0)) h.stopHarness();
});

describe('scan machine: ScanningFinished', () => {
  it('reports it once when a manager finishes on its own', () => {
    const h = harness(['timed']);
    h.start();
    h.answerAll();
    expect(h.state()).toBe('active');
    expect(h.finishedCount()).toBe(0);

    expect(h.finish('timed-0')).toBe(true);
    expect(h.finishedCount()).toBe(1);
    expect(h.state()).toBe('idle');
  });

  it('waits for every manager: one finishing while another still scans is not the end', () => {
    const h = harness(['timed', 'timed']);
    h.start();
    h.answerAll();
    h.finish('timed-0');
    expect(h.finishedCount()).toBe(0);
    expect(h.state()).toBe('active');
    h.finish('timed-1');
    expect(h.finishedCount()).toBe(1);
  });

  it('never reports it after an explicit stop', () => {
    const h = harness(['timed']);
    h.start();
    h.answerAll();
    h.stop();
    expect(h.state()).toBe('stopping');
    expect(h.manager('timed-0').commands).toEqual(['manager.start', 'manager.stop']);
    h.answerAll();
    expect(h.state()).toBe('idle');
    expect(h.finishedCount()).toBe(0);
  });

  it('never reports it for a BLE-like manager, which scans until stopped', () => {
    const h = harness(['ble']);
    h.start();
    h.answerAll();
    expect(h.finish('ble-0')).toBe(false);
    expect(h.state()).toBe('active');
    h.stop();
    h.answerAll();
    expect(h.state()).toBe('idle');
    expect(h.finishedCount()).toBe(0);
  });

  it('a BLE-like manager beside a timed one keeps the scan going after the timed one finished', () => {
    const h = harness(['timed', 'ble']);
    h.start();
    h.answerAll();
    h.finish('timed-0');
    expect(h.state()).toBe('active');
    expect(h.finishedCount()).toBe(0);
  });
});

describe('scan machine: harmless repeats', () => {
  it('start while scanning changes nothing and asks no manager again', () => {
    const h = harness(['ble', 'timed']);
    h.start();
    h.answerAll();
    h.start();
    expect(h.state()).toBe('active');
    expect(h.manager('ble-0').commands).toEqual(['manager.start']);
    expect(h.manager('timed-1').commands).toEqual(['manager.start']);
  });

  it('stop while idle leaves the machine idle and reports nothing', () => {
    const h = harness(['timed']);
    h.stop();
    h.answerAll();
    expect(h.state()).toBe('idle');
    expect(h.reports).toEqual([]);
    // and a scan still works afterwards
    h.start();
    h.answerAll();
    expect(h.state()).toBe('active');
  });

  it('start during a stop starts a new scan once the managers answer', () => {
    const h = harness(['timed']);
    h.start();
    h.answerAll();
    h.stop();
    h.start();
    expect(h.state()).toBe('starting');
    h.answerAll();
    expect(h.state()).toBe('active');
    expect(h.manager('timed-0').scanning).toBe(true);
    h.finish('timed-0');
    expect(h.finishedCount()).toBe(1);
  });
});

describe('scan machine: managers that cannot scan, and devices found without a scan', () => {
  it('a manager that cannot run does not hold up the others', () => {
    const h = harness(['unavailable', 'timed']);
    h.start();
    h.answer('unavailable-0');
    expect(h.state()).toBe('starting');
    h.answer('timed-1');
    expect(h.state()).toBe('active');
    h.finish('timed-1');
    expect(h.finishedCount()).toBe(1);
  });

  it('with no manager able to scan, the scan is over at once (ScanningFinished, back to idle)', () => {
    const h = harness(['unavailable']);
    h.start();
    h.answerAll();
    expect(h.state()).toBe('idle');
    expect(h.finishedCount()).toBe(1);
  });

  it('forwards devices found in every state, scanning or not', () => {
    const h = harness(['ble']);
    h.found('ble-0', 'hot-plugged');
    h.start();
    h.found('ble-0', 'during-start');
    h.answerAll();
    h.found('ble-0', 'during-scan');
    h.stop();
    h.found('ble-0', 'during-stop');
    h.answerAll();
    h.found('ble-0', 'after');
    expect(h.reports.map((r) => (r.type === 'scan.found' ? r.candidate.address : r.type))).toEqual([
      'hot-plugged',
      'during-start',
      'during-scan',
      'during-stop',
      'after',
    ]);
  });
});

// ---- model-based: random start/stop/answer/finish sequences ----

interface Model {
  /** What the client asked for, as far as it can tell: idle, a running scan, or a scan it stopped. */
  requested: 'idle' | 'scanning' | 'stopped';
  finished: number;
}

const quiet = (h: ScanHarness) => h.names.every((n) => h.manager(n).pending === undefined);
const anyScanning = (h: ScanHarness) => h.names.some((n) => h.manager(n).scanning);

/** Once every manager answered and none scans, a running scan has finished and a stopped one is over. */
function reconcile(model: Model, h: ScanHarness) {
  if (!quiet(h) || anyScanning(h)) return;
  if (model.requested === 'scanning') model.finished += 1;
  model.requested = 'idle';
}

function check(model: Model, h: ScanHarness) {
  reconcile(model, h);
  expect(h.finishedCount()).toBe(model.finished);
  const state = h.state();
  if (model.requested === 'idle') expect(state).toBe('idle');
  if (model.requested === 'scanning') expect(['starting', 'active']).toContain(state);
  if (model.requested === 'stopped') {
    // A stopped scan is over as soon as no bus scans, even if a bus that never started has not answered the stop yet.
    expect(['stopping', 'idle']).toContain(state);
    if (state === 'idle') model.requested = 'idle';
  }
  // The machine never believes it is idle while a bus is really scanning, or the reverse.
  if (quiet(h)) expect(state === 'idle').toBe(!anyScanning(h));
}

class Start implements fc.Command<Model, ScanHarness> {
  check = () => true;
  run(model: Model, h: ScanHarness) {
    const before = h.names.map((n) => h.manager(n).commands.length);
    h.start();
    if (model.requested === 'scanning') {
      expect(h.names.map((n) => h.manager(n).commands.length)).toEqual(before);
    } else {
      model.requested = 'scanning';
    }
    check(model, h);
  }
  toString = () => 'start';
}

class Stop implements fc.Command<Model, ScanHarness> {
  check = () => true;
  run(model: Model, h: ScanHarness) {
    h.stop();
    if (model.requested === 'scanning') model.requested = 'stopped';
    check(model, h);
  }
  toString = () => 'stop';
}

class Answer implements fc.Command<Model, ScanHarness> {
  constructor(readonly which: number) {}
  check = () => true;
  run(model: Model, h: ScanHarness) {
    h.answer(h.names[this.which % h.names.length]);
    check(model, h);
  }
  toString = () => `answer(${this.which})`;
}

class Finish implements fc.Command<Model, ScanHarness> {
  constructor(readonly which: number) {}
  check = () => true;
  run(model: Model, h: ScanHarness) {
    h.finish(h.names[this.which % h.names.length]);
    check(model, h);
  }
  toString = () => `finish(${this.which})`;
}

describe('scan machine: model', () => {
  it('any sequence of start, stop, manager answers and finishes keeps the machine and the buses in step', () => {
    const kinds = fc.array(fc.constantFrom<ManagerKind>('timed', 'ble', 'unavailable'), { minLength: 1, maxLength: 3 });
    const commands = fc.commands(
      [
        fc.constant(new Start()),
        fc.constant(new Stop()),
        fc.nat(2).map((i) => new Answer(i)),
        fc.nat(2).map((i) => new Finish(i)),
      ],
      { maxCommands: 40 },
    );
    fc.assert(
      fc.property(kinds, commands, (managerKinds, cmds) => {
        const h = harness(managerKinds);
        fc.modelRun(() => ({ model: { requested: 'idle' as const, finished: 0 }, real: h }), cmds);
        h.stopHarness();
      }),
      { numRuns: 300 },
    );
  });
});
