import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SPECIFIER = /(?:from|import)\s*\(?\s*'([^']+)'/g;

/** The repository folders and the packages that a folder's source files (not its tests) reach. */
function reach(folder: string): { folders: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const pending = readdirSync(join(ROOT, folder))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join(ROOT, folder, name));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier = ''] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  }
  const folders = new Set([...seen].map((file) => relative(ROOT, file).split(/[\\/]/)[0]));
  return { folders: [...folders].sort() as string[], packages: [...packages].sort() };
}

describe('the ingest protocol lives on neither side', () => {
  it('reaches only the shared stats and itself, and no package (it runs in Node and workerd)', () => {
    expect(reach('ingest-protocol')).toEqual({
      folders: ['ingest-protocol', 'stats'],
      packages: [],
    });
  });

  it('is all the agent reaches beside the shared stats: nothing of the Worker', () => {
    expect(reach('ingest-agent').folders).toEqual(['ingest-agent', 'ingest-protocol', 'stats']);
  });
});
