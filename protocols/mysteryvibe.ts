/** MysteryVibe, first generation (Crescendo, Tenuto, Poco): mode packet 43 02 00 (reference: mysteryvibe). */
import { mysteryVibeProtocol } from './families/mysteryvibe.ts';

export const protocol = mysteryVibeProtocol('mysteryvibe', [0x43, 0x02, 0x00]);
