import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommandInteraction } from '../../../scripts/dev/discord-keys.ts';
import {
  GUILD,
  type Harness,
  startHarness,
  typedOptions,
  UNLIMITED,
} from '../../../test/unit/permissions-harness.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { openPglite } from '../../db/pglite.ts';
import { rowsOf } from '../../db/rows.ts';
import { checkBearer } from '../../ingest/bearer.ts';
import { tokenHash } from '../../ingest/tokens.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const OWNER = '1300000000000000100';

let handle: DatabaseHandle;
let harness: Harness;

beforeAll(async () => {
  handle = await openPglite();
  harness = await startHarness(handle.db, {
    owners: [OWNER],
    limits: UNLIMITED,
    now: NOW,
    guilds: [GUILD],
  });
});
afterAll(async () => {
  await harness?.close();
  await handle?.close();
});

async function run(path: string, values: Record<string, string> = {}) {
  const body = (await harness.post(
    slashCommandInteraction(
      'admin',
      typedOptions({ subcommand: path.split(' '), options: [] }, values),
      { userId: OWNER },
    ),
  )) as unknown as {
    data: {
      content?: string;
      flags?: number;
      embeds?: { fields?: { name: string; value: string }[] }[];
    };
  };
  await harness.settled();
  return body.data;
}

describe('/admin servers token', () => {
  it('makes a token shown once to the admin alone, registering the server; only its hash is stored', async () => {
    const made = await run('servers token', { server: 'gather' });
    expect(made.flags).toBe(64);
    expect(made.content).toMatch(/^Registered \*\*gather\*\* \(clock in UTC;/);
    const token = /STATS_API_TOKEN=(etsl_\S{43})\n/.exec(made.content ?? '')?.[1] as string;
    expect(token).toBeDefined();
    const [row] = await rowsOf<{ token_hash: string }>(
      handle.db,
      sql`select token_hash from server_tokens`,
    );
    expect(row?.token_hash).toBe(await tokenHash(token));
    expect((await checkBearer(handle.db, `Bearer ${token}`, NOW)).ok).toBe(true);
  });

  it('revokes all of a server’s tokens; their uses are refused and counted in /admin status', async () => {
    const made = await run('servers token', { server: 'gather' });
    const token = /STATS_API_TOKEN=(etsl_\S{43})\n/.exec(made.content ?? '')?.[1] as string;
    expect((await run('servers token', { server: 'gather', revoke: 'all' })).content).toMatch(
      /^Revoked `etsl_\S{6}…`, `etsl_\S{6}…` of \*\*gather\*\*: requests with them are refused \(401\)/,
    );
    expect(await checkBearer(handle.db, `Bearer ${token}`, NOW)).toMatchObject({
      ok: false,
      status: 401,
    });
    await checkBearer(handle.db, 'Bearer made-up', NOW);
    const status = await run('status');
    const field = status.embeds?.[0]?.fields?.find(
      (f) => f.name === 'Refused stats.lua tokens (24 h)',
    );
    expect(field?.value).toMatch(/^1 use of a revoked token, 1 unknown token \(any community\)/);
  });

  it('says why nothing was revoked', async () => {
    expect((await run('servers token', { server: 'nowhere', revoke: 'all' })).content).toBe(
      'Nothing revoked: no server named "nowhere".',
    );
  });
});
