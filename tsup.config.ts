/**
 * The build: `src/index.ts` (the library) as an ES module and as CommonJS, each with its bundled
 * type declarations, and `src/daemon/main.ts` (what bin/plugstate.js runs) as an ES module. Our
 * own code is bundled into a few files (so the daemon starts without resolving hundreds of
 * modules); the dependencies stay external, as npm installs them. `shims` gives the CommonJS build
 * `import.meta.url` (src/package-files.ts finds the bundled device config from it).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    // Members marked @internal (the simulator's and the bridge device's plumbing) are left out of
    // the declarations; with them goes the only mention of ws's types, which users need not install.
    dts: { compilerOptions: { stripInternal: true } },
    shims: true,
    platform: 'node',
    target: 'node20',
    outDir: 'dist',
  },
  {
    entry: { cli: 'src/daemon/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    outDir: 'dist',
    // The daemon carries its own tree-shaken copies of rxjs and xstate: loading rxjs from
    // node_modules is about 100 ms of a start (hundreds of CommonJS files), xstate some 20 ms more.
    // Both are pinned to exact versions in package.json, so this copy is the one npm would install.
    noExternal: ['rxjs', 'xstate'],
    // rxjs's exports send Node to its CommonJS build; its ES module build is the one that tree-shakes.
    esbuildPlugins: [
      {
        name: 'rxjs-es-module',
        setup(build) {
          const esModule = join(dirname(createRequire(import.meta.url).resolve('rxjs/package.json')), 'dist/esm/index.js');
          build.onResolve({ filter: /^rxjs$/ }, () => ({ path: esModule }));
        },
      },
    ],
  },
]);
