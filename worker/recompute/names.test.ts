// A player who plays in two communities under two names is shown in each by the name of their latest
// round there: community A never shows the name they used only in B, though it is their latest overall.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGameServer } from '../../scripts/lib/import-folder.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { addCommunity } from '../../test/support/community.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { derivedDump } from '../../test/support/derived-dump.ts';
import { MIGRATIONS_FOLDER } from '../db/migrate.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { findPlayers } from '../queries/links.ts';
import { playerProfile } from '../queries/players.ts';
import { recomputeAfterImport, recomputeAll } from './index.ts';
import { leaderboard } from './read.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const settings = { sessionGapMinutes: 60, seasons: QUARTERS };
const files = corpusFiles()
  .filter((f) => /-round-[12]\.txt$/.test(f.name))
  .sort((a, b) => (a.name < b.name ? -1 : 1));
const text = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);
const guidsOf = (bytes: Uint8Array) =>
  new Set([...text(bytes).matchAll(/^([0-9A-F]{8})\\/gm)].map((m) => m[1] as string));

// Three stopwatch maps for A, the next two for B, then one more for A: played in that order.
const [forA, forB, laterA] = [files.slice(0, 6), files.slice(6, 10), files.slice(10, 12)];
const GUID = [...guidsOf(forA[0]?.bytes as Uint8Array)].find((g) =>
  [...forA, ...forB, ...laterA].every((f) => guidsOf(f.bytes).has(g)),
) as string;

/** The file with the player's name replaced by `name`. */
function renamed(file: { name: string; bytes: Uint8Array }, name: string) {
  const changed = text(file.bytes).replace(
    new RegExp(`^${GUID}\\\\[^\\\\]*\\\\`, 'm'),
    `${GUID}\\${name}\\`,
  );
  return { name: file.name, bytes: Uint8Array.from(changed, (c) => c.charCodeAt(0)) };
}

let handle: PgliteHandle;
let a: number;
let b: number;
let serverA: number;

const store = async (serverId: number, file: { name: string; bytes: Uint8Array }) => {
  const outcome = await importStatsFile(
    handle.db,
    { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
    settings,
  );
  if (outcome.status !== 'imported') throw new Error(`${file.name}: ${outcome.status}`);
  return outcome.roundId;
};

/** What community `communityId` shows the player as, in its player page, leaderboard and search. */
async function shownIn(communityId: number) {
  const profile = await playerProfile(handle.db, communityId, GUID);
  const board = await leaderboard(handle.db, communityId, 'kills', 'all', { limit: 100 });
  const found = await findPlayers(handle.db, communityId, GUID);
  return {
    profile: profile?.name,
    board: board.rows.find((r) => r.guid === GUID)?.name,
    search: found.find((p) => p.guid === GUID)?.name,
  };
}

beforeAll(async () => {
  expect(GUID).toMatch(/^[0-9A-F]{8}$/);
  handle = await openPglite();
  a = 1;
  b = await addCommunity(handle.db, 'bravo', 'Bravo');
  serverA = await ensureGameServer(handle.db, { communityId: a, name: 'alpha #1' });
  const serverB = await ensureGameServer(handle.db, { communityId: b, name: 'bravo #1' });
  for (const file of forA) await store(serverA, renamed(file, '^1Al^7ice'));
  for (const file of forB) await store(serverB, renamed(file, 'Secret'));
  await recomputeAll(handle.db, settings, NOW);
}, 120_000);
afterAll(() => handle?.close());

describe("a player's name in each community", () => {
  it('is the name of their latest round there, not their latest anywhere', async () => {
    const [global] = await rowsOf<{ name: string }>(
      handle.db,
      sql`select name from players where guid = ${GUID}`,
    );
    expect(global?.name).toBe('Secret');
    expect(await shownIn(a)).toEqual({ profile: 'Alice', board: 'Alice', search: 'Alice' });
    expect(await shownIn(b)).toEqual({ profile: 'Secret', board: 'Secret', search: 'Secret' });
    // Its name as written, and when it played there first and last: A's rounds only.
    const [span] = await rowsOf<{ first: string; last: string }>(
      handle.db,
      sql`select ${isoTime('min(r.ended_at)')} as first, ${isoTime('max(r.ended_at)')} as last
      from player_rounds pr join rounds r on r.id = pr.round_id where pr.guid = ${GUID} and r.server_id = ${serverA}`,
    );
    const profile = await playerProfile(handle.db, a, GUID);
    expect(profile).toMatchObject({
      name_raw: '^1Al^7ice',
      first_seen_at: span?.first,
      last_seen_at: span?.last,
    });
    expect(global?.name).toBe('Secret');
  });

  it('follows a new round after the recompute that follows its import, as the full recompute does', async () => {
    for (const file of laterA) {
      const roundId = await store(serverA, renamed(file, 'Alice2'));
      await recomputeAfterImport(handle.db, { roundId, now: NOW }, settings);
    }
    expect(await shownIn(a)).toEqual({ profile: 'Alice2', board: 'Alice2', search: 'Alice2' });
    expect(await shownIn(b)).toEqual({ profile: 'Secret', board: 'Secret', search: 'Secret' });
    const incremental = await derivedDump(handle.db);
    await recomputeAll(handle.db, settings, NOW);
    expect(incremental).toEqual(await derivedDump(handle.db));
  });

  it('are what migration 0023 fills the table with for the rounds stored before it', async () => {
    const written = await derivedDump(handle.db);
    const migration = readFileSync(join(MIGRATIONS_FOLDER, '0023_community_names.sql'), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').at(-1) as string;
    expect(backfill).toMatch(/INSERT INTO "player_community_names"/);
    await handle.db.execute(sql`delete from player_community_names`);
    await handle.db.execute(sql.raw(backfill));
    expect((await derivedDump(handle.db)).communityNames).toEqual(written.communityNames);
    expect(written.communityNames.length).toBeGreaterThan(10);
  });
});
