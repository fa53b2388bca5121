import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gameServers,
  playerRounds,
  playerWeaponRounds,
  rounds,
  statsFiles,
} from '../../schema/index.ts';
import { WEAPON_NAMES } from '../../stats/fields.ts';
import { readStatsFile } from '../../stats/read.ts';
import {
  corpusFiles,
  loadTruth,
  TRUTH_INTEGER_KEYS,
  TRUTH_MINUTE_KEYS,
} from '../../test/support/corpus.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile, importStatsFileWithReading } from './import-file.ts';
import type { ImportOutcome } from './outcome.ts';

const truth = loadTruth();
const settings = { sessionGapMinutes: 60 };
let handle: DatabaseHandle;
let serverId: number;
const outcomes = new Map<string, ImportOutcome>();

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'corpus' })
    .returning();
  serverId = (server as { id: number }).id;
  for (const file of corpusFiles()) {
    outcomes.set(
      file.name,
      await importStatsFile(
        handle.db,
        { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
        settings,
      ),
    );
  }
});
afterAll(() => handle.close());

describe('importing the sample corpus', () => {
  it('quarantines exactly the unreadable files, each with a line and a reason, and keeps their bytes', async () => {
    const quarantined = [...outcomes]
      .filter(([, o]) => o.status === 'quarantined')
      .map(([name]) => name);
    expect(quarantined.sort()).toEqual([...truth.malformed].sort());
    const kept = await handle.db
      .select()
      .from(statsFiles)
      .where(eq(statsFiles.status, 'quarantined'));
    expect(kept).toHaveLength(7);
    for (const file of kept) {
      expect(file.errorReason).toMatch(/\w/);
      expect(file.errorLine).toBeGreaterThanOrEqual(0);
      expect(file.bytes.length).toBe(file.size);
    }
  });

  it('stores every player-round exactly as truth.json says, and nothing for orphan R2 files', async () => {
    const stored = await handle.db
      .select({ file: statsFiles.fileName, round: rounds, player: playerRounds })
      .from(playerRounds)
      .innerJoin(rounds, eq(rounds.id, playerRounds.roundId))
      .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId));
    const weapons = await handle.db
      .select({ file: statsFiles.fileName, w: playerWeaponRounds })
      .from(playerWeaponRounds)
      .innerJoin(rounds, eq(rounds.id, playerWeaponRounds.roundId))
      .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId));
    const weaponsOf = new Map<string, Record<string, unknown>>();
    for (const { file, w } of weapons) {
      const key = `${file} ${w.guid}`;
      weaponsOf.set(key, {
        ...weaponsOf.get(key),
        [WEAPON_NAMES[w.weapon] as string]: {
          hits: w.hits,
          shots: w.shots,
          kills: w.kills,
          deaths: w.deaths,
          headshots: w.headshots,
        },
      });
    }
    const byKey = new Map(
      stored.map((s) => [
        `${s.file} ${s.player.guid}`,
        s.player as unknown as Record<string, number>,
      ]),
    );
    let expected = 0;
    for (const round of truth.rounds) {
      for (const [guid, want] of Object.entries(round.players ?? {})) {
        expected++;
        const where = `${round.file} ${guid}`;
        const got = byKey.get(where);
        expect(got, where).toBeDefined();
        const figures = { ...got, headshot_hits: got?.headshotHits } as Record<string, number>;
        for (const key of TRUTH_INTEGER_KEYS)
          expect(figures[key], `${where} ${key}`).toBe(want[key]);
        for (const key of TRUTH_MINUTE_KEYS)
          expect(
            Math.abs((figures[key] as number) - want[key]),
            `${where} ${key}`,
          ).toBeLessThanOrEqual(0.1 + 1e-9);
        expect(weaponsOf.get(where) ?? {}, `${where} weapons`).toEqual(want.weapons);
      }
    }
    expect(stored).toHaveLength(expected);
  });

  it('flags orphan R2 files and links every other round to its match', async () => {
    const stored = await handle.db
      .select({
        file: statsFiles.fileName,
        orphan: rounds.orphan,
        matchId: rounds.matchId,
        durationS: rounds.durationS,
        source: rounds.durationSource,
      })
      .from(rounds)
      .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
      .orderBy(asc(rounds.endedAt));
    const byFile = new Map(stored.map((r) => [r.file, r]));
    for (const round of truth.rounds) {
      const got = byFile.get(round.file);
      expect(got?.orphan, round.file).toBe(round.orphan ?? false);
      expect(got?.matchId === null, round.file).toBe(round.match === null);
      // Only an estimate from players' times (an 8-field R2 written with 0:00) may differ, by the 0.1 minute they are written in.
      if (got?.source === 'time played')
        expect(
          Math.abs((got.durationS ?? 0) - (round.duration_s ?? 0)),
          round.file,
        ).toBeLessThanOrEqual(6);
      else expect(got?.durationS, round.file).toBe(round.duration_s);
    }
  });

  it('answers a second copy of any file as a duplicate, writing nothing', async () => {
    const file = corpusFiles()[3] as { name: string; bytes: Uint8Array };
    const before = await handle.db.$count(playerRounds);
    const again = await importStatsFile(
      handle.db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date() },
      settings,
    );
    expect(again).toMatchObject({ status: 'duplicate', previous: 'imported' });
    expect(await handle.db.$count(playerRounds)).toBe(before);
  });

  it('hands back its own reading of the bytes with the outcome, so a caller need not read them again', async () => {
    for (const file of [
      corpusFiles()[4],
      corpusFiles().find((f) => truth.malformed.includes(f.name)),
    ]) {
      if (!file) throw new Error('corpus file missing');
      const { outcome, reading } = await importStatsFileWithReading(
        handle.db,
        { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date() },
        settings,
      );
      const first = outcomes.get(file.name);
      expect(outcome).toMatchObject({
        status: 'duplicate',
        fileId: first && 'fileId' in first ? first.fileId : undefined,
      });
      expect(reading).toEqual(readStatsFile(file.name, file.bytes));
    }
  });

  it('leaves nothing of a file behind when the database fails halfway through its import', async () => {
    const { db } = await openPglite();
    const [server] = await db
      .insert(gameServers)
      .values({ communityId: 1, name: 'fails' })
      .returning();
    const file = corpusFiles().find((f) => f.name.endsWith('round-1.txt')) as {
      name: string;
      bytes: Uint8Array;
    };
    await db.execute(
      sql`create function fail() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`,
    );
    await db.execute(
      sql`create trigger fail before insert on player_rounds for each statement execute function fail()`,
    );
    const upload = {
      serverId: (server as { id: number }).id,
      fileName: file.name,
      bytes: file.bytes,
      receivedAt: new Date(),
    };
    const failure = await importStatsFile(db, upload, settings).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(String((failure?.cause as Error | undefined)?.message)).toMatch(/disk full/);
    for (const table of [
      'stats_files',
      'rounds',
      'matches',
      'players',
      'player_aliases',
      'gaming_sessions',
    ]) {
      expect(await rowsOf(db, sql`select 1 from ${sql.identifier(table)}`), table).toEqual([]);
    }
    await db.execute(sql`drop trigger fail on player_rounds`);
    expect(await importStatsFile(db, upload, settings)).toMatchObject({ status: 'imported' });
  });
});
