import type { Context } from 'hono';
import { isStatsLuaFileName } from '../../stats/stats-lua/file-name.ts';
import { playedClock } from '../../stats/stats-lua/gamelog-figures.ts';
import type { StatsLuaEvent } from '../../stats/stats-lua/payload.ts';
import type { AppEnv } from '../app.ts';
import { roundSourceFile } from '../queries/round-events.ts';

/**
 * `GET /api/rounds/:id/events`: the event log (`gamelog`) of a round a stats.lua server sent, as sent,
 * each event with `played_ms`: its level time with the pauses before it taken out (stats.lua leaves
 * that to ingest). A round read from a round file has no event log: 404 saying so.
 */
export async function roundEvents(c: Context<AppEnv>) {
  const text = c.req.param('id') ?? '';
  const id = /^\d{1,9}$/.test(text) ? Number(text) : 0;
  if (id <= 0) return c.json({ error: 'a round id is a positive whole number' }, 400);
  const file = await roundSourceFile(c.get('db'), c.get('community').id, id);
  if (!file) return c.json({ error: `no round ${id}` }, 404);
  if (!isStatsLuaFileName(file.fileName))
    return c.json(
      {
        error: `round ${id} was read from a round file (${file.fileName}): only stats.lua rounds have events`,
      },
      404,
    );
  const payload = JSON.parse(new TextDecoder().decode(file.bytes)) as {
    gamelog?: StatsLuaEvent[];
    round_info?: { matchID?: string };
    metadata?: { matchID?: string };
  };
  const events = payload.gamelog ?? [];
  const played = playedClock(events);
  return c.json({
    round_id: id,
    file: file.fileName,
    match_id: payload.metadata?.matchID ?? payload.round_info?.matchID ?? null,
    events: events.map((e) => ({ ...e, played_ms: played(e.leveltime) })),
  });
}
