/** `npm run protocols:list`: rewrites protocols/all.ts from the protocol files. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { protocolModules, renderProtocolList } from './protocol-list.ts';

const protocolsDir = fileURLToPath(new URL('..', import.meta.url));
const modules = protocolModules(protocolsDir);
writeFileSync(new URL('../all.ts', import.meta.url), renderProtocolList(modules));
console.log(`protocols/all.ts lists ${modules.length} protocols`);
