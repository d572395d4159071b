/**
 * Lelo Harmony generation (Ida Wave, Tiani Harmony, Tor 3, …): the security handshake on the
 * whitelist endpoint, then one `0A 12 <feature from 1> 08 00 00 00 00 <speed> 00` packet per
 * vibrator or rotator on tx (reference: lelo_harmony).
 */
import {
  authoriseLelo,
  createLeloHarmonyHandler,
  type LeloHandshakeOptions,
  leloHarmonySecurityState,
} from './families/lelo.ts';
import { defineProtocol } from './kit/define.ts';
import type { Protocol } from './kit/types.ts';

const NAME = 'lelo-harmony';

export function createLeloHarmonyProtocol(options: LeloHandshakeOptions = {}): Protocol {
  return defineProtocol({
    name: NAME,
    async initialize({ hardware, definition }) {
      await authoriseLelo({ protocol: NAME, hardware, endpoint: 'whitelist', classify: leloHarmonySecurityState, options });
      return createLeloHarmonyHandler(NAME, definition);
    },
  });
}

export const protocol = createLeloHarmonyProtocol();
