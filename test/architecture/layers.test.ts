/**
 * The layering rule of ARCHITECTURE.md, checked on every import of the source: a layer imports
 * only the layers it lists (all of them lower in the table), and the machines stay pure.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { globalUses, isNodeBuiltin, readSourceFiles, type ImportEdge, type SourceFile } from './import-graph.ts';

/** A row of the layer table, as ARCHITECTURE.md shows it. */
interface LayerRow {
  name: string;
  /** Folders (ending in `/`) and single files that belong to it. */
  paths: string[];
  /** The layers it may import besides itself, each earlier in the table; or all of them. */
  mayImport: string[] | typeof EVERY_EARLIER_LAYER;
}

interface Layer extends LayerRow {
  mayImport: string[];
}

/** ARCHITECTURE.md's words for a layer that may import all lower ones. */
const EVERY_EARLIER_LAYER = 'every layer before it';

/** Low to high. ARCHITECTURE.md shows the same table (checked below). */
const LAYER_TABLE: LayerRow[] = [
  { name: 'base', paths: ['src/errors.ts', 'src/log/', 'src/version.ts', 'src/package-files.ts'], mayImport: [] },
  { name: 'hardware', paths: ['src/hardware/'], mayImport: ['base'] },
  { name: 'transport', paths: ['src/transport/'], mayImport: ['base'] },
  { name: 'devices', paths: ['src/devices/'], mayImport: ['base', 'hardware'] },
  { name: 'messages', paths: ['src/messages/'], mayImport: ['base', 'devices'] },
  { name: 'config', paths: ['src/config/'], mayImport: ['base', 'hardware', 'devices'] },
  { name: 'protocols', paths: ['protocols/'], mayImport: ['base', 'hardware', 'devices'] },
  { name: 'pipeline', paths: ['src/pipeline/'], mayImport: ['base', 'hardware', 'devices', 'protocols'] },
  // Not transport: a session's connection is the adapters' business.
  { name: 'machines', paths: ['machines/'], mayImport: ['base', 'hardware', 'devices', 'messages', 'config', 'protocols', 'pipeline'] },
  { name: 'adapters', paths: ['src/adapters/'], mayImport: EVERY_EARLIER_LAYER },
  { name: 'server', paths: ['src/server/'], mayImport: EVERY_EARLIER_LAYER },
  { name: 'daemon', paths: ['src/daemon/'], mayImport: EVERY_EARLIER_LAYER },
  { name: 'entry', paths: ['src/index.ts', 'bin/'], mayImport: EVERY_EARLIER_LAYER },
];

const LAYERS: Layer[] = LAYER_TABLE.map((row, index) => ({
  ...row,
  mayImport: row.mayImport === EVERY_EARLIER_LAYER ? LAYER_TABLE.slice(0, index).map((lower) => lower.name) : row.mayImport,
}));

/**
 * What a machine may not reach at run time, directly or through the modules it imports: the
 * world is given to machines as actors by src/adapters.
 */
const IO_PACKAGES = ['ws', '@abandonware/noble', 'serialport', 'node-hid', 'usb', 'pino'];
/** Timers (and `Date.now`, always checked) belong to XState's clock, so tests run machines on simulated time. */
const IO_GLOBALS = ['setTimeout', 'setInterval', 'setImmediate', 'process'];

/**
 * Imports that break the rule today, each with why it is still there. Only removals: the test
 * fails when one no longer occurs. `from` is the importing file, `to` the imported file or package.
 */
const KNOWN_EXCEPTIONS: Array<{ from: string; to: string; why: string }> = [];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FOLDERS = ['src', 'machines', 'protocols', 'bin'];

function layersOf(path: string): Layer[] {
  return LAYERS.filter((layer) => layer.paths.some((owned) => (owned.endsWith('/') ? path.startsWith(owned) : path === owned)));
}

const layerOf = (path: string): Layer | undefined => layersOf(path)[0];
const isMachine = (file: SourceFile) => layerOf(file.path)?.name === 'machines';

const describeEdge = (edge: ImportEdge) => `${edge.from} imports '${edge.specifier}'`;
const target = (edge: ImportEdge) => edge.file ?? edge.packageName ?? edge.specifier;

interface Violation {
  edge: ImportEdge;
  reason: string;
}

const describeViolation = ({ edge, reason }: Violation) => `${describeEdge(edge)}: ${reason}`;

/** Every import of a repository file outside the importer's own layer and its `mayImport`. */
function upwardImports(files: SourceFile[]): Violation[] {
  return files.flatMap((file) => {
    const from = layerOf(file.path);
    if (!from) return [];
    return file.imports.flatMap((edge) => {
      const to = edge.file && layerOf(edge.file);
      if (!to || to === from || from.mayImport.includes(to.name)) return [];
      return [{ edge, reason: `${from.name} may not import ${to.name}` }];
    });
  });
}

/** Every machine's run-time path to an I/O package, as `machine → module → … → package`. */
function machineIoPaths(files: SourceFile[]): Violation[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  return files.filter(isMachine).flatMap((machine) => {
    const found: Violation[] = [];
    const seen = new Set<string>();
    const walk = (file: SourceFile, chain: string[]): void => {
      if (seen.has(file.path)) return;
      seen.add(file.path);
      for (const edge of file.imports) {
        if (edge.typeOnly) continue; // erased before it runs
        if (edge.packageName && isIoPackage(edge.packageName)) {
          found.push({ edge, reason: `machines must not reach I/O: ${[...chain, edge.packageName].join(' → ')}` });
        }
        const next = edge.file && byPath.get(edge.file);
        if (next) walk(next, [...chain, next.path]);
      }
    };
    walk(machine, [machine.path]);
    return found;
  });
}

const isIoPackage = (packageName: string) => isNodeBuiltin(packageName) || IO_PACKAGES.includes(packageName);

const violationsIn = (files: SourceFile[]) => [...upwardImports(files), ...machineIoPaths(files)];

const isKnownException = (edge: ImportEdge) =>
  KNOWN_EXCEPTIONS.some((exception) => exception.from === edge.from && exception.to === target(edge));

const machineGlobalUses = (files: SourceFile[]) => files.filter(isMachine).flatMap((machine) => globalUses(machine, IO_GLOBALS));

const files = readSourceFiles(ROOT, FOLDERS);

/** One row of ARCHITECTURE.md's layer table: its name, the paths in backquotes, what it may import. */
function documentedRow(line: string): LayerRow {
  const [name, filesCell, mayImport] = line.split('|').slice(1, 4).map((cell) => cell.trim());
  const paths = [...filesCell.matchAll(/`([^`]+)`/g)].map(([, quoted]) => quoted).filter((quoted) => /^[\w.-]+\/([\w.-]+(\/|\.ts))?$/.test(quoted));
  const layers = mayImport === 'nothing' ? [] : mayImport.split(',').map((layer) => layer.trim());
  return { name, paths, mayImport: mayImport === EVERY_EARLIER_LAYER ? EVERY_EARLIER_LAYER : layers };
}

describe('the layer table', () => {
  it('lists each layer after every layer it may import, so no allowed import goes upward', () => {
    const misordered = LAYERS.flatMap((layer, index) =>
      layer.mayImport
        .filter((name) => !LAYERS.slice(0, index).some((lower) => lower.name === name))
        .map((name) => `${layer.name} may import ${name}, which does not come before it`),
    );
    expect(misordered).toEqual([]);
  });

  it('is the table ARCHITECTURE.md shows', () => {
    const map = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const header = map.indexOf('| Layer | Files | May import |');
    expect(header).toBeGreaterThan(-1);
    const lines = map.slice(header).split('\n');
    const end = lines.findIndex((line) => !line.startsWith('|'));
    // Past the header and its rule, up to the first line that is not a row.
    expect(lines.slice(2, end).map(documentedRow)).toEqual(LAYER_TABLE);
  });

  it('puts every source file in exactly one layer', () => {
    expect(files.length).toBeGreaterThan(100);
    const misplaced = files
      .map((file) => ({ path: file.path, layers: layersOf(file.path).map((layer) => layer.name) }))
      .filter(({ layers }) => layers.length !== 1)
      .map(({ path, layers }) => `${path}: ${layers.length === 0 ? 'no layer' : layers.join(', ')}`);
    expect(misplaced).toEqual([]);
  });

  it('resolves every relative import to a file', () => {
    const unresolved = files.flatMap((file) => file.imports.filter((edge) => !edge.file && !edge.packageName).map(describeEdge));
    expect(unresolved).toEqual([]);
  });
});

describe('the layering rule', () => {
  it('has no import going upward or from machines/ to I/O, beyond the known exceptions', () => {
    const violations = violationsIn(files)
      .filter(({ edge }) => !isKnownException(edge))
      .map(describeViolation);
    expect(violations).toEqual([]);
  });

  it('lists only exceptions that still occur', () => {
    const occurring = violationsIn(files).map(({ edge }) => `${edge.from} → ${target(edge)}`);
    const stale = KNOWN_EXCEPTIONS.map((exception) => `${exception.from} → ${exception.to}`).filter((edge) => !occurring.includes(edge));
    expect(stale).toEqual([]);
  });

  it('keeps timers, the clock and the process out of the machines', () => {
    expect(files.some(isMachine)).toBe(true);
    expect(machineGlobalUses(files)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  /** A tiny repository with one of each fault, so a silently blind check fails here. */
  const faultyTree: Record<string, string> = {
    'src/hardware/types.ts': 'export type Endpoint = string;',
    'src/hardware/radio.ts': "import { sessionMachine } from '../../machines/session.ts';\nexport const radio = sessionMachine;",
    'src/messages/parse.ts': "import type { Endpoint } from '../hardware/types.ts';\nexport type Parsed = Endpoint;",
    'src/devices/clock.ts': "import { statSync } from 'node:fs';\nexport const started = statSync('.').mtimeMs;",
    'machines/session.ts': [
      "import type { Socket } from 'node:net';",
      "import { started } from '../src/devices/clock.ts';",
      'export const sessionMachine = (socket: Socket) => setTimeout(() => socket.end(), started + Date.now());',
    ].join('\n'),
  };

  it('finds an upward import, a type-only one, a machine reaching I/O through a lower module, and its timers', () => {
    const root = mkdtempSync(join(tmpdir(), 'plugstate-layers-'));
    try {
      for (const [path, text] of Object.entries(faultyTree)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      const faulty = readSourceFiles(root, FOLDERS);
      expect(violationsIn(faulty).map(describeViolation)).toEqual([
        "src/hardware/radio.ts imports '../../machines/session.ts': hardware may not import machines",
        "src/messages/parse.ts imports '../hardware/types.ts': messages may not import hardware",
        "src/devices/clock.ts imports 'node:fs': machines must not reach I/O: machines/session.ts → src/devices/clock.ts → node:fs",
      ]);
      expect(machineGlobalUses(faulty)).toEqual(['machines/session.ts:3:51 setTimeout', 'machines/session.ts:3:92 Date.now']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
