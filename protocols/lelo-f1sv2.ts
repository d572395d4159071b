/**
 * Lelo F1s V2 (also F1s V3, F2S): the security handshake on the whitelist endpoint, then the
 * F1s packet written with response (reference: lelof1sv2). Hardware without a whitelist
 * endpoint is a Harmony-generation toy: the handshake runs on generic0 and the Harmony packets
 * are used.
 */
import {
  authoriseLelo,
  createLeloF1sHandler,
  createLeloHarmonyHandler,
  type LeloHandshakeOptions,
  leloF1sV2SecurityState,
} from './families/lelo.ts';
import { defineProtocol } from './kit/define.ts';
import type { Protocol } from './kit/types.ts';

const NAME = 'lelo-f1sv2';

export function createLeloF1sV2Protocol(options: LeloHandshakeOptions = {}): Protocol {
  return defineProtocol({
    name: NAME,
    async initialize({ hardware, definition }) {
      const harmony = !hardware.endpoints.includes('whitelist');
      const endpoint = harmony ? 'generic0' : 'whitelist';
      await authoriseLelo({ protocol: NAME, hardware, endpoint, classify: leloF1sV2SecurityState, options });
      return harmony ? createLeloHarmonyHandler(NAME, definition) : createLeloF1sHandler(NAME, definition, true);
    },
  });
}

export const protocol = createLeloF1sV2Protocol();
