/**
 * Every transition of the session chart (as xstate/graph draws it) is taken by these scenarios.
 */
import { describe, expect, it } from 'vitest';
import { toDirectedGraph } from 'xstate/graph';
import { sessionMachine } from '../../machines/session.ts';
import { startSessionHarness, vibrator, type Transition } from '../support/session-harness.ts';

interface Edge {
  source: string;
  target: string;
  event: string;
}

function chartEdges(): Edge[] {
  const edges: Edge[] = [];
  const visit = (node: ReturnType<typeof toDirectedGraph>) => {
    for (const edge of node.edges) {
      edges.push({ source: edge.source.id, target: edge.target.id, event: edge.transition.eventType });
    }
    node.children.forEach(visit);
  };
  visit(toDirectedGraph(sessionMachine));
  return edges;
}

const v4 = (id: number) => ({ RequestServerInfo: { Id: id, ClientName: 'graph', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } });

function runScenarios(): Transition[] {
  const taken: Transition[] = [];
  const collect = (h: ReturnType<typeof startSessionHarness>) => taken.push(...h.transitions);

  // A full life with the ping watchdog on, ending in a ping-out, then a server close.
  const watched = startSessionHarness({ maxPingTime: 100, devices: [vibrator(0)] });
  watched.setDevices([vibrator(0), vibrator(1)]);
  watched.sendFrame([v4(1)]);
  watched.sendFrame([{ Ping: { Id: 2 } }]);
  watched.sendFrame([{ OutputCmd: { Id: 3, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 5 } } } }]);
  watched.sendFrame([{ InputCmd: { Id: 4, DeviceIndex: 0, FeatureIndex: 1, Type: 'Battery', Command: 'Read' } }]);
  watched.sendFrame('[{"Nope":{"Id":5}}]');
  watched.tell({ type: 'device.reading', reading: { deviceIndex: 0, featureIndex: 1, input: 'Battery', value: 50 } });
  // Raw subscription data: a v4 session drops it (test/raw covers v2/v3 delivery).
  watched.tell({ type: 'device.rawReading', reading: { deviceIndex: 0, endpoint: 'rx', data: [1] } });
  watched.setDevices([vibrator(0)]);
  watched.tell({ type: 'scanning.finished' });
  watched.advance(100);
  watched.sendFrame([{ Ping: { Id: 6 } }]);
  watched.tell({ type: 'server.closing' });
  collect(watched);
  watched.stop();

  // Ping off: the unwatched branch, and a server close while ready.
  const unwatched = startSessionHarness({ maxPingTime: 0 });
  unwatched.sendFrame([v4(1)]);
  unwatched.tell({ type: 'server.closing' });
  collect(unwatched);
  unwatched.stop();

  // Closed before any handshake: by the server and by the client.
  const early = startSessionHarness();
  early.tell({ type: 'server.closing' });
  collect(early);
  early.stop();
  const dropped = startSessionHarness();
  dropped.sendFrame('garbage');
  dropped.disconnect();
  collect(dropped);
  dropped.stop();
  return taken;
}

describe('session chart coverage', () => {
  it('takes every transition of the chart', () => {
    const edges = chartEdges();
    expect(edges.length).toBeGreaterThan(10);
    const taken = runScenarios();
    const missing = edges.filter(
      (edge) => !taken.some((t) => t.source === edge.source && t.target === edge.target && t.event === edge.event),
    );
    expect(missing).toEqual([]);
  });
});
