/** WeVibe, the legacy generation: 4-bit speeds, woken with a mode packet (reference: wevibe). */
import { LEGACY_INIT, packFourBit, weVibeProtocol } from './families/wevibe.ts';

export const protocol = weVibeProtocol('wevibe', packFourBit, LEGACY_INIT);
