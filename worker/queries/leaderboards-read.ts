import { sql } from 'drizzle-orm';
import { lastDaysName, lastDaysWindow } from '../../stats/play-window.ts';
import { QUARTERS, type SeasonConfig } from '../../stats/seasons.ts';
import type { Queryable } from '../db/database.ts';
import { shownName } from '../db/scopes.ts';
import { rowsOf } from '../db/rows.ts';
import { ofCommunity } from './communities.ts';
import {
  type MetricId,
  type PeriodId as BoardPeriodId,
  sessionPeriod,
} from '../recompute/metrics.ts';
import { type LeaderboardPage, leaderboard, type RankOf, rankOf } from '../recompute/read.ts';
import { latestPlayOf } from '../db/scopes.ts';
import { PERIOD_NAMES, type PeriodId, seasonAt, seasonLabel } from './period.ts';

/**
 * The read side of `/top` and `/season` over the recompute's precomputed leaderboards
 * (worker/recompute/read.ts): this file only maps the command's period option to a stored period and
 * adds the caller's standing.
 */

export interface BoardPeriod {
  /** The stored period: `all`, `last30`, `season:<YYYY-MM-DD>`, `session:<id>`. */
  readonly id: BoardPeriodId;
  /** The command option it came from (`all`, `season`, `30d`, `session`). */
  readonly option: PeriodId;
  /** For people: "All time", "This season (2025 Q4)", "Season 2025 Q3", "Last 30 days", "Last session (#16, 2025-10-13)"; '' for the stored name. */
  readonly label: string;
}

/** The stored period a `period` option names at `now`, or why there is none. */
export async function boardPeriod(
  db: Queryable,
  communityId: number,
  option: PeriodId,
  now: Date,
  seasons: SeasonConfig = QUARTERS,
): Promise<{ ok: true; period: BoardPeriod } | { ok: false; reason: string }> {
  switch (option) {
    case 'all':
      return { ok: true, period: { id: 'all', option, label: PERIOD_NAMES.all } };
    case '30d':
      return {
        ok: true,
        period: {
          id: 'last30',
          option,
          label: lastDaysName(lastDaysWindow(now, await latestPlayOf(db, communityId))),
        },
      };
    case 'season': {
      const season = await seasonAt(db, communityId, now, seasons);
      if (!season) return { ok: false, reason: 'No season has started yet.' };
      return {
        ok: true,
        period: { id: season.id, option, label: seasonLabel(season) },
      };
    }
    case 'session': {
      const [last] = await rowsOf<{ id: number; day: string }>(
        db,
        sql`
        select id, to_char(started_at at time zone 'UTC', 'YYYY-MM-DD') as day from gaming_sessions s
        where ${ofCommunity(communityId, 's')} order by started_at desc, id desc limit 1`,
      );
      if (!last) return { ok: false, reason: 'No session has been played yet.' };
      return {
        ok: true,
        period: {
          id: sessionPeriod(last.id),
          option,
          label: `${PERIOD_NAMES.session} (#${last.id}, ${last.day})`,
        },
      };
    }
  }
}

export interface TopPage {
  readonly board: LeaderboardPage;
  readonly page: number;
  readonly pageCount: number;
  /** The linked player's standing, when there is one. */
  readonly own: { readonly guid: string; readonly name: string; readonly standing: RankOf } | null;
}

/** One page of a leaderboard and, for a linked player (`ownGuid`), where they stand. */
export async function topPage(
  db: Queryable,
  communityId: number,
  metric: MetricId,
  period: BoardPeriodId,
  page: number,
  pageSize: number,
  ownGuid: string | null,
): Promise<TopPage> {
  let board = await leaderboard(db, communityId, metric, period, {
    limit: pageSize,
    offset: page * pageSize,
  });
  const pageCount = Math.max(1, Math.ceil(board.total / pageSize));
  let shown = page;
  if (board.rows.length === 0 && board.total > 0) {
    shown = pageCount - 1;
    board = await leaderboard(db, communityId, metric, period, {
      limit: pageSize,
      offset: shown * pageSize,
    });
  }
  let own: TopPage['own'] = null;
  if (ownGuid) {
    const standing = await rankOf(db, communityId, metric, period, ownGuid);
    const [player] = await rowsOf<{ name: string }>(
      db,
      sql`select ${shownName(sql`${ownGuid}`, communityId)} as name`,
    );
    own = { guid: ownGuid, name: player?.name ?? ownGuid, standing };
  }
  return { board, page: shown, pageCount, own };
}
