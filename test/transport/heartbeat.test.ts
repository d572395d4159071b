import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeartbeat } from '../../src/transport/heartbeat.ts';

class FakeSocket extends EventEmitter {
  pings = 0;
  ping() {
    this.pings += 1;
  }
  pong() {
    this.emit('pong');
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('heartbeat', () => {
  it('pings every interval and declares the peer dead at the first tick without a pong', () => {
    const socket = new FakeSocket();
    const onDead = vi.fn();
    startHeartbeat(socket, 100, onDead);
    vi.advanceTimersByTime(100);
    expect(socket.pings).toBe(1);
    socket.pong();
    vi.advanceTimersByTime(100);
    expect(socket.pings).toBe(2);
    expect(onDead).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(onDead).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(socket.pings).toBe(2);
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(socket.listenerCount('pong')).toBe(0);
  });

  it('stop() ends pinging and removes its pong listener', () => {
    const socket = new FakeSocket();
    const onDead = vi.fn();
    const stop = startHeartbeat(socket, 100, onDead);
    vi.advanceTimersByTime(100);
    stop();
    vi.advanceTimersByTime(1000);
    expect(socket.pings).toBe(1);
    expect(onDead).not.toHaveBeenCalled();
    expect(socket.listenerCount('pong')).toBe(0);
  });

  it('a ping that throws (socket closing) does not break the heartbeat', () => {
    const socket = new FakeSocket();
    socket.ping = () => {
      throw new Error('WebSocket is not open');
    };
    const onDead = vi.fn();
    startHeartbeat(socket, 100, onDead);
    expect(() => vi.advanceTimersByTime(200)).not.toThrow();
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('property: dead exactly at the first interval whose ping went unanswered', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), (answers) => {
        const socket = new FakeSocket();
        const onDead = vi.fn();
        const stop = startHeartbeat(socket, 50, onDead);
        // Tick 1 only pings; after ping k, answers[k-1] says whether the peer ponged.
        vi.advanceTimersByTime(50);
        const firstSilence = answers.indexOf(false);
        for (const [index, answered] of answers.entries()) {
          if (answered) socket.pong();
          vi.advanceTimersByTime(50);
          expect(onDead).toHaveBeenCalledTimes(firstSilence !== -1 && index >= firstSilence ? 1 : 0);
        }
        expect(socket.pings).toBe(firstSilence === -1 ? answers.length + 1 : firstSilence + 1);
        stop();
      }),
    );
  });
});
