#!/usr/bin/env node
// The agent's entry point: wires the process (argv, env, signals, stdout) to runCli.
import { runCli } from './commands.ts';

const controller = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(1); // asked twice: stop now, the spool keeps what is unsent
    controller.abort();
  });
}

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    fetch: globalThis.fetch,
    now: () => new Date(),
    random: Math.random,
    signal: controller.signal,
  });
} catch (error) {
  // An unreadable spool or config folder, a full disk: say it in one line (systemd restarts the service).
  process.stderr.write(
    `etstats-agent: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
