/** LiBo vibrators (Lottie, LuLu, LaLa, Carlos, …): the LiBo vibration packets (reference: libo_vibes). */
import { liboVibrationOutput } from './families/libo.ts';
import { defineProtocol } from './kit/define.ts';

const NAME = 'libo-vibes';

export const protocol = defineProtocol({
  name: NAME,
  async initialize() {
    return { keepalive: { kind: 'none' }, output: (command) => liboVibrationOutput(NAME, command) };
  },
});
