// `npm run server -- <command>`: registers the game servers allowed to push files (their agents' public keys).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Database } from '../worker/db/database.ts';
import { QUARTERS } from '../stats/seasons.ts';
import { generateKeyPair } from '../ingest-protocol/keys.ts';
import { fromBase64 } from '../ingest-protocol/protocol.ts';
import { addServer, addServerKey, listServers, revokeKeys } from '../worker/ingest/registry.ts';
import { addServerToken, revokeServerTokens, tokensOf } from '../worker/ingest/tokens.ts';
import { setServerTimeZone } from '../worker/jobs/server-time-zone.ts';
import type { RecomputeSettings } from '../worker/recompute/index.ts';
import { communityBySlug } from '../worker/queries/communities.ts';
import { openScriptDatabase } from './lib/open-database.ts';
import { readScriptSettingsOrExit } from './lib/settings.ts';

export const USAGE = `npm run server -- <command>

  add --name <name> --public-key <key> [--time-zone <IANA zone>]
      Registers a game server with the public key its agent printed (\`etstats-agent init\`).
      The time zone is the game server clock's (file names carry none); default UTC.
  set-time-zone <name> <IANA zone>
      Sets the zone of a server's clock and re-times its rounds: their times, pairs and sessions
      are re-derived from the file names in the new zone, then leaderboards are recomputed.
  add-key --name <name> --public-key <key>
      Adds a second key to a server (key rotation); revoke the old one once the agent signs with both.
  list
      Servers and their keys.
  revoke --public-key <key> | --name <name>
      Refuses uploads signed with that key (or with any key of that server) from now on.
  add-token <name> [--time-zone <IANA zone>]
      A bearer token for a server running stats.lua (STATS_API_TOKEN), registering the server when
      it is new. Shown once: only its hash is kept. Two tokens can be valid at once (rotation).
  revoke-token <name> [--prefix <etsl_…>]
      Refuses that token (the prefix \`list\` shows), or every token of the server, from now on.

  command-key [--private-key <base64>]
      A new key pair for signing server commands: the private key is the Worker's AGENT_COMMAND_KEY
      secret, the public key goes to every agent (\`etstats-agent init --command-key\`). With
      --private-key, prints the public key of that one.

Every command works on one community's servers: --community <slug> (default: default).
Uses DATABASE_URL when set, else the local database.`;

/** Runs one command against `db`; returns the exit code. */
export async function runServerCommand(
  argv: readonly string[],
  db: Database,
  out: (text: string) => void,
  now: () => Date,
  settings: RecomputeSettings = { sessionGapMinutes: 60, seasons: QUARTERS },
): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  } catch (error) {
    out(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const need = (...names: (keyof typeof values)[]) => {
    const missing = names.filter((n) => !values[n]);
    if (missing.length > 0)
      out(`${positionals[0]} needs ${missing.map((n) => `--${n}`).join(' and ')}\n\n${USAGE}\n`);
    return missing.length === 0;
  };
  if (positionals[0] === 'command-key') return commandKey(values['private-key'], out);
  const slug = values.community ?? 'default';
  const community = await communityBySlug(db, slug);
  if (!community) {
    out(`error: no community "${slug}" (npm run community -- list)\n`);
    return 1;
  }
  const communityId = community.id;
  const report = (
    result: { ok: true; value: unknown } | { ok: false; reason: string },
    success: string,
  ) => {
    out(result.ok ? `${success}\n` : `error: ${result.reason}\n`);
    return result.ok ? 0 : 1;
  };
  switch (positionals[0]) {
    case 'add': {
      if (!need('name', 'public-key')) return 2;
      const input = {
        communityId,
        name: values.name as string,
        publicKey: values['public-key'] as string,
        timeZone: values['time-zone'],
        timeZoneOption: '--time-zone',
      };
      const result = await addServer(db, input);
      return report(
        result,
        result.ok
          ? `registered server "${result.value.name}" (id ${result.value.id}, clock ${result.value.timeZone}); its agent can push now`
          : '',
      );
    }
    case 'set-time-zone': {
      const [name, zone] = positionals.slice(1);
      if (name === undefined || zone === undefined || positionals.length > 3) {
        out(`set-time-zone needs a server name and a zone, e.g. Europe/Berlin\n\n${USAGE}\n`);
        return 2;
      }
      const changed = await setServerTimeZone(
        db,
        { communityId, server: name, zone, option: 'the zone', now: now() },
        settings,
      );
      if (!changed.ok) {
        out(`error: ${changed.reason}\n`);
        return 1;
      }
      out(
        changed.from === changed.to
          ? `"${changed.server}" keeps its clock in ${changed.to} already; nothing changed\n`
          : `"${changed.server}" keeps its clock in ${changed.to} now (was ${changed.from}): ` +
              `${changed.movedRounds} of ${changed.rounds} rounds re-timed; pairs, sessions and leaderboards re-derived\n`,
      );
      return 0;
    }
    case 'add-key': {
      if (!need('name', 'public-key')) return 2;
      const result = await addServerKey(db, {
        communityId,
        name: values.name as string,
        publicKey: values['public-key'] as string,
      });
      return report(result, `added a key to "${values.name}"`);
    }
    case 'list': {
      const servers = await listServers(db, communityId);
      if (servers.length === 0) out('no game servers registered yet\n');
      const tokens = await tokensOf(
        db,
        servers.map((s) => s.id),
      );
      for (const s of servers) {
        out(`${s.name} (id ${s.id}, clock ${s.timeZone}, since ${s.createdAt.toISOString()})\n`);
        for (const k of s.keys)
          out(
            `  ${k.publicKey}  ${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}\n`,
          );
        for (const t of tokens.get(s.id) ?? [])
          out(
            `  token ${t.prefix}…  ${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active'}${t.lastUsedAt ? `, last used ${t.lastUsedAt.toISOString()}` : ''}\n`,
          );
      }
      return 0;
    }
    case 'add-token': {
      const name = positionals[1];
      if (name === undefined || positionals.length > 2) {
        out(`add-token needs the server's name\n\n${USAGE}\n`);
        return 2;
      }
      const made = await addServerToken(db, {
        communityId,
        name,
        timeZone: values['time-zone'],
        timeZoneOption: '--time-zone',
      });
      if (!made.ok) {
        out(`error: ${made.reason}\n`);
        return 1;
      }
      const { server, token, created } = made.value;
      out(
        `${created ? `registered server "${server.name}" (id ${server.id}, clock ${server.timeZone}); ` : ''}` +
          `a token for "${server.name}", shown this once (only its hash is kept):\n\n  ${token}\n\n` +
          'On the game server (stats.lua) set:\n' +
          `  STATS_API_TOKEN=${token}\n` +
          '  STATS_API_URL_SUBMIT=https://<your worker>/ingest/stats-lua\n' +
          '  STATS_API_URL_MATCHID=https://<your worker>/ingest/stats-lua/matchid\n',
      );
      return 0;
    }
    case 'revoke-token': {
      const name = positionals[1];
      if (name === undefined || positionals.length > 2) {
        out(`revoke-token needs the server's name\n\n${USAGE}\n`);
        return 2;
      }
      const result = await revokeServerTokens(db, {
        communityId,
        name,
        prefix: values.prefix,
        now: now(),
      });
      return report(
        result,
        result.ok
          ? `revoked token(s) ${result.value.revoked.join(', ')} of "${result.value.server}"; requests with them get 401 from now on`
          : '',
      );
    }
    case 'revoke': {
      if (!values['public-key'] && !values.name) {
        out(`revoke needs --public-key or --name\n\n${USAGE}\n`);
        return 2;
      }
      const result = await revokeKeys(db, {
        communityId,
        publicKey: values['public-key'],
        name: values['public-key'] ? undefined : values.name,
        now: now(),
      });
      return report(
        result,
        result.ok
          ? `revoked ${result.value.revoked.length} key(s) of "${result.value.server}"`
          : '',
      );
    }
    default:
      out(`${positionals[0] ? `unknown command "${positionals[0]}"\n\n` : ''}${USAGE}\n`);
      return 2;
  }
}

/** `command-key`: a new pair, or the public half of the given private key. */
async function commandKey(privateKey: string | undefined, out: (text: string) => void) {
  if (privateKey === undefined) {
    const pair = await generateKeyPair();
    out(
      `AGENT_COMMAND_KEY (the Worker's secret: wrangler secret put AGENT_COMMAND_KEY):\n${pair.privateKey}\n\n` +
        `Public key, for each agent (etstats-agent init --command-key, or "control.workerPublicKey"):\n${pair.publicKey}\n`,
    );
    return 0;
  }
  try {
    const pkcs8 = fromBase64(privateKey.trim());
    if (!pkcs8) throw new Error('not base64');
    const key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
    const jwk = await crypto.subtle.exportKey('jwk', key);
    out(`${Buffer.from(jwk.x ?? '', 'base64url').toString('base64')}\n`);
    return 0;
  } catch (error) {
    out(
      `error: --private-key is not an Ed25519 private key (base64 PKCS#8): ${(error as Error).message}\n`,
    );
    return 1;
  }
}

const OPTIONS = {
  'private-key': { type: 'string' },
  name: { type: 'string' },
  'public-key': { type: 'string' },
  'time-zone': { type: 'string' },
  community: { type: 'string' },
  prefix: { type: 'string' },
} as const;

const COMMANDS = new Set([
  'command-key',
  'add',
  'set-time-zone',
  'add-key',
  'list',
  'revoke',
  'add-token',
  'revoke-token',
]);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!COMMANDS.has(process.argv[2] ?? '')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(2);
  }
  const settings = readScriptSettingsOrExit();
  const handle = await openScriptDatabase(settings.databaseUrl);
  try {
    process.exitCode = await runServerCommand(
      process.argv.slice(2),
      handle.db,
      (t) => process.stdout.write(t),
      () => new Date(),
      settings,
    );
  } finally {
    await handle.close();
  }
}
