/**
 * A session actor that fails must not leave its client connected to nothing: the socket is closed
 * with 1011 and the server goes on serving the next client.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { WAIT_MS, eventually, handshakeV4, startStack, teardownAfterEach, withTimeout } from './support.ts';

const teardown = teardownAfterEach();

/** A clock whose first setTimeout throws: the first session to start its ping watchdog fails. */
function clockFailingOnce() {
  let failed = false;
  return {
    setTimeout(fn: (...args: unknown[]) => void, ms: number) {
      if (!failed) {
        failed = true;
        throw new Error('injected clock failure');
      }
      return setTimeout(fn, ms);
    },
    clearTimeout(id: ReturnType<typeof setTimeout>) {
      clearTimeout(id);
    },
  };
}

describe('a failing session', () => {
  it('closes its socket with 1011; the next client is served', async () => {
    const stack = await startStack(teardown, { maxPingTime: 1000, clock: clockFailingOnce() });
    const failed = firstValueFrom(stack.server.events.pipe(filter((event) => event.type === 'actor.failed')));

    const victim = await stack.openClient();
    victim.send([handshakeV4()]);
    expect(await withTimeout(failed, WAIT_MS, 'actor.failed')).toMatchObject({ actor: expect.stringMatching(/^session:/) });
    expect((await withTimeout(victim.closed, WAIT_MS, 'victim closed')).code).toBe(1011);
    await eventually(() => stack.server.clientCount() === 0, 'failed session no longer counted');

    const next = await stack.openClient();
    expect(await next.request(handshakeV4(1, 'next'))).toMatchObject({ ServerInfo: { Id: 1, MaxPingTime: 1000 } });
    expect(await next.request({ Ping: { Id: 2 } })).toEqual({ Ok: { Id: 2 } });
  });
});
