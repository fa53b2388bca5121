import { describe, expect, it } from 'vitest';
import { installShutdown, type ShutdownSignal, type SignalHost } from './shutdown.ts';

/** A stand-in for `process`: signals are delivered by hand, exits recorded. */
function fakeHost() {
  const listeners = new Map<ShutdownSignal, (signal: ShutdownSignal) => void>();
  const exits: number[] = [];
  let exited: () => void = () => {};
  const exitedOnce = new Promise<void>((resolve) => {
    exited = resolve;
  });
  const host: SignalHost = {
    on: (signal, listener) => listeners.set(signal, listener),
    exit: (code) => {
      exits.push(code);
      exited();
    },
  };
  const deliver = (signal: ShutdownSignal) => listeners.get(signal)?.(signal);
  return { host, deliver, exits, exitedOnce, listeners };
}

/** A step that stops only when told to. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('installShutdown', () => {
  it('listens to SIGINT, SIGTERM and SIGHUP', () => {
    const { host, listeners } = fakeHost();
    installShutdown({ host, log: () => {} });
    expect([...listeners.keys()].sort()).toEqual(['SIGHUP', 'SIGINT', 'SIGTERM']);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`stops every step, newest first, on ${signal}, then exits 0`, async () => {
      const { host, deliver, exits, exitedOnce } = fakeHost();
      const order: string[] = [];
      const shutdown = installShutdown({ host, log: () => {} });
      shutdown.add('database', async () => void order.push('database'));
      shutdown.add('wrangler', async () => void order.push('wrangler'));
      deliver(signal);
      expect(shutdown.signal.aborted).toBe(true);
      await exitedOnce;
      expect(order).toEqual(['wrangler', 'database']);
      expect(exits).toEqual([0]);
    });
  }

  it('lets a second signal change nothing: every step still runs to its end', async () => {
    const { host, deliver, exits, exitedOnce } = fakeHost();
    const lines: string[] = [];
    let clock = 0;
    const shutdown = installShutdown({ host, log: (line) => lines.push(line), now: () => clock });
    const slow = gate();
    const forced: string[] = [];
    const done: string[] = [];
    shutdown.add('database', async () => void done.push('database'));
    shutdown.add(
      'wrangler dev',
      async () => {
        await slow.opened;
        done.push('wrangler dev');
      },
      () => forced.push('wrangler dev'),
    );
    deliver('SIGINT');
    await tick();
    clock += 1000;
    deliver('SIGINT');
    expect(lines.at(-1)).toMatch(/still stopping \(wrangler dev\); a third signal forces it/);
    expect(exits).toEqual([]);
    slow.open();
    await exitedOnce;
    expect(done).toEqual(['wrangler dev', 'database']);
    expect(forced).toEqual([]);
    expect(exits).toEqual([0]);
  });

  it('forces on the third signal: every force runs and the exit is 1, at once', async () => {
    const { host, deliver, exits } = fakeHost();
    let clock = 0;
    const shutdown = installShutdown({ host, log: () => {}, now: () => clock });
    const forced: string[] = [];
    shutdown.add('database', () => new Promise(() => {}));
    shutdown.add(
      'wrangler dev',
      () => new Promise(() => {}),
      () => forced.push('wrangler dev'),
    );
    deliver('SIGTERM');
    clock += 1000;
    deliver('SIGINT');
    clock += 1000;
    expect(exits).toEqual([]);
    deliver('SIGTERM');
    expect(forced).toEqual(['wrangler dev']);
    expect(exits).toEqual([1]);
  });

  it('counts the same signal delivered twice at once (directly and relayed) as one', async () => {
    const { host, deliver, exits } = fakeHost();
    let clock = 0;
    const lines: string[] = [];
    const shutdown = installShutdown({ host, log: (line) => lines.push(line), now: () => clock });
    const forced: string[] = [];
    shutdown.add(
      'wrangler dev',
      () => new Promise(() => {}),
      () => forced.push('forced'),
    );
    for (let i = 0; i < 3; i++) {
      deliver('SIGINT');
      clock += 20;
      deliver('SIGINT'); // the echo of the same Ctrl+C
      clock += 1000;
    }
    expect(lines.filter((line) => /still stopping/.test(line))).toHaveLength(1);
    expect(forced).toEqual(['forced']);
    expect(exits).toEqual([1]);
  });

  it('runs a step added while stopping, and waits for the startup under way first', async () => {
    const { host, deliver, exitedOnce } = fakeHost();
    const shutdown = installShutdown({ host, log: () => {} });
    const order: string[] = [];
    const startup = gate();
    shutdown.settle(
      (async () => {
        await startup.opened;
        order.push('startup settled');
        shutdown.add('late step', async () => void order.push('late step'));
      })(),
    );
    shutdown.add('database', async () => void order.push('database'));
    deliver('SIGTERM');
    await tick();
    expect(order).toEqual([]);
    startup.open();
    await exitedOnce;
    expect(order).toEqual(['startup settled', 'late step', 'database']);
  });

  it('goes on past a step that fails or hangs (forcing the hung one)', async () => {
    const { host, deliver, exits, exitedOnce } = fakeHost();
    const lines: string[] = [];
    const shutdown = installShutdown({
      host,
      log: (line) => lines.push(line),
      stepTimeoutMs: 50,
    });
    const order: string[] = [];
    shutdown.add('database', async () => void order.push('database'));
    shutdown.add(
      'hangs',
      () => new Promise(() => {}),
      () => order.push('hangs forced'),
    );
    shutdown.add('fails', async () => {
      throw new Error('port already closed');
    });
    deliver('SIGHUP');
    await exitedOnce;
    expect(order).toEqual(['hangs forced', 'database']);
    expect(lines).toContainEqual('  fails: port already closed');
    expect(lines).toContainEqual('  hangs: not stopped after 0.05 s; going on.');
    expect(exits).toEqual([0]);
  });

  it('stop() does what the first signal does, with the exit code given', async () => {
    const { host, exits, exitedOnce } = fakeHost();
    const shutdown = installShutdown({ host, log: () => {} });
    const order: string[] = [];
    shutdown.add('database', async () => void order.push('database'));
    void shutdown.stop('the start failed', 1);
    await exitedOnce;
    expect(order).toEqual(['database']);
    expect(exits).toEqual([1]);
  });
});
