#!/usr/bin/env node
// plugstate's command: runs the compiled daemon in dist/ (built by `npm run build`; `npm ci` and `npm start` build it in a checkout).
import { main } from '../dist/cli.js';

await main();
