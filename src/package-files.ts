/**
 * The files plugstate ships beside its code (package.json, the bundled device config), found from
 * wherever the code runs: the TypeScript sources in a checkout, or the ES module or CommonJS build
 * in `dist/`. The package root is the nearest folder above this module whose package.json is
 * plugstate's, so the depth of the running file does not matter.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'plugstate';

interface Manifest {
  readonly name?: string;
  readonly version: string;
}

function readManifest(folder: string): Manifest | undefined {
  const file = join(folder, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : undefined;
}

function findPackageRoot(): { root: string; manifest: Manifest } {
  // CommonJS (dist/index.cjs) has its own file name; import.meta.url is only shimmed there.
  const start = dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url));
  // Each step goes one folder up, and the file system's root is its own parent: the walk ends.
  for (let folder = start; ; folder = dirname(folder)) {
    const manifest = readManifest(folder);
    if (manifest?.name === PACKAGE_NAME) return { root: folder, manifest };
    if (dirname(folder) === folder) throw new Error(`plugstate: no package.json named "${PACKAGE_NAME}" above ${start}`);
  }
}

const found = findPackageRoot();

/** plugstate's package.json. */
export const MANIFEST: Manifest = found.manifest;

/** The absolute path of a file shipped in the package, given relative to the package root. */
export function packageFile(...segments: string[]): string {
  return join(found.root, ...segments);
}
