import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = new URL('../ensure-deps.mjs', import.meta.url);

let root: string;
let npmLog: string;

/** A project with the real ensure-deps.mjs and a stand-in `npm` that installs like npm would, and logs calls. */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'etstats-ensure-deps-'));
  mkdirSync(join(root, 'scripts'));
  mkdirSync(join(root, 'bin'));
  copyFileSync(SCRIPT, join(root, 'scripts', 'ensure-deps.mjs'));
  npmLog = join(root, 'npm.log');
  const fakeNpm = join(root, 'bin', 'npm');
  writeFileSync(
    fakeNpm,
    `#!/bin/sh
echo "$@" >> "${npmLog}"
if [ -n "$FAKE_NPM_FAIL" ]; then echo "npm error boom" >&2; exit 3; fi
mkdir -p node_modules
"${process.execPath}" -e 'const l = require("./package-lock.json"); const p = { ...l.packages }; delete p[""]; require("fs").writeFileSync("node_modules/.package-lock.json", JSON.stringify({ packages: p }))'
`,
  );
  chmodSync(fakeNpm, 0o755);
  writeLock('1.0.0');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function writeLock(version: string) {
  const lock = {
    name: 'p',
    lockfileVersion: 3,
    packages: {
      '': { name: 'p' },
      'node_modules/a': { version, integrity: `sha512-${version}` },
      'node_modules/a-darwin': { version: '1.0.0', optional: true },
    },
  };
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
}

function ensureDeps(extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${join(root, 'bin')}:${process.env.PATH}`,
    ...extraEnv,
  };
  delete env.npm_execpath; // not under `npm run`: the script must find `npm` on PATH, our stand-in
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-deps.mjs')], {
    env,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const npmCalls = () => (existsSync(npmLog) ? readFileSync(npmLog, 'utf8').trim().split('\n') : []);

describe('ensure-deps', () => {
  it('runs npm ci when node_modules is missing, saying so in one line', () => {
    const result = ensureDeps();
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      'Installing dependencies with npm ci (node_modules is missing)...',
    ]);
    expect(npmCalls()).toEqual(['ci --no-audit --no-fund --loglevel=error']);
  });

  it('does nothing and prints nothing once installed from the current lock file', () => {
    ensureDeps();
    const again = ensureDeps();
    expect(again).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(npmCalls()).toHaveLength(1);
  });

  it('reinstalls when package-lock.json changed since the last install', () => {
    ensureDeps();
    writeLock('1.1.0');
    const result = ensureDeps();
    expect(result.stdout).toContain('node_modules does not match package-lock.json');
    expect(npmCalls()).toHaveLength(2);
  });

  it('accepts node_modules that npm installed from this lock without us (no stamp yet)', () => {
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(
      join(root, 'node_modules', '.package-lock.json'),
      JSON.stringify({
        packages: { 'node_modules/a': { version: '1.0.0', integrity: 'sha512-1.0.0' } },
      }),
    );
    expect(ensureDeps()).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(npmCalls()).toEqual([]);
  });

  it('stops with a clear error when npm ci fails', () => {
    const result = ensureDeps({ FAKE_NPM_FAIL: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('npm ci failed (exit 3)');
    expect(existsSync(join(root, 'node_modules', '.etstats-lock-sha256'))).toBe(false);
  });

  it('names the missing lock file instead of installing something unpinned', () => {
    rmSync(join(root, 'package-lock.json'));
    const result = ensureDeps();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('package-lock.json is missing');
    expect(npmCalls()).toEqual([]);
  });
});
