/**
 * Model-based test of the device machine with fake injected actors: random sequences of step
 * results, hardware disconnects, drive failures, shutdowns and commands, checked after every step.
 * Rules: a device is announced only after initialization succeeded; anything that ends it before
 * then releases the hardware (with the hardware if it was connected); a ready device that ends is
 * stopped (or simply gone if its hardware vanished); the server hears `device.gone` exactly once.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { ErrorCode } from '../../src/errors.ts';
import { DEVICE_INDEX, fakeHardware, startDeviceHarness, type DeviceHarness } from './device-harness.ts';

type Phase = 'connecting' | 'identifying' | 'initializing' | 'ready' | 'stopping' | 'releasing' | 'gone';

interface Model {
  phase: Phase;
  wasReady: boolean;
  connected: boolean;
  /** Whether the end was a failure (a reason goes to the server). */
  failed: boolean;
  commandsToDrive: number;
}

const STATE_OF: Record<Phase, string> = {
  connecting: 'connecting',
  identifying: 'setup.identifying',
  initializing: 'setup.initializing',
  ready: 'active.ready',
  // Stopping's output and input steps finish at once here; the disconnect is the step left.
  stopping: 'disconnecting',
  releasing: 'releasing',
  gone: 'gone',
};

const settingUp = (phase: Phase) => phase === 'connecting' || phase === 'identifying' || phase === 'initializing';

function checkInvariants(model: Model, h: DeviceHarness) {
  expect(h.state()).toBe(STATE_OF[model.phase]);
  // Announced exactly once, and only once initialization passed.
  expect(h.told('device.ready')).toHaveLength(model.wasReady ? 1 : 0);
  // Shutdown (stop, then disconnect) only for a device that was ready; release only for one that never was.
  expect(h.stepsStarted.includes('shutdown') && h.stepsStarted.includes('release')).toBe(false);
  if (model.wasReady) expect(h.stepsStarted).not.toContain('release');
  else expect(h.stepsStarted).not.toContain('shutdown');
  // The output runs exactly while ready; the hardware watch while identifying, initializing or ready.
  expect(h.driveRunning).toBe(model.phase === 'ready');
  expect(h.watchRunning).toBe(model.phase === 'identifying' || model.phase === 'initializing' || model.phase === 'ready');
  expect(h.driveRuns).toBe(model.wasReady ? 1 : 0);
  expect(h.driveReceived).toHaveLength(model.commandsToDrive);
  const gone = h.told('device.gone');
  if (model.phase !== 'gone') {
    expect(gone).toHaveLength(0);
    return;
  }
  expect(gone).toHaveLength(1);
  // (A device that got as far as identification also names the index it would have had; the server ignores it.)
  if (model.wasReady) expect(gone[0].index).toBe(DEVICE_INDEX);
  if (model.failed) expect(typeof gone[0].failure).toBe('string');
  if (!model.wasReady) {
    expect(h.releaseInputs).toHaveLength(1);
    expect(h.releaseInputs[0].hardware).toBe(model.connected ? fakeHardware : undefined);
  }
}

type Cmd = fc.AsyncCommand<Model, DeviceHarness>;

const NEXT_ON_SUCCESS: Partial<Record<Phase, Phase>> = {
  connecting: 'identifying',
  identifying: 'initializing',
  initializing: 'ready',
  stopping: 'gone',
  releasing: 'gone',
};

const succeed = (): Cmd => ({
  check: (m) => m.phase !== 'gone' && m.phase !== 'ready',
  async run(m, h) {
    await h.succeed();
    if (m.phase === 'connecting') m.connected = true;
    m.phase = NEXT_ON_SUCCESS[m.phase]!;
    if (m.phase === 'ready') m.wasReady = true;
    checkInvariants(m, h);
  },
  toString: () => 'succeed',
});

const fail = (): Cmd => ({
  check: (m) => m.phase !== 'gone' && m.phase !== 'ready',
  async run(m, h) {
    await h.fail();
    if (settingUp(m.phase)) {
      m.phase = 'releasing';
      m.failed = true;
    } else {
      // Shutdown and release never fail the device: it is gone either way.
      m.phase = 'gone';
    }
    checkInvariants(m, h);
  },
  toString: () => 'fail',
});

const hardwareDisconnects = (): Cmd => ({
  check: (m) => m.phase !== 'gone',
  async run(m, h) {
    await h.hardwareDisconnects();
    if (m.phase === 'identifying' || m.phase === 'initializing') {
      m.phase = 'releasing';
      m.failed = true;
    } else if (m.phase === 'ready') {
      m.phase = 'gone';
    }
    checkInvariants(m, h);
  },
  toString: () => 'hardwareDisconnects',
});

const driveFails = (): Cmd => ({
  check: (m) => m.phase === 'ready',
  async run(m, h) {
    await h.driveFails();
    m.phase = 'stopping';
    m.failed = true;
    checkInvariants(m, h);
  },
  toString: () => 'driveFails',
});

const shutdown = (): Cmd => ({
  check: (m) => m.phase !== 'gone',
  async run(m, h) {
    await h.shutdown();
    if (settingUp(m.phase)) {
      m.phase = 'releasing';
      m.failed = true;
    } else if (m.phase === 'ready') {
      m.phase = 'stopping';
    }
    checkInvariants(m, h);
  },
  toString: () => 'shutdown',
});

const command = (): Cmd => ({
  check: (m) => m.phase !== 'gone',
  async run(m, h) {
    const clientId = await h.command();
    const replies = h.replies.filter((r) => r.clientId === clientId);
    if (m.phase === 'ready') {
      m.commandsToDrive += 1;
      expect(replies).toEqual([]); // the drive answers, not the machine
    } else {
      expect(replies).toHaveLength(1);
      const [reply] = replies;
      expect(reply.deviceIndex).toBe(DEVICE_INDEX);
      expect(reply.result.kind === 'error' && reply.result.error.code).toBe(ErrorCode.Device);
    }
    checkInvariants(m, h);
  },
  toString: () => 'command',
});

const harnesses: DeviceHarness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.stop();
});

describe('device machine: model', () => {
  it('any sequence of step results, disconnects, failures, shutdowns and commands obeys the lifecycle rules', async () => {
    const commands = fc.commands(
      [
        fc.constant(succeed()),
        fc.constant(succeed()),
        fc.constant(fail()),
        fc.constant(hardwareDisconnects()),
        fc.constant(driveFails()),
        fc.constant(shutdown()),
        fc.constant(command()),
      ],
      { maxCommands: 25 },
    );
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const h = startDeviceHarness();
        harnesses.push(h);
        await fc.asyncModelRun(
          () => ({ model: { phase: 'connecting' as Phase, wasReady: false, connected: false, failed: false, commandsToDrive: 0 }, real: h }),
          cmds,
        );
        h.stop();
      }),
      { numRuns: 300 },
    );
  });
});

describe('device machine: paths', () => {
  it('a device that never finishes setup is released after 30 s (identifying and initializing together)', async () => {
    const clock = new SimulatedClock();
    const h = startDeviceHarness({ clock });
    harnesses.push(h);
    await h.succeed(); // connected
    clock.increment(20_000);
    await h.succeed(); // identified after 20 s; initialization never answers
    expect(h.state()).toBe('setup.initializing');
    clock.increment(9_999);
    expect(h.state()).toBe('setup.initializing');
    clock.increment(1);
    expect(h.state()).toBe('releasing');
    expect(h.releaseInputs).toEqual([{ hardware: fakeHardware, reason: 'the device did not finish identification and setup in time' }]);
    await h.succeed();
    expect(h.told('device.ready')).toEqual([]);
    expect(h.told('device.gone')[0].failure).toMatch(/did not finish identification/);
  });

  it('identification failure: released with the hardware, never announced, gone with the reason', async () => {
    const h = startDeviceHarness();
    harnesses.push(h);
    await h.succeed(); // connected
    await h.fail('model read failed');
    expect(h.state()).toBe('releasing');
    expect(h.releaseInputs).toEqual([{ hardware: fakeHardware, reason: 'model read failed' }]);
    await h.succeed();
    expect(h.told('device.ready')).toEqual([]);
    expect(h.told('device.gone')).toEqual([
      { type: 'device.gone', connectionKey: 'device:0', index: undefined, failure: 'model read failed' },
    ]);
  });

  it('disconnect during initialization: released, never announced', async () => {
    const h = startDeviceHarness();
    harnesses.push(h);
    await h.succeed();
    await h.succeed();
    expect(h.state()).toBe('setup.initializing');
    await h.hardwareDisconnects();
    expect(h.releaseInputs.map((r) => r.reason)).toEqual(['the device disconnected during setup']);
    await h.succeed();
    expect(h.state()).toBe('gone');
    expect(h.told('device.ready')).toEqual([]);
  });

  it('a ready device whose hardware vanished is gone at once, with its index, and no shutdown step', async () => {
    const h = startDeviceHarness();
    harnesses.push(h);
    for (let i = 0; i < 3; i++) await h.succeed();
    expect(h.told('device.ready')).toHaveLength(1);
    await h.hardwareDisconnects();
    expect(h.state()).toBe('gone');
    expect(h.stepsStarted).not.toContain('shutdown');
    expect(h.told('device.gone')).toEqual([{ type: 'device.gone', connectionKey: 'device:0', index: DEVICE_INDEX, failure: undefined }]);
  });
});
