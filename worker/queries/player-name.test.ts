// One display rule everywhere: a player who changed their name is shown by the new one in every
// command, chart input, API answer and announcement, also where they played under the old one.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEAPON_NAMES } from '../../stats/fields.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';
import { corpusFiles, loadTruth } from '../../test/support/corpus.ts';
import { type CorpusDatabase, openCorpusDatabaseWith } from '../../test/support/corpus-database.ts';
import { roundSummary } from '../announce/round-summary.ts';
import { compareData, compareMessage } from '../commands/compare.ts';
import { resolvePlayer } from '../commands/kit/player-option.ts';
import { mapData, mapMessage } from '../commands/map.ts';
import { sessionMessage } from '../commands/session/session-views.ts';
import { statsData, statsMessage } from '../commands/stats.ts';
import { weaponData, weaponMessage } from '../commands/weapon.ts';
import { rowsOf } from '../db/rows.ts';
import { recomputeAll } from '../recompute/index.ts';
import { leaderboard, sessionTeamsOf } from '../recompute/read.ts';
import { findPlayers } from './links.ts';
import { mapsOverview } from './maps.ts';
import { allTime, seasonAt } from './period.ts';
import { playerProfile } from './players.ts';
import { roundViews } from './round-view.ts';
import { seasonOverview } from './season.ts';
import { sessionReport } from './session-report.ts';
import { sessionDetail } from './sessions.ts';

const GUID = 'EF8ACD12';
const NEW_NAME = 'Renamed^1Now';
const SHOWN = 'RenamedNow';
const SOURCE = '2025-10-13-205806-braundorf_b4-round-1.txt';
const NOW = new Date('2026-01-15T12:00:00Z');
const COMMUNITY = DEFAULT_COMMUNITY.id;
const PERIOD = allTime(COMMUNITY);
const truth = loadTruth();
const clean = (name: string) => name.replace(/\^[\s\S]/g, '');
const OLD_NAMES = truth.players[GUID]!.names.map(clean);

/** A corpus round played again weeks after the corpus, where GUID plays under a new name. */
function renamedRound() {
  const file = corpusFiles().find((f) => f.name === SOURCE)!;
  const text = new TextDecoder().decode(file.bytes);
  const renamed = text
    .split('\n')
    .map((line) =>
      line.startsWith(`${GUID}\\`)
        ? line.replace(/^([^\\]*)\\[^\\]*\\/, `$1\\${NEW_NAME}\\`)
        : line,
    )
    .join('\n');
  expect(renamed).not.toBe(text);
  return {
    name: SOURCE.replace('2025-10-13-205806', '2026-01-10-205806'),
    bytes: new TextEncoder().encode(renamed),
  };
}

let handle: CorpusDatabase;
beforeAll(async () => {
  handle = await openCorpusDatabaseWith([renamedRound()]);
  await recomputeAll(handle.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
}, 120_000);
afterAll(() => handle.close());

/** Every `name` of a row about GUID in any nested value. */
function namesOfGuid(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) namesOfGuid(v, out);
  else if (value && typeof value === 'object') {
    const row = value as Record<string, unknown>;
    if (row['guid'] === GUID && typeof row['name'] === 'string') out.push(row['name']);
    for (const v of Object.values(row)) namesOfGuid(v, out);
  }
  return out;
}

/** Message text without markdown escapes, to look for names in. */
const textOf = (message: unknown) => JSON.stringify(message).replaceAll('\\\\', '');

describe('a renamed player is shown by their latest name', () => {
  it('in /map, where every best-players table they are in was played under old names', async () => {
    let seen = 0;
    for (const summary of await mapsOverview(handle.db, PERIOD)) {
      const detail = await mapData(handle.db, summary.map, PERIOD);
      const names = namesOfGuid(detail?.best_players);
      if (names.length === 0) continue;
      seen++;
      expect(new Set(names)).toEqual(new Set([SHOWN]));
      expect(textOf(mapMessage(detail!, PERIOD))).toContain(SHOWN);
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('in /session, its teams and the API sessions, all played before the rename', async () => {
    // Session ids are the minute each started: the truth's sessions, in time order, are the stored ones.
    const stored = await rowsOf<{ id: number }>(
      handle.db,
      sql`select id from gaming_sessions order by started_at`,
    );
    // …and one more, the evening of the round played under the new name.
    expect(stored.length).toBe(truth.sessions.length + 1);
    const sessions = truth.sessions
      .map((s, i) => ({ id: Number(stored[i]?.id), players: s.players }))
      .filter((s) => s.players.includes(GUID));
    expect(sessions.length).toBeGreaterThan(3);
    for (const { id } of sessions) {
      const report = await sessionReport(handle.db, COMMUNITY, id, { weapons: true });
      expect(namesOfGuid(report?.players), `session ${id}`).toEqual([SHOWN]);
      const text = textOf(sessionMessage(report!, 'combat'));
      expect(text).toContain(SHOWN);
      for (const old of OLD_NAMES) expect(text).not.toContain(`${old} `);
      expect(new Set(namesOfGuid(await sessionTeamsOf(handle.db, COMMUNITY, id)))).toEqual(
        new Set([SHOWN]),
      );
      expect(namesOfGuid(await sessionDetail(handle.db, COMMUNITY, id))).toEqual([SHOWN]);
    }
  });

  it('in /top, /season, /weapon, /stats, /compare, autocomplete and the player API', async () => {
    const kills = await leaderboard(handle.db, COMMUNITY, 'kills', 'all', { limit: 100 });
    expect(namesOfGuid(kills.rows)).toEqual([SHOWN]);
    const current = await seasonAt(handle.db, COMMUNITY, NOW, QUARTERS);
    expect(current).not.toBeNull();
    const season = await seasonOverview(handle.db, COMMUNITY, current!, NOW);
    for (const name of namesOfGuid(season)) expect(name).toBe(SHOWN);
    let weapons = 0;
    for (let id = 0; id < WEAPON_NAMES.length; id++) {
      const data = await weaponData(handle.db, id, PERIOD);
      if (!data || namesOfGuid(data).length === 0) continue;
      weapons++;
      expect(new Set(namesOfGuid(data))).toEqual(new Set([SHOWN]));
      expect(textOf(weaponMessage(id, data, PERIOD))).toContain(SHOWN);
    }
    expect(weapons).toBeGreaterThan(0);
    const stats = await statsData(handle.db, GUID, PERIOD);
    expect(textOf(statsMessage(stats!))).toContain(SHOWN);
    const byOldName = await resolvePlayer(
      { db: handle.db, community: DEFAULT_COMMUNITY },
      'iamez3',
      '1',
    );
    expect(byOldName).toMatchObject({ ok: true, player: { guid: GUID, name: SHOWN } });
    const other = await resolvePlayer(
      { db: handle.db, community: DEFAULT_COMMUNITY },
      'Cru3lzor10',
      '1',
    );
    if (!byOldName.ok || !other.ok) return;
    const compared = compareMessage(
      await compareData(handle.db, byOldName.player, other.player, PERIOD),
    );
    expect(textOf(compared)).toContain(SHOWN);
    expect(namesOfGuid(await findPlayers(handle.db, COMMUNITY, 'iamez3'))).toEqual([SHOWN]);
    expect((await playerProfile(handle.db, COMMUNITY, GUID))?.name).toBe(SHOWN);
  });

  it('in the round summary of a round played under an old name', async () => {
    const [view] = await roundViews(handle.db, COMMUNITY, [
      ...(
        await handle.client.query<{ id: number }>(
          `select r.id from rounds r join stats_files f on f.id = r.file_id where f.file_name = '${SOURCE}'`,
        )
      ).rows.map((r) => r.id),
    ]);
    expect(view?.players?.[GUID]?.shown_name).toBe(SHOWN);
    expect(clean(view!.players![GUID]!.name)).not.toBe(SHOWN);
    const text = textOf(roundSummary(view!));
    expect(text).toContain(SHOWN);
  });
});
