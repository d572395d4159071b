import fc from 'fast-check';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createInProcessPair } from '../../src/transport/in-process.ts';

/** Lets every queued microtask (and those they queue) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('in-process pair', () => {
  it('describes itself as an in-process connection with a unique id', () => {
    const first = createInProcessPair().server;
    const second = createInProcessPair().server;
    expect(first.kind).toBe('in-process');
    expect(first.remote).toBe('in-process');
    expect(first.id).not.toBe(second.id);
  });

  it('property: each side receives what the other sent, in order, and never during the send call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ fromClient: fc.boolean(), text: fc.string() }), { maxLength: 40 }),
        async (sends) => {
          const { server, client } = createInProcessPair();
          const atServer: string[] = [];
          const atClient: string[] = [];
          let sending = false;
          let deliveredDuringSend = false;
          server.frames.subscribe((text) => {
            deliveredDuringSend ||= sending;
            atServer.push(text);
          });
          client.messages.subscribe((text) => {
            deliveredDuringSend ||= sending;
            atClient.push(text);
          });
          for (const { fromClient, text } of sends) {
            sending = true;
            (fromClient ? client : server).send(text);
            sending = false;
          }
          await settle();
          expect(deliveredDuringSend).toBe(false);
          expect(atServer).toEqual(sends.filter((send) => send.fromClient).map((send) => send.text));
          expect(atClient).toEqual(sends.filter((send) => !send.fromClient).map((send) => send.text));
        },
      ),
    );
  });

  it('frames sent before the server subscribed are handed to its first subscriber', async () => {
    const { server, client } = createInProcessPair();
    client.send('handshake');
    await settle();
    const first = firstValueFrom(server.frames);
    expect(await first).toBe('handshake');
  });

  it('an answer sent from inside a frame handler arrives later, not re-entrantly', async () => {
    const { server, client } = createInProcessPair();
    const events: string[] = [];
    server.frames.subscribe((text) => {
      events.push(`server got ${text}`);
      server.send(`re:${text}`);
      events.push(`server handler done ${text}`);
    });
    client.messages.subscribe((text) => events.push(`client got ${text}`));
    client.send('a');
    client.send('b');
    await settle();
    expect(events).toEqual([
      'server got a',
      'server handler done a',
      'server got b',
      'server handler done b',
      'client got re:a',
      'client got re:b',
    ]);
  });

  it('client close: frames sent before it still arrive, then frames completes and closed emits', async () => {
    const { server, client } = createInProcessPair();
    const frames = firstValueFrom(server.frames.pipe(toArray()));
    client.send('one');
    client.send('two');
    client.close(4000, 'leaving');
    client.send('ignored');
    expect(await frames).toEqual(['one', 'two']);
    expect(await firstValueFrom(server.closed)).toEqual({ code: 4000, reason: 'leaving' });
  });

  it('server close: the server gets nothing more, the client gets what came before, both see the close', async () => {
    const { server, client } = createInProcessPair();
    const atServer: string[] = [];
    server.frames.subscribe((text) => atServer.push(text));
    const atClient = firstValueFrom(client.messages.pipe(toArray()));
    client.send('queued before close');
    server.send('goodbye');
    server.close(1001, 'shutting down');
    server.send('after close');
    client.send('after close');
    server.close(4999, 'second close is ignored');
    expect(await atClient).toEqual(['goodbye']);
    expect(atServer).toEqual([]);
    expect(await firstValueFrom(client.closed)).toEqual({ code: 1001, reason: 'shutting down' });
    // A late subscriber still learns how it closed.
    expect(await firstValueFrom(server.closed)).toEqual({ code: 1001, reason: 'shutting down' });
  });

  it('closed emits exactly once, then completes', async () => {
    const { server, client } = createInProcessPair();
    const all = firstValueFrom(server.closed.pipe(toArray()));
    client.close();
    client.close(4001, 'again');
    server.close(4002, 'and again');
    expect(await all).toEqual([{ code: 1000, reason: 'client closed the connection' }]);
  });
});
