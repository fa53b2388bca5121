import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/**
 * The house's one-way rules, read from import lines: which room may import which. A rule names the
 * importing room, what it may not import (or all it may import), and why. Test files (`*.test.ts`) and
 * test support are tooling: the rules are about the code that ships and the rooms that tooling may not
 * enter.
 */

/** One source file and what it imports: repository paths for relative imports, package names otherwise. */
export interface SourceFile {
  readonly path: string;
  readonly imports: readonly { readonly target: string; readonly typeOnly: boolean }[];
}

export interface Violation {
  readonly rule: string;
  readonly file: string;
  readonly target: string;
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** What a file imports, from its text: relative specifiers resolved to repository paths. */
export function importsOf(path: string, text: string): SourceFile['imports'] {
  const found: { target: string; typeOnly: boolean }[] = [];
  const resolve = (specifier: string) =>
    specifier.startsWith('.') ? normalize(join(dirname(path), specifier)) : packageName(specifier);
  for (const m of text.matchAll(IMPORT)) {
    found.push({ target: resolve(m[3] as string), typeOnly: m[2] !== undefined });
  }
  for (const m of text.matchAll(DYNAMIC))
    found.push({ target: resolve(m[1] as string), typeOnly: false });
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

const isTest = (path: string) => /\.test\.ts$/.test(path) || path.startsWith('test/');
const isTooling = (path: string) => isTest(path) || path.startsWith('bench/');
const inRoom = (path: string, room: string) => path.startsWith(room);
const isPackage = (target: string) => !target.includes('.ts') && !target.includes('.mjs');
const isNodeBuiltin = (target: string) => target.startsWith('node:');

interface Rule {
  readonly name: string;
  /** Files the rule applies to. */
  readonly applies: (path: string) => boolean;
  /** True when the import is forbidden. */
  readonly forbids: (target: string) => boolean;
}

export const HOUSE_RULES: readonly Rule[] = [
  {
    name: 'stats/ imports nothing outside itself (packages neither): the shared domain stands alone',
    applies: (p) => inRoom(p, 'stats/') && !isTest(p),
    forbids: (t) => !isNodeBuiltin(t) && !inRoom(t, 'stats/'),
  },
  {
    name: 'ingest-protocol/ imports only stats/ and itself, no package: Node and workerd both speak it',
    applies: (p) => inRoom(p, 'ingest-protocol/') && !isTest(p),
    forbids: (t) => !inRoom(t, 'stats/') && !inRoom(t, 'ingest-protocol/'),
  },
  {
    name: 'ingest-agent/ imports only stats/ and ingest-protocol/: it runs on the game server',
    applies: (p) => inRoom(p, 'ingest-agent/') && !isTest(p),
    forbids: (t) =>
      !isPackage(t) &&
      !inRoom(t, 'stats/') &&
      !inRoom(t, 'ingest-protocol/') &&
      !inRoom(t, 'ingest-agent/'),
  },
  {
    name: 'worker/commands/ imports no drizzle-orm, schema/ or importer: commands read through queries/',
    applies: (p) => inRoom(p, 'worker/commands/') && !isTest(p),
    forbids: (t) => t === 'drizzle-orm' || inRoom(t, 'schema/') || inRoom(t, 'worker/importer/'),
  },
  {
    name: 'worker/site/ imports no drizzle-orm, schema/ or importer: pages read through queries/',
    applies: (p) => inRoom(p, 'worker/site/') && !isTest(p),
    forbids: (t) => t === 'drizzle-orm' || inRoom(t, 'schema/') || inRoom(t, 'worker/importer/'),
  },
  {
    name: 'nothing outside test/ and bench/ imports test/: production never leans on tooling',
    applies: (p) => !isTooling(p),
    forbids: (t) => inRoom(t, 'test/'),
  },
  {
    name: 'worker/discord/ imports nothing from worker/commands/: the transport owns the contract',
    applies: (p) => inRoom(p, 'worker/discord/') && !isTest(p),
    forbids: (t) => inRoom(t, 'worker/commands/'),
  },
];

/** Every import that breaks a rule. */
export function houseRuleViolations(
  files: readonly SourceFile[],
  rules = HOUSE_RULES,
): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    for (const rule of rules) {
      if (!rule.applies(file.path)) continue;
      for (const { target } of file.imports) {
        if (rule.forbids(target)) out.push({ rule: rule.name, file: file.path, target });
      }
    }
  }
  return out;
}

/** Import circles among non-test source files (type-only imports included), each as a list of paths. */
export function importCircles(files: readonly SourceFile[]): string[][] {
  const graph = new Map<string, string[]>();
  const known = new Set(files.filter((f) => !isTest(f.path)).map((f) => f.path));
  for (const f of files) {
    if (!known.has(f.path)) continue;
    graph.set(
      f.path,
      f.imports.map((i) => i.target).filter((t) => known.has(t) && t !== f.path),
    );
  }
  // Tarjan's strongly connected components: every component of more than one file is a circle.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w))
        low.set(v, Math.min(low.get(v) as number, indexOf.get(w) as number));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return circles;
}

/** The repository's TypeScript files as git knows them (tracked and new), with their imports. */
export function repositorySources(root: string): SourceFile[] {
  const list = (args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  const paths = new Set([
    ...list(['ls-files', '*.ts', '*.mjs']),
    ...list(['ls-files', '--others', '--exclude-standard', '*.ts', '*.mjs']),
  ]);
  const files: SourceFile[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(join(root, path), 'utf8');
    } catch {
      continue; // deleted in the work tree
    }
    files.push({ path, imports: importsOf(path, text) });
  }
  return files;
}
