/** `etstats-agent <command>`: argument parsing and output; the work is in agent.ts. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateKeyPair } from '../ingest-protocol/keys.ts';
import { machineTimeZone, ZONE_EXAMPLE } from '../stats/clock.ts';
import {
  type AgentDeps,
  type AgentStatus,
  acknowledgeProblems,
  agentStatus,
  backfill,
  runAgent,
} from './agent.ts';
import { type AgentConfig, CONFIG_DEFAULTS, loadAgentConfig, writeAgentConfig } from './config.ts';
import { parseControlConfig, parseLiveConfig } from './live-config.ts';
import { jsonLineLogger } from './log.ts';

export const USAGE = `etstats-agent: pushes ET:Legacy round stats files to etstats, signed.

  etstats-agent init --url <worker url> --gamestats <dir> [--spool <dir>] [--config <file>]
      [--status-port <game port> [--command-key <worker key> --maps <a,b,etl_*>]]
      Generates the key pair, writes the config (mode 0600) and prints the public key to register.
      --status-port turns on live status (getstatus on localhost); --command-key (the Worker's
      public key from \`npm run server -- command-key\`) turns on server control, with the RCON
      password read from $ETSTATS_RCON_PASSWORD (never from the command line).
  etstats-agent run [--config <file>]
      Follows the gamestats folder and uploads every complete round file and endstats companion
      (run it as a service). _ws.txt and other companions, and files not .txt, are skipped.
  etstats-agent backfill [--since YYYY-MM-DD] [--config <file>]
      Queues files written before the agent was installed or while it was stopped, and sends them.
  etstats-agent status [--json] [--config <file>]
      Pending uploads, files refused or quarantined (exit code 1), conflicting copies (a warning),
      and the last success.
  etstats-agent acknowledge [--config <file>]
      Marks what status lists as failed, quarantined or conflicting as seen: status stops listing it.

The config file defaults to $ETSTATS_AGENT_CONFIG, else ./etstats-agent.json.
The agent only reads the gamestats folder: it never changes, moves or deletes the game's files.`;

export interface CliIo {
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  readonly random: () => number;
  /** Aborted on SIGTERM/SIGINT. */
  readonly signal: AbortSignal;
  /** This machine's IANA time zone (default: the one Intl reports), printed for the registration. */
  readonly timeZone?: () => string | undefined;
}

const OPTIONS = {
  config: { type: 'string' },
  url: { type: 'string' },
  gamestats: { type: 'string' },
  spool: { type: 'string' },
  since: { type: 'string' },
  json: { type: 'boolean' },
  'status-port': { type: 'string' },
  'command-key': { type: 'string' },
  maps: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one command; returns the process exit code (0 ok, 1 failure, 2 usage or configuration error). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command] = positionals;
  if (values.help || !command) {
    io.stdout(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  const configPath = resolve(
    io.cwd,
    values.config ?? io.env.ETSTATS_AGENT_CONFIG ?? 'etstats-agent.json',
  );
  if (command === 'init') return init(configPath, values, io);

  const loaded = await loadAgentConfig(configPath);
  if (!loaded.ok) {
    io.stderr(`${loaded.reason}\n`);
    return 2;
  }
  const deps: AgentDeps = {
    config: loaded.config,
    fetch: io.fetch,
    now: io.now,
    random: io.random,
    log: jsonLineLogger(io.stdout, io.now),
  };
  switch (command) {
    case 'run': {
      const result = await runAgent(deps, io.signal);
      if (!result.ok) io.stderr(`${result.reason}\n`);
      return result.ok ? 0 : 1;
    }
    case 'backfill': {
      if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) {
        io.stderr('--since takes a date, YYYY-MM-DD\n');
        return 2;
      }
      const result = await backfill(deps, { since: values.since, signal: io.signal });
      const who =
        result.sentBy === 'this process'
          ? 'sent'
          : `queued; the running agent (pid ${result.sentBy}) sends them`;
      io.stderr(`backfill: ${result.queued} file(s) ${who}. See \`etstats-agent status\`.\n`);
      return 0;
    }
    case 'status': {
      const status = await agentStatus(loaded.config);
      io.stdout(values.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
      return statusExitCode(status);
    }
    case 'acknowledge': {
      const done = await acknowledgeProblems(loaded.config, io.now());
      for (const item of done) io.stdout(`acknowledged (${item.what}): ${item.file}\n`);
      io.stdout(`${done.length} file(s) acknowledged.\n`);
      return 0;
    }
    default:
      io.stderr(`unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

/** The `live` and `control` sections `init` writes, or why it cannot. */
function liveSections(
  values: { 'status-port'?: string; 'command-key'?: string; maps?: string },
  env: CliIo['env'],
): { ok: true; sections: Partial<AgentConfig> } | { ok: false; reason: string } {
  if (values['status-port'] === undefined) {
    return values['command-key'] === undefined
      ? { ok: true, sections: {} }
      : { ok: false, reason: '--command-key needs --status-port (RCON goes to the game port)' };
  }
  const live = parseLiveConfig({ port: Number(values['status-port']) });
  if (!live.ok) return { ok: false, reason: `--status-port: ${live.reason}` };
  if (values['command-key'] === undefined) return { ok: true, sections: { live: live.value } };
  const control = parseControlConfig({
    workerPublicKey: values['command-key'],
    rconPassword: env.ETSTATS_RCON_PASSWORD ?? '',
    maps: (values.maps ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean),
  });
  if (!control.ok)
    return {
      ok: false,
      reason: `${control.reason}${env.ETSTATS_RCON_PASSWORD ? '' : ' (set ETSTATS_RCON_PASSWORD for init)'}`,
    };
  return { ok: true, sections: { live: live.value, control: control.value } };
}

async function init(
  configPath: string,
  values: {
    url?: string;
    gamestats?: string;
    spool?: string;
    'status-port'?: string;
    'command-key'?: string;
    maps?: string;
  },
  io: CliIo,
): Promise<number> {
  if (existsSync(configPath)) {
    io.stderr(
      `${configPath} already exists and holds this server's key; move it away first to start over.\n`,
    );
    return 2;
  }
  if (!values.url || !values.gamestats) {
    io.stderr(`init needs --url and --gamestats\n\n${USAGE}\n`);
    return 2;
  }
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    io.stderr(`--url "${values.url}" is not a URL\n`);
    return 2;
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/ingest';
  const sections = liveSections(values, io.env);
  if (!sections.ok) {
    io.stderr(`${sections.reason}\n`);
    return 2;
  }
  const gamestatsDir = resolve(io.cwd, values.gamestats);
  if (!existsSync(gamestatsDir))
    io.stderr(`warning: ${gamestatsDir} does not exist (yet); the agent waits for it.\n`);
  const keys = await generateKeyPair();
  const config: AgentConfig = {
    url: url.toString(),
    gamestatsDir,
    spoolDir: resolve(io.cwd, values.spool ?? join(dirname(configPath), 'etstats-spool')),
    since: io.now().toISOString(),
    keys: [keys],
    ...CONFIG_DEFAULTS,
    ...sections.sections,
  };
  await mkdir(dirname(configPath), { recursive: true });
  await writeAgentConfig(configPath, config);
  // The game names its files by this machine's wall clock, so etstats must know the zone it keeps.
  const zone = (io.timeZone ?? machineTimeZone)();
  io.stdout(
    `Wrote ${configPath} (keep it private: it holds the signing key).\n\n` +
      `Public key: ${keys.publicKey}\n\n` +
      `Register it with etstats (on the machine that has DATABASE_URL):\n` +
      `  npm run server -- add --name <this server's name> --public-key ${keys.publicKey} ` +
      `--time-zone ${zone ?? `<the game server's IANA zone, e.g. ${ZONE_EXAMPLE}>`}\n` +
      (zone
        ? `(${zone} is this machine's time zone: the game writes stats file names in its clock. If the game runs with another TZ, give that one.)\n\n`
        : `(This machine reports no IANA time zone: give the zone of the clock the game writes stats file names in.)\n\n`) +
      `Then start the agent (\`etstats-agent run\`, or the systemd unit), and send older files with \`etstats-agent backfill\`.\n`,
  );
  return 0;
}

/**
 * `status`'s exit code: 1 when a file failed for good (refused by the Worker, or its last delivery kept
 * in quarantine) and was not acknowledged; else 0, conflicting copies (warnings) and pending retries
 * included.
 */
export function statusExitCode(status: AgentStatus): number {
  return status.failed.length > 0 || status.quarantined.length > 0 ? 1 : 0;
}

export function formatStatus(status: AgentStatus): string {
  const lines = [
    `agent: ${status.runningPid ? `running (pid ${status.runningPid})` : 'not running'}`,
    `last success: ${status.lastSuccess ? `${status.lastSuccess.file} (${status.lastSuccess.status}) at ${status.lastSuccess.at}` : 'none yet'}`,
    `delivered: ${status.delivered}`,
    `pending: ${status.pending.length}`,
    ...status.pending.map(
      (p) =>
        `  ${p.file}  attempts ${p.attempts}${p.nextAttemptAt ? `, next ${p.nextAttemptAt}` : ''}${p.lastError ? `, last error: ${p.lastError}` : ''}`,
    ),
    `failed: ${status.failed.length}`,
    ...status.failed.map((f) => `  ${f.file}  refused at ${f.failedAt}: ${f.reason}`),
    `quarantined: ${status.quarantined.length}`,
    ...status.quarantined.map((q) => `  ${q.file}  at ${q.at}: ${q.reason}`),
    `conflicts: ${status.conflicts.length}${status.conflicts.length > 0 ? ' (warning)' : ''}`,
    ...status.conflicts.map((c) => `  ${c.file}  at ${c.at}: ${c.reason}`),
  ];
  if (status.acknowledged > 0) lines.push(`acknowledged: ${status.acknowledged} (not listed)`);
  if (statusExitCode(status) !== 0)
    lines.push(
      'Files above failed for good. Once dealt with, `etstats-agent acknowledge` stops listing them.',
    );
  return `${lines.join('\n')}\n`;
}
