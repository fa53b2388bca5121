import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../worker/db/database.ts';
import { openPglite } from '../worker/db/pglite.ts';
import { rowsOf } from '../worker/db/rows.ts';
import { tokenHash } from '../worker/ingest/tokens.ts';
import { runServerCommand } from './server.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
});
afterAll(() => handle.close());

async function server(...argv: string[]) {
  let out = '';
  const code = await runServerCommand(
    argv,
    handle.db,
    (t) => {
      out += t;
    },
    () => new Date('2025-10-03T10:00:00Z'),
  );
  return { code, out };
}

describe('npm run server -- add-token / revoke-token', () => {
  it('registers a new stats.lua server, prints its token once and the two variables, keeps only the hash', async () => {
    const made = await server('add-token', 'Gather #1', '--time-zone', 'Europe/Berlin');
    expect(made.code).toBe(0);
    expect(made.out).toMatch(
      /^registered server "Gather #1" \(id \d+, clock Europe\/Berlin\); a token/,
    );
    const token = /STATS_API_TOKEN=(etsl_[A-Za-z0-9_-]{43})\n/.exec(made.out)?.[1] as string;
    expect(token).toBeDefined();
    expect(made.out).toContain('STATS_API_URL_SUBMIT=https://<your worker>/ingest/stats-lua\n');
    const rows = await rowsOf<{ token_hash: string; prefix: string }>(
      handle.db,
      sql`select token_hash, prefix from server_tokens`,
    );
    expect(rows).toEqual([{ token_hash: await tokenHash(token), prefix: token.slice(0, 11) }]);
  });

  it('a second token for rotation, a third refused; list shows prefixes; revoke-token one or all', async () => {
    const second = await server('add-token', 'Gather #1');
    expect(second.out).toMatch(/^a token for "Gather #1"/);
    expect(await server('add-token', 'Gather #1')).toEqual({
      code: 1,
      out: 'error: server "Gather #1" already has 2 valid tokens; revoke one first (`revoke-token`)\n',
    });
    const listed = (await server('list')).out;
    const prefixes = [...listed.matchAll(/token (etsl_\S{6})… {2}active/g)].map((m) => m[1]);
    expect(prefixes).toHaveLength(2);
    expect(await server('revoke-token', 'Gather #1', '--prefix', prefixes[0] as string)).toEqual({
      code: 0,
      out: `revoked token(s) ${prefixes[0]} of "Gather #1"; requests with them get 401 from now on\n`,
    });
    expect((await server('revoke-token', 'Gather #1')).out).toContain(
      `revoked token(s) ${prefixes[1]}`,
    );
    expect(await server('revoke-token', 'Gather #1')).toEqual({
      code: 1,
      out: 'error: server "Gather #1" has no valid token\n',
    });
    expect(await server('revoke-token', 'Nobody')).toEqual({
      code: 1,
      out: 'error: no server named "Nobody"\n',
    });
  });

  it('refuses a bad zone for a new server, naming the option', async () => {
    const bad = await server('add-token', 'Gather #2', '--time-zone', 'CEST');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/--time-zone/);
  });
});
