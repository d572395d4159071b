/** WeVibe Chorus: the 8-bit packet with the motors swapped and no offset (reference: wevibe_chorus). */
import { packChorus, weVibeProtocol } from './families/wevibe.ts';

export const protocol = weVibeProtocol('wevibe-chorus', packChorus);
