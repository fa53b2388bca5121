#!/usr/bin/env node
// Runs first in `npm start`, `npm test` and friends, before node_modules may exist: plain Node, no
// dependencies. Installs the locked dependencies (`npm ci`) when node_modules is missing or was installed
// from another package-lock.json; otherwise it prints nothing and exits at once.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockPath = join(root, 'package-lock.json');
const modulesPath = join(root, 'node_modules');
// Written after a successful install: the SHA-256 of the package-lock.json it installed.
const stampPath = join(modulesPath, '.etstats-lock-sha256');

function fail(message) {
  console.error(`ensure-deps: ${message}`);
  process.exit(1);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * node_modules installed some other way (a plain `npm ci`, or `npm install x` that also changed the lock) is
 * accepted when npm's own record of what it installed (node_modules/.package-lock.json) holds exactly the
 * locked versions. Optional packages for other platforms are locked but never installed.
 */
function installedFromLock(lockText) {
  const locked = JSON.parse(lockText).packages ?? {};
  const installed = readJson(join(modulesPath, '.package-lock.json'))?.packages;
  if (!installed) return false;
  for (const [path, entry] of Object.entries(locked)) {
    if (path === '' || entry.link) continue;
    const present = installed[path];
    if (!present) {
      if (entry.optional || entry.devOptional) continue;
      return false;
    }
    if (present.version !== entry.version || present.integrity !== entry.integrity) return false;
  }
  return Object.keys(installed).every((path) => path in locked);
}

function npmCommand() {
  // Under `npm run`, reuse the very npm that is running us.
  const execPath = process.env.npm_execpath;
  if (execPath && /npm-cli\.[cm]?js$/.test(execPath)) return [process.execPath, [execPath]];
  return [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
}

if (!existsSync(lockPath))
  fail('package-lock.json is missing: restore it (git checkout package-lock.json) and try again.');
const lockText = readFileSync(lockPath, 'utf8');
const lockHash = createHash('sha256').update(lockText).digest('hex');

const stamp = existsSync(stampPath) ? readFileSync(stampPath, 'utf8').trim() : undefined;
if (stamp === lockHash) process.exit(0);
if (existsSync(modulesPath) && installedFromLock(lockText)) {
  writeFileSync(stampPath, `${lockHash}\n`);
  process.exit(0);
}

const reason = !existsSync(modulesPath)
  ? 'node_modules is missing'
  : 'node_modules does not match package-lock.json';
console.log(`Installing dependencies with npm ci (${reason})...`);
const [command, prefix] = npmCommand();
const result = spawnSync(
  command,
  [...prefix, 'ci', '--no-audit', '--no-fund', '--loglevel=error'],
  {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  },
);
if (result.error)
  fail(`could not run npm (${result.error.message}); is Node.js with npm installed?`);
if (result.status !== 0) {
  fail(
    `npm ci failed (exit ${result.status ?? result.signal}); see its output above. Dependencies are not installed.`,
  );
}
writeFileSync(stampPath, `${lockHash}\n`);
