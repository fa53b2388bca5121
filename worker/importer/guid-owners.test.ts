// Two people whose full GUIDs share their first 8 characters, on one community's stats.lua server: the
// one seen first owns the 8 (round files, which carry only those, count for it), the other keeps its 32.
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { canonicalDump, withoutIds } from '../../test/support/canonical-dump.ts';
import { guidCollision } from '../../test/support/guid-collision.ts';
import { nodeApp } from '../../test/support/node-app.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { setServerTimeZone } from '../jobs/server-time-zone.ts';
import { shuffled } from '../../test/support/shuffle.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from './import-file.ts';
import { rebuildFromRawFiles } from './rebuild.ts';
import { adminStatusMessage } from '../commands/admin/status.ts';
import { sharedGuidPrefixes } from '../queries/guid-prefixes.ts';
import { adminStatus } from '../queries/status.ts';

const settings = { sessionGapMinutes: 60 };
const { corpus, X, Y, PREFIX, files, late, matchOf, xRounds, yRounds } = guidCollision();

const open: DatabaseHandle[] = [];
afterAll(() => Promise.all(open.map((h) => h.close())));

async function database() {
  const handle = await openPglite();
  open.push(handle);
  const servers = await handle.db
    .insert(gameServers)
    .values([
      { communityId: 1, name: 'gather' },
      { communityId: 1, name: 'pub' },
    ])
    .returning();
  return { handle, lua: servers[0]?.id as number, pub: servers[1]?.id as number };
}

async function importInto(
  db: DatabaseHandle['db'],
  serverId: number,
  upload: readonly { name: string; bytes: Uint8Array }[],
) {
  for (const file of upload) {
    const outcome = await importStatsFile(
      db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      settings,
    );
    if (outcome.status !== 'imported') throw new Error(`${file.name}: ${JSON.stringify(outcome)}`);
  }
}

/** Every derived row, with who owns which prefix. */
const dump = async (db: DatabaseHandle['db']) => ({
  ...withoutIds(await canonicalDump(db)),
  claims: await rowsOf(
    db,
    sql`select f.file_name, g.guid, g.prefix, g.ended_at from stats_lua_guids g join stats_files f on f.id = g.file_id
      order by f.file_name, g.guid`,
  ),
});

/** How many of the player's rows each GUID holds, and the names they go by. */
async function filing(db: DatabaseHandle['db']) {
  const rows = await rowsOf<{ guid: string; rounds: number; names: string }>(
    db,
    sql`select pr.guid, count(*)::int as rounds, string_agg(distinct pr.name, ',') as names from player_rounds pr
      where pr.guid in (${PREFIX}, ${X}, ${Y}) group by pr.guid order by pr.guid`,
  );
  return Object.fromEntries(rows.map((r) => [r.guid, { rounds: r.rounds, names: r.names }]));
}

describe('who owns a GUID prefix in a community', () => {
  let inOrder: Awaited<ReturnType<typeof dump>>;
  let inOrderDb: DatabaseHandle['db'];

  it('the full GUID seen first owns the prefix; a later, different one keeps its 32 characters', async () => {
    expect(xRounds.length).toBeGreaterThan(2);
    expect(yRounds.length).toBeGreaterThan(2);
    const { handle, lua } = await database();
    await importInto(handle.db, lua, files);
    const filed = await filing(handle.db);
    expect(Object.keys(filed)).toEqual([PREFIX, Y].sort());
    expect(filed[Y]?.names).toBe('Impostor');
    expect(filed[PREFIX]?.names).not.toContain('Impostor');
    const names = await rowsOf<{ guid: string; name: string }>(
      handle.db,
      sql`select guid, name from player_aliases where guid in (${PREFIX}, ${Y}) order by guid, name`,
    );
    expect(names.filter((n) => n.guid === Y).map((n) => n.name)).toEqual(['Impostor']);
    expect(names.some((n) => n.guid === PREFIX && n.name === 'Impostor')).toBe(false);
    inOrder = await dump(handle.db);
    inOrderDb = handle.db;
    // An admin sees the shared prefix, who keeps it, and who is kept apart.
    const shared = await sharedGuidPrefixes(handle.db, 1);
    expect(shared).toEqual({ total: 1, shared: [{ prefix: PREFIX, owner: X, others: [Y] }] });
    const now = new Date();
    const status = adminStatusMessage(
      await adminStatus(handle.db, 1, () => Date.now(), now),
      now,
      undefined,
      shared,
    );
    const field = status.embeds?.[0]?.fields?.find((f) =>
      f.name.startsWith('GUID prefixes shared'),
    );
    expect(field?.value).toBe(
      `\`${PREFIX}\`: \`${X}\` (seen first) is \`${PREFIX}\`; \`${Y}\` kept apart under the full GUID`,
    );
  }, 120_000);

  it('gives the player kept apart a page of its own, linked by the full GUID', async () => {
    const { app } = nodeApp(inOrderDb);
    const apart = await app.request(`/players/${Y}`);
    expect(apart.status).toBe(200);
    const page = await apart.text();
    expect(page).toContain('Impostor');
    expect(page).toContain(`<code>${Y}</code>`);
    const owner = await (await app.request(`/players/${PREFIX}`)).text();
    expect(owner).not.toContain('Impostor');
    const list = await (await app.request(`/players?search=${PREFIX}`)).text();
    expect(list).toContain(`players/${Y}"`);
    expect(list).toContain(`players/${PREFIX}"`);
    const api = await app.request(`/api/players/${Y}`);
    expect(((await api.json()) as { guid: string }).guid).toBe(Y);
  });

  it('files round files (8 characters) and the owner as one player, the other apart', async () => {
    const { handle, lua, pub } = await database();
    await importInto(handle.db, lua, files);
    const roundFiles = corpus.files.filter((f) => /-round-[12]\.txt$/.test(f.name));
    for (const f of roundFiles)
      await importStatsFile(
        handle.db,
        { serverId: pub, fileName: f.name, bytes: f.bytes, receivedAt: new Date(0) },
        settings,
      );
    const servers = await rowsOf<{ guid: string; server_id: number }>(
      handle.db,
      sql`select distinct pr.guid, r.server_id from player_rounds pr join rounds r on r.id = pr.round_id
        where pr.guid in (${PREFIX}, ${X}, ${Y}) order by pr.guid, r.server_id`,
    );
    expect(servers).toEqual([
      { guid: PREFIX, server_id: lua },
      { guid: PREFIX, server_id: pub },
      { guid: Y, server_id: lua },
    ]);
  }, 120_000);

  it('gives the same rows whatever order the rounds arrive in: a late earlier round re-files the rest', async () => {
    const { handle, lua } = await database();
    const newestFirst = [...files].reverse();
    // The other person's rounds first: it owns the prefix until the earlier owner's rounds arrive.
    await importInto(
      handle.db,
      lua,
      newestFirst.filter((f) => late.has(matchOf(f.name))),
    );
    expect(Object.keys(await filing(handle.db))).toEqual([PREFIX]);
    await importInto(
      handle.db,
      lua,
      newestFirst.filter((f) => !late.has(matchOf(f.name))),
    );
    expect(Object.keys(await filing(handle.db))).toEqual([PREFIX, Y]);
    expect(await dump(handle.db)).toEqual(inOrder);

    const other = await database();
    await importInto(other.handle.db, other.lua, shuffled(files, 7));
    expect(await dump(other.handle.db)).toEqual(inOrder);
  }, 240_000);

  it('rebuild derives the owners and rows again from the raw JSON', async () => {
    const { handle, lua } = await database();
    await importInto(handle.db, lua, [...files].reverse());
    await handle.db.execute(
      sql`update stats_lua_guids set ended_at = 'epoch'::timestamptz where guid = ${Y}`,
    );
    await rebuildFromRawFiles(handle.db, settings);
    expect(await dump(handle.db)).toEqual(inOrder);
  }, 240_000);

  it('keeps the names apart when the server’s clock zone changes (stats.lua rounds stay where they were)', async () => {
    const { handle, lua } = await database();
    await importInto(handle.db, lua, files);
    const names = () =>
      rowsOf(
        handle.db,
        sql`select p.guid, p.name, p.first_seen_at, p.last_seen_at, a.name_raw, a.rounds from players p
          join player_aliases a using (guid) where p.guid in (${PREFIX}, ${Y}) order by p.guid, a.name_raw`,
      );
    const before = await names();
    const changed = await setServerTimeZone(
      handle.db,
      { communityId: 1, server: 'gather', zone: 'Europe/Berlin', now: new Date() },
      { sessionGapMinutes: 60, seasons: QUARTERS },
    );
    expect(changed.ok).toBe(true);
    expect(await names()).toEqual(before);
  }, 120_000);

  it('counts a session’s players again when a late earlier round splits a prefix its round files shared', async () => {
    // The evening's early matches as round files (their 8 characters are X's) beside Y's payloads: one
    // player while Y owns the prefix, two once a payload of X's from the day before arrives.
    const early = corpus.files.filter(
      (f) =>
        /-round-[12]\.txt$/.test(f.name) &&
        xRounds.some((x) => x.name.includes(f.name.replace(/-round-[12]\.txt$/, ''))),
    );
    const first = xRounds[0] as { name: string; bytes: Uint8Array };
    const payload = JSON.parse(new TextDecoder().decode(first.bytes));
    payload.round_info.round_start_unix -= 86_400;
    payload.round_info.round_end_unix -= 86_400;
    const day = /-(\d{4}-\d{2}-\d{2})-/.exec(first.name)?.[1] as string;
    const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const backfill = {
      name: first.name.replace(`-${day}-`, `-${before}-`),
      bytes: new TextEncoder().encode(JSON.stringify(payload)),
    };
    const evening = [...files.filter((f) => late.has(matchOf(f.name))), ...early];
    expect(early.length).toBeGreaterThan(0);
    const sessions = async (db: DatabaseHandle['db']) =>
      rowsOf(db, sql`select started_at, player_count from gaming_sessions order by started_at`);
    const put = async (
      db: DatabaseHandle['db'],
      serverId: number,
      list: readonly { name: string; bytes: Uint8Array }[],
    ) => {
      for (const f of list)
        await importStatsFile(
          db,
          { serverId, fileName: f.name, bytes: f.bytes, receivedAt: new Date(0) },
          settings,
        );
    };
    const ordered = await database();
    await put(ordered.handle.db, ordered.lua, [backfill, ...evening]);
    const backfilled = await database();
    await put(backfilled.handle.db, backfilled.lua, evening);
    const sharing = await sessions(backfilled.handle.db);
    await put(backfilled.handle.db, backfilled.lua, [backfill]);
    const split = await sessions(ordered.handle.db);
    expect(split).toHaveLength(2);
    expect((split[1] as { player_count: number }).player_count).toBe(
      (sharing[0] as { player_count: number }).player_count + 1,
    );
    expect(await sessions(backfilled.handle.db)).toEqual(split);
    expect(withoutIds(await canonicalDump(backfilled.handle.db))).toEqual(
      withoutIds(await canonicalDump(ordered.handle.db)),
    );
  }, 240_000);
});
