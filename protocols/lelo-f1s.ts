/**
 * Lelo F1s: both motor speeds in one `01 <motor 1> <motor 2>` packet on tx (reference:
 * lelof1s). The toy only takes commands after its power button is pressed; like the reference
 * we subscribe to rx at setup (which is what lets that press through) and do not wait for it.
 */
import { createLeloF1sHandler } from './families/lelo.ts';
import { defineProtocol } from './kit/define.ts';

const NAME = 'lelo-f1s';

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ hardware, definition }) {
    await hardware.subscribe('rx');
    return createLeloF1sHandler(NAME, definition, false);
  },
});
