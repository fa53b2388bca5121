import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { canonicalDump, withoutIds } from '../../test/support/canonical-dump.ts';
import {
  type ExpectedPlayer,
  loadExpected,
  type RealFile,
  realCompanions,
  realCrlfCopies,
  realRoundFiles,
} from '../../test/support/realdata.ts';
import { shuffled } from '../../test/support/shuffle.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { roundIdsByFileName, type RoundPlayerView, roundViews } from '../queries/round-view.ts';
import { importStatsFile } from './import-file.ts';
import type { ImportOutcome } from './outcome.ts';

// The real server's files (../shared/realdata), read in place and stored through the importer, against
// expected.json: every player-round (integers exact, minutes within 0.1, null where unknown), the round
// facts the API adds, and the CRLF copies and the companion as STATS_FORMAT.md says.

const settings = { sessionGapMinutes: 60 };
const expected = loadExpected();
const rounds = realRoundFiles();
const copies = realCrlfCopies();
const companions = realCompanions();

async function importAll(files: readonly RealFile[]) {
  const handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'real' })
    .returning();
  const outcomes = new Map<string, ImportOutcome>();
  for (const file of files) {
    const upload = {
      serverId: (server as { id: number }).id,
      fileName: file.name,
      bytes: file.bytes,
      receivedAt: new Date(0),
    };
    outcomes.set(file.path, await importStatsFile(handle.db, upload, settings));
  }
  return { handle, outcomes };
}

let inOrder: Awaited<ReturnType<typeof importAll>>;
let mixed: Awaited<ReturnType<typeof importAll>>;
beforeAll(async () => {
  inOrder = await importAll(rounds);
  // LF and CRLF copies interleaved, the companion before its round could ever arrive, everything twice.
  mixed = await importAll(
    shuffled([...companions, ...rounds, ...copies, ...rounds, ...copies], 1709),
  );
});
afterAll(async () => {
  await inOrder.handle.close();
  await mixed.handle.close();
});

const DECIMAL_KEYS = new Set(['time_played_min', 'time_dead_min', 'time_alive_pct']);

function differences(got: RoundPlayerView, wanted: ExpectedPlayer, where: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    const actual = key === 'name' ? got.name : (got as unknown as Record<string, unknown>)[key];
    if (key === 'weapons') {
      const names = Object.keys(value as object).sort();
      const have = Object.keys(got.weapons).sort();
      if (names.join() !== have.join()) out.push(`${where} weapons ${have} vs ${names}`);
      for (const name of names) {
        const a = got.weapons[name] as unknown as Record<string, number>;
        for (const [k, v] of Object.entries(
          (value as Record<string, Record<string, number>>)[name] ?? {},
        ))
          if (a?.[k] !== v) out.push(`${where} ${name}.${k}: ${a?.[k]}, expected ${v}`);
      }
      continue;
    }
    const same =
      typeof value === 'number' && typeof actual === 'number' && DECIMAL_KEYS.has(key)
        ? Math.abs(actual - value) <= 0.1 + 1e-9
        : actual === value;
    if (!same) out.push(`${where} ${key}: ${String(actual)}, expected ${String(value)}`);
  }
  return out;
}

describe('the real server files, stored', () => {
  it('stores every player-round exactly as expected.json gives it, null where a file does not tell', async () => {
    const problems: string[] = [];
    let compared = 0;
    for (const round of expected.rounds) {
      const [found] = await roundIdsByFileName(inOrder.handle.db, DEFAULT_COMMUNITY_ID, round.file);
      const [view] = await roundViews(inOrder.handle.db, DEFAULT_COMMUNITY_ID, [
        (found as { id: number }).id,
      ]);
      if (!view) throw new Error(`${round.file} was not stored`);
      expect(
        {
          match: view.match,
          orphan: view.orphan,
          empty: view.empty,
          ext_fields: view.ext_fields,
          bullets_known: view.bullets_known,
          r2_per_round: view.r2_per_round,
          duration_s: view.duration_s,
          duration_source: view.duration_source,
          legacy_header: view.legacy_header,
        },
        round.file,
      ).toEqual({
        match: round.match,
        orphan: round.orphan ?? false,
        empty: round.empty,
        ext_fields: round.ext_fields,
        bullets_known: round.bullets_known,
        r2_per_round: round.r2_per_round ?? null,
        duration_s: round.duration_s,
        duration_source: round.duration_source,
        legacy_header: round.legacy_header,
      });
      if (round.players === null) {
        expect(view.players, `${round.file} is an orphan`).toBeNull();
        continue;
      }
      expect(Object.keys(view.players ?? {}).sort(), round.file).toEqual(
        Object.keys(round.players).sort(),
      );
      for (const [guid, wanted] of Object.entries(round.players)) {
        const got = view.players?.[guid] as RoundPlayerView;
        problems.push(...differences(got, wanted, `${round.file} ${guid}`));
        compared++;
      }
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(450);
  });

  it('stores each CRLF copy as the same round again: one round per name, nothing counted twice', async () => {
    for (const copy of copies) {
      expect(mixed.outcomes.get(copy.path), copy.path).toMatchObject({ status: 'duplicate' });
      expect(
        await roundIdsByFileName(mixed.handle.db, DEFAULT_COMMUNITY_ID, copy.name),
        copy.path,
      ).toHaveLength(1);
    }
    const [files] = await rowsOf<{ n: number }>(
      mixed.handle.db,
      sql`select count(*)::int as n from stats_files`,
    );
    expect(files?.n).toBe(rounds.length);
  });

  it('ends the same whatever the order, duplicates and line ends the files arrived with', async () => {
    const dump = async (h: DatabaseHandle) => {
      const { files: _files, ...rest } = withoutIds(await canonicalDump(h.db)) as Record<
        string,
        unknown
      >;
      return rest;
    };
    expect(await dump(mixed.handle)).toEqual(await dump(inOrder.handle));
  });

  it('keeps the endstats companion, never quarantined, with the round it belongs to', async () => {
    for (const companion of companions) {
      expect(mixed.outcomes.get(companion.path)).toMatchObject({
        status: 'companion',
        roundFileName: companion.name.replace('-endstats.txt', '.txt'),
      });
    }
    const [quarantined] = await rowsOf<{ n: number }>(
      mixed.handle.db,
      sql`select count(*)::int as n from stats_files where status = 'quarantined'`,
    );
    expect(quarantined?.n).toBe(0);
  });

  it('puts the idle header-only round in no session and gives its map no result', async () => {
    const empty = expected.rounds.filter((r) => r.empty);
    expect(empty.length).toBeGreaterThan(0);
    for (const round of empty) {
      const [found] = await roundIdsByFileName(inOrder.handle.db, DEFAULT_COMMUNITY_ID, round.file);
      const [view] = await roundViews(inOrder.handle.db, DEFAULT_COMMUNITY_ID, [
        (found as { id: number }).id,
      ]);
      expect(view).toMatchObject({ empty: true, session_id: null, map_score: null, players: {} });
    }
  });

  it('groups the sessions as expected.json does (60-minute gap)', async () => {
    const rows = await rowsOf<{ file: string; session: number | null }>(
      inOrder.handle.db,
      sql`select f.file_name as file, r.session_id as session from rounds r join stats_files f on f.id = r.file_id order by r.ended_at, f.file_name`,
    );
    const grouped = new Map<number, string[]>();
    for (const r of rows)
      if (r.session !== null) grouped.set(r.session, [...(grouped.get(r.session) ?? []), r.file]);
    const got = [...grouped.values()].map((files) => files.sort()).sort();
    const want = expected.sessions.map((s) => [...s.rounds].sort()).sort();
    expect(got).toEqual(want);
  });
});
