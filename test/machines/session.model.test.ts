/**
 * Model-based test of the session machine: random sequences of handshakes, pings, commands,
 * time and disconnects, checked after every step against a tiny model.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startSessionHarness, vibrator, type SessionHarness } from '../support/session-harness.ts';

type Phase = 'awaiting' | 'ready' | 'pingedOut' | 'closed';

interface Model {
  phase: Phase;
  version: number | undefined;
  maxPingTime: number;
  sincePing: number;
  nextId: number;
  commanded: Set<number>;
  scanStarted: boolean;
  /** Frames sent when the session closed; nothing may follow. */
  framesAtClose: number | undefined;
}

interface Real {
  harness: SessionHarness;
}

type Reply = { type: string; body: Record<string, unknown> };

const repliesWithId = (harness: SessionHarness, id: number): Reply[] =>
  harness.sent
    .flat()
    .map((m) => {
      const [type, body] = Object.entries(m as Record<string, Record<string, unknown>>)[0];
      return { type, body };
    })
    .filter((r) => r.body.Id === id);

function expectOneReply(harness: SessionHarness, id: number, type: string, code?: number | readonly number[]) {
  const replies = repliesWithId(harness, id);
  expect(replies, `replies to message ${id}`).toHaveLength(1);
  expect(replies[0].type).toBe(type);
  if (code !== undefined) expect([code].flat()).toContain(replies[0].body.ErrorCode);
}

function checkInvariants(model: Model, real: Real) {
  const { harness } = real;
  if (model.framesAtClose !== undefined) expect(harness.sent.length).toBe(model.framesAtClose);
  const state = harness.state();
  if (model.phase === 'closed') expect(state).toBe('closed');
  else if (model.phase === 'awaiting') expect(state).toContain('awaitingHandshake');
  else if (model.phase === 'ready') expect(state).toContain('ready');
  else expect(state).toContain('pingedOut');
}

function vibrateMessage(version: number, id: number, deviceIndex: number, speed: number) {
  if (version === 0) return { SingleMotorVibrateCmd: { Id: id, DeviceIndex: deviceIndex, Speed: speed } };
  if (version < 4) return { VibrateCmd: { Id: id, DeviceIndex: deviceIndex, Speeds: [{ Index: 0, Speed: speed }] } };
  return { OutputCmd: { Id: id, DeviceIndex: deviceIndex, FeatureIndex: 0, Command: { Vibrate: { Value: Math.ceil(speed * 20) } } } };
}

function rsi(version: number, id: number) {
  if (version === 0) return { RequestServerInfo: { Id: id, ClientName: 'model' } };
  if (version < 4) return { RequestServerInfo: { Id: id, ClientName: 'model', MessageVersion: version } };
  return { RequestServerInfo: { Id: id, ClientName: 'model', ProtocolVersionMajor: version, ProtocolVersionMinor: 0 } };
}

/** Sends one frame and applies the model rules that every message shares. */
function sendAndCheck(model: Model, real: Real, frame: unknown, id: number, expectReady: () => void) {
  real.harness.sendFrame([frame]);
  if (model.phase === 'closed') return;
  if (model.phase === 'pingedOut') {
    expectOneReply(real.harness, id, 'Error', 2);
    return;
  }
  if (model.phase === 'awaiting') {
    expectOneReply(real.harness, id, 'Error', 1);
    return;
  }
  expectReady();
}

const handshake = (version: number) => ({
  check: () => true,
  run(model: Model, real: Real) {
    const id = model.nextId++;
    real.harness.sendFrame([rsi(version, id)]);
    if (model.phase === 'closed') return;
    if (model.phase === 'pingedOut') {
      expectOneReply(real.harness, id, 'Error', 2);
    } else if (model.phase === 'ready') {
      // Repeated: refused as a second handshake, or as a message malformed for the negotiated version.
      expectOneReply(real.harness, id, 'Error', [1, 3]);
    } else if (version > 4) {
      expectOneReply(real.harness, id, 'Error', 1);
    } else {
      expectOneReply(real.harness, id, 'ServerInfo');
      model.phase = 'ready';
      model.version = version;
      model.sincePing = 0;
    }
    checkInvariants(model, real);
  },
  toString: () => `Handshake(v${version})`,
});

const ping = () => ({
  check: () => true,
  run(model: Model, real: Real) {
    const id = model.nextId++;
    sendAndCheck(model, real, { Ping: { Id: id } }, id, () => {
      expectOneReply(real.harness, id, 'Ok');
      model.sincePing = 0;
    });
    checkInvariants(model, real);
  },
  toString: () => 'Ping',
});

const vibrate = (deviceIndex: number, speed: number) => ({
  check: () => true,
  run(model: Model, real: Real) {
    const id = model.nextId++;
    const version = model.version ?? 4;
    sendAndCheck(model, real, vibrateMessage(version, id, deviceIndex, speed), id, () => {
      if (deviceIndex === 0) {
        expectOneReply(real.harness, id, 'Ok');
        model.commanded.add(deviceIndex);
      } else {
        expectOneReply(real.harness, id, 'Error', 4);
      }
    });
    checkInvariants(model, real);
  },
  toString: () => `Vibrate(${deviceIndex}, ${speed})`,
});

const scanning = (start: boolean) => ({
  check: () => true,
  run(model: Model, real: Real) {
    const id = model.nextId++;
    sendAndCheck(model, real, { [start ? 'StartScanning' : 'StopScanning']: { Id: id } }, id, () => {
      expectOneReply(real.harness, id, 'Ok');
      model.scanStarted = start;
    });
    checkInvariants(model, real);
  },
  toString: () => (start ? 'StartScanning' : 'StopScanning'),
});

const garbage = (text: string) => ({
  check: () => true,
  run(model: Model, real: Real) {
    const before = real.harness.sent.length;
    real.harness.sendFrame(text);
    if (model.phase === 'awaiting' || model.phase === 'ready' || model.phase === 'pingedOut') {
      // Bad input is answered, never ignored: one Error frame with Id 0.
      const added = real.harness.sent.slice(before).flat() as Record<string, { Id: number }>[];
      expect(added.length).toBeGreaterThanOrEqual(1);
      for (const message of added) expect(Object.keys(message)[0]).toBe('Error');
    }
    checkInvariants(model, real);
  },
  toString: () => `Garbage(${JSON.stringify(text)})`,
});

const advance = (ms: number) => ({
  check: () => true,
  run(model: Model, real: Real) {
    real.harness.advance(ms);
    if (model.phase === 'ready' && model.maxPingTime > 0) {
      model.sincePing += ms;
      if (model.sincePing >= model.maxPingTime) {
        model.phase = 'pingedOut';
        const pingErrors = repliesWithId(real.harness, 0).filter((r) => r.type === 'Error' && r.body.ErrorCode === 2);
        expect(pingErrors).toHaveLength(1);
        // Every device is told to stop, bypassing de-duplication.
        expect(real.harness.deviceCommands).toContainEqual({ type: 'device.stop', inputs: true, outputs: true, force: true });
        expect(real.harness.closes.length).toBeGreaterThan(0);
      }
    }
    checkInvariants(model, real);
  },
  toString: () => `Advance(${ms})`,
});

const disconnect = () => ({
  check: (model: Readonly<Model>) => model.phase !== 'closed',
  run(model: Model, real: Real) {
    const wasHandshaken = model.phase === 'ready' || model.phase === 'pingedOut';
    real.harness.disconnect();
    model.phase = 'closed';
    model.framesAtClose = real.harness.sent.length;
    if (wasHandshaken) {
      for (const deviceIndex of model.commanded) {
        expect(real.harness.deviceCommands).toContainEqual({ type: 'device.stop', deviceIndex, inputs: true, outputs: true, force: true });
      }
      if (model.scanStarted) expect(real.harness.scanCommands.at(-1)).toEqual({ type: 'scan.stop' });
    }
    expect(real.harness.ended).toBe(true);
    expect(real.harness.transportStopped).toBe(true);
    checkInvariants(model, real);
  },
  toString: () => 'Disconnect',
});

const commands = (maxPingTime: number) => [
  fc.integer({ min: 0, max: 5 }).map(handshake),
  fc.constant(ping()),
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([d, s]) => vibrate(d, s)),
  fc.boolean().map(scanning),
  fc.constantFrom('not json', '[]', '{}', '[{"Nope":{"Id":4000000000}}]', '[{"Ping":{"Id":0}}]').map(garbage),
  fc
    .oneof(fc.constant(Math.max(maxPingTime - 1, 1)), fc.constant(maxPingTime), fc.integer({ min: 0, max: 2 * maxPingTime + 10 }))
    .map(advance),
  fc.constant(disconnect()),
];

describe('session machine against a model', () => {
  for (const maxPingTime of [0, 100]) {
    it(`keeps every invariant over random command sequences (MaxPingTime ${maxPingTime})`, () => {
      fc.assert(
        fc.property(fc.commands(commands(maxPingTime), { maxCommands: 40 }), (cmds) => {
          const harness = startSessionHarness({ maxPingTime, devices: [vibrator(0)] });
          const model: Model = {
            phase: 'awaiting',
            version: undefined,
            maxPingTime,
            sincePing: 0,
            nextId: 1,
            commanded: new Set(),
            scanStarted: false,
            framesAtClose: undefined,
          };
          try {
            fc.modelRun(() => ({ model, real: { harness } }), cmds);
          } finally {
            harness.stop();
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});
