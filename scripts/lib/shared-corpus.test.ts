import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSharedCorpus } from './shared-corpus.ts';

const root = mkdtempSync(join(tmpdir(), 'etstats-shared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const git = (...args: string[]) => execFileSync('git', args, { stdio: 'ignore' });

describe('findSharedCorpus', () => {
  // work/shared/corpus beside work/project; a clone of the project made in another folder.
  const corpus = join(root, 'work', 'shared', 'corpus');
  const project = join(root, 'work', 'project');
  const clone = join(root, 'elsewhere', 'clone');
  mkdirSync(corpus, { recursive: true });
  writeFileSync(join(corpus, 'truth.json'), '{}');
  mkdirSync(project, { recursive: true });
  git('-C', project, 'init', '-q');
  git(
    '-C',
    project,
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@t',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'x',
  );
  git('clone', '-q', project, clone);

  it('finds the corpus beside the project, and beside the checkout a clone was made from', () => {
    expect(findSharedCorpus({ env: {}, project })).toBe(corpus);
    expect(findSharedCorpus({ env: {}, project: clone })).toBe(corpus);
  });

  it('takes ETSTATS_CORPUS_DIR first, and says null when there is no corpus anywhere', () => {
    expect(findSharedCorpus({ env: { ETSTATS_CORPUS_DIR: '/data/corpus' }, project: clone })).toBe(
      '/data/corpus',
    );
    const lonely = join(root, 'lonely');
    mkdirSync(lonely);
    git('-C', lonely, 'init', '-q');
    expect(findSharedCorpus({ env: {}, project: lonely })).toBeNull();
  });
});
