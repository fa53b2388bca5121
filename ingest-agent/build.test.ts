import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildAgent } from './build.ts';

const run = promisify(execFile);

describe('buildAgent', () => {
  it('makes one executable file that needs nothing but Node (no node_modules on the game server)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'etstats-bundle-'));
    const { outfile } = await buildAgent(join(dir, 'etstats-agent.mjs'));
    const source = await readFile(outfile, 'utf8');
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const imports = [...source.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((m) => !m?.startsWith('node:'))).toEqual([]);

    const { stdout } = await run(
      outfile,
      [
        'init',
        '--url',
        'https://etstats.example/ingest',
        '--gamestats',
        dir,
        '--config',
        join(dir, 'agent.json'),
      ],
      { cwd: dir },
    );
    expect(stdout).toMatch(/Public key: [A-Za-z0-9+/]{43}=/);
    const status = await run(outfile, ['status', '--config', join(dir, 'agent.json')], {
      cwd: dir,
    });
    expect(status.stdout).toMatch(/^agent: not running\n/);
    await rm(dir, { recursive: true, force: true });
  });
});
