/**
 * The live loops beside the uploads: read the game's status (often while players are on, rarely when
 * it is empty) and push it when it changed or a heartbeat is due; and, with `control`, fetch and run
 * the Worker's commands.
 */
import { type LiveSnapshot, liveUrl, sameLiveState } from '../ingest-protocol/live.ts';
import type { SigningKey } from '../ingest-protocol/keys.ts';
import type { AgentConfig } from './config.ts';
import { queryStatus } from './game-status.ts';
import type { Logger } from './log.ts';
import { controlPass, type ControlState } from './server-control.ts';
import { type SignedTarget, postSigned } from './signed-post.ts';
import { openUsedCommands } from './used-commands.ts';

export interface LiveDeps {
  readonly config: AgentConfig;
  readonly keys: readonly SigningKey[];
  readonly fetch: typeof fetch;
  readonly log: Logger;
  readonly now: () => Date;
}

export interface LiveLoops {
  stop(): Promise<void>;
}

/** Runs `pass` again `delay()` ms after it ends, until stopped; a pass never overlaps the next. */
function repeat(pass: () => Promise<number>): LiveLoops {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = pass()
      .catch(() => 1_000)
      .then((delay) => {
        if (!stopped) timer = setTimeout(tick, delay);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export async function startLive(deps: LiveDeps): Promise<LiveLoops> {
  const { config, log } = deps;
  const live = config.live;
  if (!live) return { stop: async () => {} };
  const target: SignedTarget = { keys: deps.keys, fetch: deps.fetch, timeoutMs: config.timeoutMs };
  let sent: LiveSnapshot | null = null;
  let sentAt = 0;
  let failing = false;
  const status = repeat(async () => {
    let snapshot: LiveSnapshot;
    try {
      snapshot = {
        observedAt: deps.now().toISOString(),
        ...(await queryStatus(live, live.timeoutMs)),
      };
      if (failing) log.log('info', 'live.status_back', {});
      failing = false;
    } catch (error) {
      // Said once per outage, not every few seconds.
      if (!failing) log.log('warn', 'live.status_failed', { reason: (error as Error).message });
      failing = true;
      return live.idlePollMs;
    }
    const due = deps.now().getTime() - sentAt >= live.heartbeatMs;
    if (!sent || due || !sameLiveState(sent, snapshot)) {
      const pushed = await postSigned(target, liveUrl(config.url), snapshot, deps.now());
      if (pushed.ok) {
        sent = snapshot;
        sentAt = deps.now().getTime();
      } else log.log('warn', 'live.push_failed', { reason: pushed.reason });
    }
    return snapshot.players.length > 0 ? live.activePollMs : live.idlePollMs;
  });
  const loops: LiveLoops[] = [status];
  const control = config.control;
  if (control) {
    const used = await openUsedCommands(config.spoolDir, deps.now());
    const state: ControlState = { unsent: [] };
    const controlDeps = { url: config.url, target, live, control, used, log, now: deps.now };
    loops.push(
      repeat(async () => {
        await controlPass(controlDeps, state);
        return control.pollMs;
      }),
    );
  }
  log.log('info', 'live.started', {
    game: `${live.host}:${live.port}`,
    control: control ? control.allow : 'off',
  });
  return { stop: async () => void (await Promise.all(loops.map((l) => l.stop()))) };
}
