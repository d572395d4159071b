import fc from 'fast-check';
import { take, toArray, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createFrameChannel } from '../../src/transport/frame-channel.ts';

describe('frame channel', () => {
  it('property: the first subscriber gets every frame, early and late, in order; a later one only later frames', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.array(fc.string()), fc.array(fc.string()), (early, middle, late) => {
        const channel = createFrameChannel<string>();
        early.forEach((frame) => channel.next(frame));
        const first: string[] = [];
        channel.observable.subscribe((frame) => first.push(frame));
        middle.forEach((frame) => channel.next(frame));
        const second: string[] = [];
        channel.observable.subscribe((frame) => second.push(frame));
        late.forEach((frame) => channel.next(frame));
        expect(first).toEqual([...early, ...middle, ...late]);
        expect(second).toEqual(late);
      }),
    );
  });

  it('a channel completed before anyone listened still hands over its frames, then completes', async () => {
    const channel = createFrameChannel<string>();
    channel.next('a');
    channel.next('b');
    channel.complete();
    expect(await firstValueFrom(channel.observable.pipe(toArray()))).toEqual(['a', 'b']);
  });

  it('stops replaying when the first subscriber unsubscribes part-way', async () => {
    const channel = createFrameChannel<string>();
    ['a', 'b', 'c'].forEach((frame) => channel.next(frame));
    expect(await firstValueFrom(channel.observable.pipe(take(1), toArray()))).toEqual(['a']);
  });
});
