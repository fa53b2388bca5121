// Node only, no dependencies (plain Node runs it): runs a command in a process group of its own and makes
// sure nothing of that group outlives the process that started it. `wrangler dev` starts workerd
// processes that survive wrangler when it is killed, and wrangler, in a session of its own, survives an
// `npm start` that dies without stopping it (SIGKILL, a closed terminal's SIGHUP, a crash).
//
//   spawn(node, [group-guard.mjs, COMMAND, ...ARGS], { detached: true, stdio: ['pipe', …] })
//
// Spawned detached (setsid) the guard leads its own group; it starts COMMAND in that group and ends the
// whole group (SIGTERM, then SIGKILL after GROUP_GUARD_GRACE_MS, default 5000) when its stdin closes,
// which happens when the parent exits however it exits, or when COMMAND exits. SIGINT, SIGTERM and
// SIGHUP sent to the group are for COMMAND: the guard outlives them to finish the cleanup.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node group-guard.mjs COMMAND [ARGS...]  (spawned detached, stdin a pipe)');
  process.exit(2);
}
const graceMs = Number(process.env.GROUP_GUARD_GRACE_MS ?? 5000);
const group = process.pid;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});

/** Live members of the group other than the guard, or undefined where /proc cannot tell. */
function others() {
  if (!existsSync('/proc/self/stat')) return undefined;
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === group) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === group && state !== 'Z') pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

function signalGroup(signal) {
  try {
    process.kill(-group, signal);
  } catch {
    // nothing left
  }
}

let ending = false;
/** SIGTERM to the group, SIGKILL to what is left after the grace period, then the guard exits. */
function endGroup(exitCode) {
  if (ending) return;
  ending = true;
  signalGroup('SIGTERM');
  // Without /proc the guard cannot see who is left: a short wait, then SIGKILL for the group.
  const until = Date.now() + (others() === undefined ? Math.min(graceMs, 1000) : graceMs);
  const check = () => {
    const left = others();
    if (left?.length === 0) process.exit(exitCode);
    if (Date.now() < until) return setTimeout(check, 50);
    for (const pid of left ?? []) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (left === undefined) signalGroup('SIGKILL'); // no /proc: the guard goes with the group
    process.exit(exitCode);
  };
  check();
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (error) => {
  console.error(`group-guard: could not start ${command}: ${error.message}`);
  endGroup(127);
});
child.on('exit', (code, signal) => endGroup(code ?? (signal ? 128 : 1)));

process.stdin.on('end', () => endGroup(0));
process.stdin.on('close', () => endGroup(0));
process.stdin.on('error', () => endGroup(0));
process.stdin.resume();
