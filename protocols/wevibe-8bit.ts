/** WeVibe, the 8-bit generation (reference: wevibe8bit). */
import { packEightBit, weVibeProtocol } from './families/wevibe.ts';

export const protocol = weVibeProtocol('wevibe-8bit', packEightBit);
