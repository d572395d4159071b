#!/usr/bin/env node
// plugstate's command: runs the TypeScript sources directly through tsx, so a fresh `npm ci` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/daemon/main.ts');
await main();
