// Node only, no dependencies (plain Node runs it): ends the given processes when the process that started
// the reaper dies. For children a library spawns itself, out of reach of group-guard.mjs: workerd under
// Miniflare (test/support/workerd.ts) outlives a test process that is SIGKILLed or dies on SIGHUP.
//
//   spawn(node, [reaper.mjs, PID...], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] })
//
// When its stdin closes (the parent exited, however it exited) it sends SIGTERM to each PID still alive,
// SIGKILL after REAPER_GRACE_MS (default 2000), and exits. A parent that stops the processes itself
// kills the reaper instead.
const pids = process.argv
  .slice(2)
  .map(Number)
  .filter((pid) => Number.isInteger(pid) && pid > 0);
const graceMs = Number(process.env.REAPER_GRACE_MS ?? 2000);

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});

function signalAll(signal) {
  let alive = 0;
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
      alive += 1;
    } catch {
      // gone already
    }
  }
  return alive;
}

let reaping = false;
function reap() {
  if (reaping) return;
  reaping = true;
  if (signalAll('SIGTERM') === 0) process.exit(0);
  const until = Date.now() + graceMs;
  const check = () => {
    if (signalAll(0) === 0) process.exit(0);
    if (Date.now() < until) return setTimeout(check, 50);
    signalAll('SIGKILL');
    process.exit(0);
  };
  check();
}

process.stdin.on('end', reap);
process.stdin.on('close', reap);
process.stdin.on('error', reap);
process.stdin.resume();
