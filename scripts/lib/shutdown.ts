// Node only: how `npm start` stops. The first SIGINT, SIGTERM or SIGHUP runs every stop step, newest
// first, each to its end (or its time limit); a second signal only says that it is still stopping; a
// third forces: every step's `force` (SIGKILL for process groups) and exit 1. A signal repeated within
// `echoMs` counts once: a signal to the whole process group reaches this process both directly and
// relayed by the wrappers in front of it (tsx), and Ctrl+C twice is still one "second" signal.

export type ShutdownSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** What the coordinator needs from `process`; tests pass their own. */
export interface SignalHost {
  on(signal: ShutdownSignal, listener: (signal: ShutdownSignal) => void): unknown;
  exit(code: number): void;
}

export interface ShutdownOptions {
  readonly host?: SignalHost;
  readonly signals?: readonly ShutdownSignal[];
  /** The same signal again within this many ms is the same signal, delivered twice (default 300). */
  readonly echoMs?: number;
  /** The longest one stop step may take before the next one runs (default 15 s). */
  readonly stepTimeoutMs?: number;
  readonly log?: (line: string) => void;
  readonly now?: () => number;
}

export interface Shutdown {
  /** Aborted when stopping begins: startup steps still running give up (and clean up after themselves). */
  readonly signal: AbortSignal;
  /**
   * A stop step; steps run newest first. `force` must be synchronous: it runs on the third signal.
   * A step added while stopping is already under way runs too.
   */
  add(name: string, stop: () => Promise<void>, force?: () => void): void;
  /** Stopping waits for `task` (a startup under way) to settle before the steps run (up to a step's time). */
  settle(task: Promise<unknown>): void;
  /** Stops everything (what the first signal does), then exits with `code`. */
  stop(reason: string, code: number): Promise<void>;
}

interface Step {
  readonly name: string;
  readonly stop: () => Promise<void>;
  readonly force?: () => void;
}

/** Installs the signal handlers; call it before the first thing that needs stopping starts. */
export function installShutdown(options: ShutdownOptions = {}): Shutdown {
  const host: SignalHost = options.host ?? process;
  const log = options.log ?? ((line: string) => console.error(line));
  const now = options.now ?? Date.now;
  const echoMs = options.echoMs ?? 300;
  const stepTimeoutMs = options.stepTimeoutMs ?? 15_000;
  const controller = new AbortController();
  const steps: Step[] = [];
  const forces: Step[] = [];
  const pending: Promise<unknown>[] = [];
  let running: Promise<void> | undefined;
  let current = '';
  let signalsSeen = 0;
  let last: { signal: ShutdownSignal; at: number } | undefined;
  let exited = false;

  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    host.exit(code);
  };

  const runStep = async (step: Step) => {
    current = step.name;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), stepTimeoutMs);
    });
    try {
      const outcome = await Promise.race([
        (async () => step.stop())().then(() => 'done' as const),
        limit,
      ]);
      if (outcome === 'late') {
        log(`  ${step.name}: not stopped after ${stepTimeoutMs / 1000} s; going on.`);
        step.force?.();
      }
    } catch (error) {
      log(`  ${step.name}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  };

  const stop = (reason: string, code: number) => {
    running ??= (async () => {
      log(`Stopping (${reason}) ...`);
      controller.abort();
      await runStep({
        name: 'startup',
        stop: async () => void (await Promise.allSettled(pending)),
      });
      for (let step = steps.pop(); step; step = steps.pop()) await runStep(step);
      log('Stopped.');
      exit(code);
    })();
    return running;
  };

  const onSignal = (signal: ShutdownSignal) => {
    const at = now();
    const echo = last !== undefined && last.signal === signal && at - last.at < echoMs;
    last = { signal, at };
    if (echo) return;
    signalsSeen += 1;
    if (signalsSeen === 1) {
      void stop(signal, 0);
    } else if (signalsSeen === 2) {
      log(`${signal}: still stopping (${current || 'starting'}); a third signal forces it.`);
    } else {
      log(`${signal}: forced; killing what is left.`);
      for (const step of forces) {
        try {
          step.force?.();
        } catch {
          // forcing is best effort
        }
      }
      exit(1);
    }
  };
  for (const signal of options.signals ?? ['SIGINT', 'SIGTERM', 'SIGHUP'])
    host.on(signal, onSignal);

  return {
    signal: controller.signal,
    add: (name, stopStep, force) => {
      const step = { name, stop: stopStep, force };
      steps.push(step);
      forces.push(step);
    },
    settle: (task) => void pending.push(task),
    stop,
  };
}
