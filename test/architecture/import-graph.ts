/**
 * Reads the repository's import graph: every import, export-from and literal dynamic import of the
 * source files, resolved to a repository file or a package name. The parse is TypeScript's own, so
 * comments, strings and `import type` are told apart exactly.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** The importing file, relative to the repository root with `/` separators. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** The repository file it resolves to; undefined for a package or an unresolvable path. */
  file?: string;
  /** The package name (`ws`, `node:fs`, `@abandonware/noble`) for a bare specifier. */
  packageName?: string;
  /** `import type`, `export type`, or every named binding marked `type`: erased at run time. */
  typeOnly: boolean;
}

export interface SourceFile {
  path: string;
  syntax: ts.SourceFile;
  imports: ImportEdge[];
}

const SOURCE_EXTENSIONS = ['.ts', '.js'];

/** Every source file under the given top-level folders, with its imports. */
export function readSourceFiles(root: string, folders: readonly string[]): SourceFile[] {
  return folders.flatMap((folder) => listFiles(root, folder)).map((path) => readSourceFile(root, path));
}

function listFiles(root: string, folder: string): string[] {
  const absolute = join(root, folder);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((name) => SOURCE_EXTENSIONS.some((extension) => name.endsWith(extension)) && !name.endsWith('.d.ts'))
    .map((name) => toPosix(join(folder, name)))
    .filter((path) => statSync(join(root, path)).isFile())
    .sort();
}

function readSourceFile(root: string, path: string): SourceFile {
  const syntax = ts.createSourceFile(path, readFileSync(join(root, path), 'utf8'), ts.ScriptTarget.Latest, true);
  const imports = moduleReferences(syntax).map(({ specifier, typeOnly }) => ({
    from: path,
    specifier,
    typeOnly,
    ...resolveSpecifier(root, path, specifier),
  }));
  return { path, syntax, imports };
}

function moduleReferences(syntax: ts.SourceFile): Array<{ specifier: string; typeOnly: boolean }> {
  const found: Array<{ specifier: string; typeOnly: boolean }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyImport(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyExport(node) });
    } else if (isDynamicImport(node)) {
      const [argument] = node.arguments;
      // A computed specifier (a template with variables) names no fixed module.
      if (argument && ts.isStringLiteralLike(argument)) found.push({ specifier: argument.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(syntax);
  return found;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import 'x'` runs x for its effects
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return !clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((element) => element.isTypeOnly);
}

function isDynamicImport(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword;
}

function resolveSpecifier(root: string, from: string, specifier: string): { file?: string; packageName?: string } {
  if (!specifier.startsWith('.')) return { packageName: packageNameOf(specifier) };
  const base = join(root, dirname(from), specifier);
  const candidates = [base, ...SOURCE_EXTENSIONS.map((extension) => base + extension), join(base, 'index.ts')];
  const hit = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return hit ? { file: toPosix(relative(root, hit)) } : {};
}

/** `rxjs/testing` → `rxjs`, `@abandonware/noble/lib/x` → `@abandonware/noble`, `node:fs` stays. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** A Node built-in module, written `node:fs` or plain `fs`. */
export function isNodeBuiltin(packageName: string): boolean {
  return packageName.startsWith('node:') || builtinModules.includes(packageName);
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/**
 * Where the file uses one of the given globals (`setTimeout`, `process`) or `Date.now`, as
 * `line:column name`. Property names (`clock.setTimeout`) and declarations of its own do not count.
 */
export function globalUses(file: SourceFile, globals: readonly string[]): string[] {
  const uses: string[] = [];
  const at = (node: ts.Node, name: string) => {
    const { line, character } = file.syntax.getLineAndCharacterOfPosition(node.getStart());
    uses.push(`${file.path}:${line + 1}:${character + 1} ${name}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && globals.includes(node.text) && isGlobalReference(node)) at(node, node.text);
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date' && node.name.text === 'now') {
      at(node, 'Date.now');
    }
    ts.forEachChild(node, visit);
  };
  visit(file.syntax);
  return uses;
}

function isGlobalReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === identifier) {
    return false;
  }
  if (ts.isBindingElement(parent) && parent.propertyName === identifier) return false;
  return true;
}
