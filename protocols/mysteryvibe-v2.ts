/** MysteryVibe, second generation (Crescendo 2, Tenuto 2, …): mode packet 03 02 40 (reference: mysteryvibe_v2). */
import { mysteryVibeProtocol } from './families/mysteryvibe.ts';

export const protocol = mysteryVibeProtocol('mysteryvibe-v2', [0x03, 0x02, 0x40]);
