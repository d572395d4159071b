/**
 * The list of protocol modules is derived from the files in `protocols/`, so the registry cannot
 * drift from them: `protocols/<config-name>.ts`, or `protocols/<config-name>/index.ts` for a
 * protocol spread over several files. Each module exports `protocol`. `npm run protocols:list`
 * writes the list; a test fails while the written list differs from the files.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Folders and files in `protocols/` that hold no protocol. */
const NOT_PROTOCOLS = new Set(['kit', 'families', 'config', 'registry.ts', 'all.ts']);

export interface ProtocolModule {
  /** The config protocol name, which is also the file (or folder) name. */
  readonly name: string;
  /** Import path relative to `protocols/`. */
  readonly path: string;
}

export function protocolModules(protocolsDir: string): ProtocolModule[] {
  const modules: ProtocolModule[] = [];
  for (const entry of readdirSync(protocolsDir, { withFileTypes: true })) {
    if (NOT_PROTOCOLS.has(entry.name)) continue;
    if (entry.isFile() && entry.name.endsWith('.ts')) {
      modules.push({ name: entry.name.slice(0, -'.ts'.length), path: `./${entry.name}` });
    } else if (entry.isDirectory() && existsSync(join(protocolsDir, entry.name, 'index.ts'))) {
      modules.push({ name: entry.name, path: `./${entry.name}/index.ts` });
    }
  }
  return modules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function identifierFor(name: string): string {
  return name.replace(/[-_]+([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}

/** The source of `protocols/all.ts` for these modules. */
export function renderProtocolList(modules: readonly ProtocolModule[]): string {
  const imports = modules.map(({ name, path }) => `import { protocol as ${identifierFor(name)} } from '${path}';`);
  const entries = modules.map(({ name }) => `  ${identifierFor(name)},`);
  return [
    '// Written by `npm run protocols:list` from the files in protocols/ (see kit/protocol-list.ts); do not edit.',
    "import type { Protocol } from './kit/types.ts';",
    ...imports,
    '',
    'export const ALL_PROTOCOLS: readonly Protocol[] = [',
    ...entries,
    '];',
    '',
  ].join('\n');
}
