import { MANIFEST } from './package-files.ts';

/** The version of plugstate that is running, from its package.json. */
export const VERSION: string = MANIFEST.version;
