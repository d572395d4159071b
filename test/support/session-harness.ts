/**
 * Runs the real session machine under a stand-in "server" root (systemId "server") with a fake
 * transport, a fake scan and scripted devices, on a SimulatedClock.
 */
import { createActor, enqueueActions, fromCallback, setup, SimulatedClock, type AnyActorRef, type InspectionEvent } from 'xstate';
import { sessionMachine, type SessionEvent, type TransportCommand, type TransportEvent } from '../../machines/session.ts';
import type { DeviceCommandEvent, DeviceReplyEvent, ScanControl } from '../../machines/events.ts';
import type { DeviceInfo } from '../../src/devices/features.ts';

export interface Transition {
  source: string;
  target: string;
  event: string;
}

export interface SessionHarnessOptions {
  maxPingTime?: number;
  devices?: readonly DeviceInfo[];
  /** Battery value the fake devices report. */
  battery?: number;
}

export function vibrator(index: number, motors = 1, steps = 20): DeviceInfo {
  return {
    index,
    name: `Test Vibrator ${index}`,
    messageTimingGap: 0,
    features: [
      ...Array.from({ length: motors }, (_, i) => ({
        index: i,
        id: `feature-${index}-${i}`,
        description: '',
        outputs: { Vibrate: { value: [0, steps] as const } },
        inputs: {},
      })),
      {
        index: motors,
        id: `battery-${index}`,
        description: 'Battery',
        outputs: {},
        inputs: { Battery: { value: [[0, 100]] as const, commands: ['Read'] as const } },
      },
    ],
  };
}

export function startSessionHarness(options: SessionHarnessOptions = {}) {
  const clock = new SimulatedClock();
  const sent: unknown[][] = [];
  const closes: { code: number; reason: string }[] = [];
  const deviceCommands: DeviceCommandEvent[] = [];
  const scanCommands: ScanControl[] = [];
  const transitions: Transition[] = [];
  let toSession: ((event: TransportEvent) => void) | undefined;
  let transportStopped = false;
  let ended = false;

  const transport = fromCallback<TransportCommand, { connectionId: string }, TransportEvent>(({ receive, sendBack }) => {
    toSession = sendBack;
    receive((command) => {
      if (transportStopped) throw new Error('command after transport stopped');
      if (command.type === 'send') sent.push(JSON.parse(command.text));
      else closes.push({ code: command.code, reason: command.reason });
    });
    return () => {
      transportStopped = true;
    };
  });
  const scan = fromCallback<ScanControl>(({ receive }) => {
    receive((command) => scanCommands.push(command));
    return () => {};
  });
  const battery = options.battery ?? 87;

  const root = setup({
    types: {} as { events: DeviceCommandEvent | { type: 'session.ended' } | { type: 'forward'; event: SessionEvent } },
    actors: { session: sessionMachine.provide({ actors: { transport } }), scan },
  }).createMachine({
    invoke: [
      {
        id: 'session',
        src: 'session',
        input: {
          connectionId: 'test',
          serverName: 'Test Server',
          maxPingTime: options.maxPingTime ?? 0,
          devices: options.devices ?? [],
        },
      },
      { id: 'scan', systemId: 'scan', src: 'scan' },
    ],
    on: {
      'device.outputs': {
        actions: enqueueActions(({ event, enqueue }) => {
          deviceCommands.push(event);
          enqueue.sendTo(event.replyTo as AnyActorRef, {
            type: 'device.reply',
            deviceIndex: event.deviceIndex,
            clientId: event.clientId,
            result: { kind: 'ok' },
          } satisfies DeviceReplyEvent);
        }),
      },
      'device.input': {
        actions: enqueueActions(({ event, enqueue }) => {
          deviceCommands.push(event);
          const result: DeviceReplyEvent['result'] =
            event.command === 'Read'
              ? {
                  kind: 'reading',
                  reading: { deviceIndex: event.deviceIndex, featureIndex: event.featureIndex, input: event.input, value: battery },
                  reply: event.reply,
                }
              : { kind: 'ok' };
          enqueue.sendTo(event.replyTo as AnyActorRef, {
            type: 'device.reply',
            deviceIndex: event.deviceIndex,
            clientId: event.clientId,
            result,
          } satisfies DeviceReplyEvent);
        }),
      },
      'device.stop': { actions: ({ event }) => void deviceCommands.push(event) },
      'session.ended': { actions: () => void (ended = true) },
      forward: { actions: enqueueActions(({ event, enqueue }) => enqueue.sendTo('session', event.event)) },
    },
  });

  const inspect = (event: InspectionEvent) => {
    if (event.type !== '@xstate.microstep') return;
    const micro = event as unknown as { _transitions: { source: { id: string }; target?: { id: string }[]; eventType: string }[] };
    for (const t of micro._transitions) {
      if (!t.source.id.startsWith('session')) continue;
      for (const target of t.target ?? [t.source]) transitions.push({ source: t.source.id, target: target.id, event: t.eventType });
    }
  };
  const actor = createActor(root, { systemId: 'server', clock, inspect });
  actor.start();

  const session = () => actor.getSnapshot().children.session as AnyActorRef | undefined;
  return {
    clock,
    sent,
    closes,
    deviceCommands,
    scanCommands,
    transitions,
    get transportStopped() {
      return transportStopped;
    },
    get ended() {
      return ended;
    },
    sendFrame(frame: unknown) {
      toSession?.({ type: 'frame', frame: typeof frame === 'string' ? frame : JSON.stringify(frame) });
    },
    disconnect() {
      toSession?.({ type: 'transport.closed' });
    },
    setDevices(devices: readonly DeviceInfo[]) {
      actor.send({ type: 'forward', event: { type: 'devices.changed', devices } });
    },
    /** Delivers any server-side event (scanning.finished, device.reading, server.closing) to the session. */
    tell(event: SessionEvent) {
      actor.send({ type: 'forward', event });
    },
    advance(ms: number) {
      clock.increment(ms);
    },
    state(): string {
      const snapshot = session()?.getSnapshot();
      if (!snapshot || snapshot.status !== 'active') return 'closed';
      return JSON.stringify(snapshot.value);
    },
    stop() {
      actor.stop();
    },
  };
}

export type SessionHarness = ReturnType<typeof startSessionHarness>;
