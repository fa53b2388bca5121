import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/pglite';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../worker/db/migrate.ts';
import { rowsOf } from '../worker/db/rows.ts';
import * as schema from './index.ts';

interface Migratable {
  dialect: { migrate(migrations: unknown, session: unknown, config: unknown): Promise<void> };
  session: unknown;
}

/** Applies the committed migrations whose tag starts with a number below `upTo` (all when undefined). */
async function migrateTo(db: unknown, upTo?: number) {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  const all = readMigrationFiles(config);
  const { dialect, session } = db as Migratable;
  await dialect.migrate(upTo === undefined ? all : all.slice(0, upTo), session, config);
}

describe('migration 0010: stable session ids', () => {
  it('renumbers existing sessions by their start minute and moves everything that refers to them', async () => {
    const client = new PGlite();
    const db = drizzle({ client, schema });
    try {
      await migrateTo(db, 10);
      // Three sessions with sequence ids: EU #2 and EU #1 start in the same minute (EU #2 first by a few
      // seconds), and an older evening was backfilled last (id 3).
      await client.exec(`
        insert into game_servers (id, community_id, name) values (1, 1, 'EU #1'), (2, 1, 'EU #2');
        insert into gaming_sessions (id, server_id, started_at, ended_at, round_count, map_count, player_count) values
          (1, 1, '2026-12-04 20:15:40+00', '2026-12-04 22:00:00+00', 1, 1, 6),
          (2, 2, '2026-12-04 20:15:05+00', '2026-12-04 21:00:00+00', 0, 0, 0),
          (3, 1, '2026-11-20 19:02:00+00', '2026-11-20 20:00:00+00', 0, 0, 0);
        insert into stats_files (id, server_id, sha256, file_name, bytes, size, received_at, status)
          values (7, 1, 'x', '2026-12-04-201540-supply-round-1.txt', '\\x00', 1, now(), 'imported');
        insert into rounds (file_id, server_id, map, round, local_time, ended_at, started_at, server_name, config,
          defender, winner, time_limit_s, next_time_limit_s, legacy_header, duration_s, duration_source,
          attackers_won, player_count, bot_count, session_id)
          values (7, 1, 'supply', 1, '2026-12-04T20:25:40', '2026-12-04 20:25:40+00', '2026-12-04 20:15:40+00',
            'EU #1', '', 1, 1, 600, 600, false, 600, 'field 9', false, 6, 0, 1);
        insert into session_results (session_id, team_a_maps, team_b_maps, drawn_maps, team_a_points, team_b_points, confidence)
          values (1, 0, 0, 1, 1, 1, 1);
        insert into team_overrides (file_id, guid, team, by_user_id, session_id) values (7, 'AAAA', 'A', 'u1', 1);
        insert into leaderboard_periods (id, community_id, kind, name, session_id)
          values ('1:session:1', 1, 'session', 'Session 1 (2026-12-04)', 1);
        insert into leaderboard_entries (period, metric, guid, rank, value, rounds, minutes)
          values ('1:session:1', 'kills', 'AAAA', 1, 10, 1, 10);
      `);
      await migrateTo(db);
      expect(
        await rowsOf(db, sql`select id, server_id from gaming_sessions order by started_at`),
      ).toEqual([
        { id: 202611201902, server_id: 1 },
        { id: 202612042015, server_id: 2 },
        { id: 202612042016, server_id: 1 },
      ]);
      const [moved] = await rowsOf(
        db,
        sql`select (select session_id from rounds) as round, (select session_id from session_results) as result,
          (select session_id from team_overrides) as correction,
          (select id || ' ' || name || ' ' || session_id from leaderboard_periods) as period,
          (select period from leaderboard_entries) as entry`,
      );
      expect(moved).toEqual({
        round: 202612042016,
        result: 202612042016,
        correction: 202612042016,
        period: '1:session:202612042016 Session 202612042016 (2026-12-04) 202612042016',
        entry: '1:session:202612042016',
      });
      // No sequence is left to hand out ids: the importer gives them.
      await expect(
        client.query(
          `insert into gaming_sessions (server_id, started_at, ended_at, round_count, map_count, player_count)
          values (1, now(), now(), 0, 0, 0)`,
        ),
      ).rejects.toThrow(/null value in column "id"/);
    } finally {
      await client.close();
    }
  });
});
