// `npm run bench -- rating`: predicts every map in time order, before seeing its result, with this
// rating and with the baselines, on held-out generated evenings (latent strengths on) and on the real
// developer set (../shared/realdata), and prints log-loss, Brier score and a calibration table.
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { generateCorpus } from '../generator/index.ts';
import { gameServers } from '../schema/index.ts';
import { lineupOf } from '../stats/rating/lineup.ts';
import { rowsOf } from '../worker/db/rows.ts';
import { openPglite } from '../worker/db/pglite.ts';
import { importStatsFile } from '../worker/importer/import-file.ts';
import { DEFAULT_COMMUNITY_ID } from '../worker/queries/communities.ts';
import { ratingMaps, type StoredMap } from '../worker/recompute/rating-maps.ts';
import { findSharedCorpus } from '../scripts/lib/shared-corpus.ts';
import {
  alwaysHalf,
  killDeath,
  type MapFigures,
  openSkill,
  type Predictor,
  sideBias,
  thisRating,
} from './rating-baselines.ts';
import { brier, calibration, logLoss, type Prediction } from './rating-score.ts';

interface Stored {
  readonly maps: StoredMap[];
  readonly figures: MapFigures;
}

/** The files through the canonical importer into a fresh PGlite, and the maps as the recompute reads them. */
export async function stored(
  files: readonly { name: string; bytes: Uint8Array }[],
): Promise<Stored> {
  const handle = await openPglite();
  try {
    const [server] = await handle.db
      .insert(gameServers)
      .values({ communityId: DEFAULT_COMMUNITY_ID, name: 'bench' })
      .returning();
    const serverId = (server as { id: number }).id;
    for (const f of files)
      await importStatsFile(
        handle.db,
        { serverId, fileName: f.name, bytes: f.bytes, receivedAt: new Date(0) },
        { sessionGapMinutes: 60 },
      );
    const maps = await ratingMaps(handle.db, DEFAULT_COMMUNITY_ID);
    const rows = await rowsOf<{ match_id: number; guid: string; kills: number; deaths: number }>(
      handle.db,
      sql`select r.match_id, pr.guid, coalesce(sum(pr.kills), 0)::int as kills, coalesce(sum(pr.deaths), 0)::int as deaths
        from player_rounds pr join rounds r on r.id = pr.round_id where r.match_id is not null
        group by r.match_id, pr.guid`,
    );
    const byMatch = new Map<number, Map<string, { kills: number; deaths: number }>>();
    for (const r of rows) {
      const m = byMatch.get(Number(r.match_id)) ?? new Map();
      byMatch.set(Number(r.match_id), m.set(r.guid, { kills: r.kills, deaths: r.deaths }));
    }
    const figures = new Map(
      maps.flatMap((m) => {
        const f = m.matchId === null ? undefined : byMatch.get(m.matchId);
        return f ? [[m.id, f] as const] : [];
      }),
    );
    return { maps, figures };
  } finally {
    await handle.close();
  }
}

const scoreOf = (points: 0 | 1 | 2) => (points === 2 ? 1 : points === 1 ? 0.5 : 0);

/** Every predictor over the maps in time order; scored on maps with a lineup and a result. */
export function evaluate(data: Stored): { name: string; predictions: Prediction[] }[] {
  const predictors: Predictor[] = [
    alwaysHalf(),
    sideBias(),
    killDeath(data.figures),
    openSkill(),
    thisRating(),
  ];
  const results = predictors.map((p) => ({ name: p.name, predictions: [] as Prediction[] }));
  for (const map of data.maps) {
    if (map.firstPoints === null || 'unrated' in lineupOf(map)) continue;
    const y = scoreOf(map.firstPoints);
    predictors.forEach((predictor, i) => {
      results[i]?.predictions.push({ p: predictor.predict(map), y });
      predictor.observe(map, y);
    });
  }
  return results;
}

function report(title: string, data: Stored) {
  const results = evaluate(data);
  const reasons = new Map<string, number>();
  for (const m of data.maps) {
    const lineup = lineupOf(m);
    const why =
      'unrated' in lineup ? lineup.unrated : m.firstPoints === null ? 'unknown winner' : 'rated';
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  console.log(
    `\n${title}: ${data.maps.length} maps (${[...reasons].map(([k, n]) => `${k} ${n}`).join(', ')})`,
  );
  console.log('  predictor                     log-loss   Brier');
  for (const r of results)
    console.log(
      `  ${r.name.padEnd(28)} ${logLoss(r.predictions).toFixed(4).padStart(8)} ${brier(r.predictions).toFixed(4).padStart(7)}`,
    );
  for (const r of results.filter((x) => x.name !== 'always 50%')) {
    const table = calibration(r.predictions)
      .map(
        (b) => `${b.from.toFixed(1)}+: ${b.n} ${b.predicted.toFixed(2)}→${b.observed.toFixed(2)}`,
      )
      .join(' | ');
    console.log(`  calibration, ${r.name}: ${table}`);
  }
  return results;
}

function realFiles() {
  const shared = findSharedCorpus();
  const dir = shared ? `${shared}/../realdata/stats` : null;
  if (!dir) return null;
  try {
    return readdirSync(dir)
      .sort()
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(`${dir}/${name}`)) }));
  } catch {
    return null;
  }
}

/** The held-out evenings: a seed the parameters were never tuned on. */
export const HELD_OUT = { seed: 2026, evenings: 120, players: 40, latent: {} } as const;

export default async function run() {
  const generated = generateCorpus(HELD_OUT);
  const results = report(
    `held-out generated evenings (seed ${HELD_OUT.seed}, ${HELD_OUT.evenings} evenings, ${HELD_OUT.players} players)`,
    await stored(generated.files),
  );
  const ours = results.find((r) => r.name === 'this rating');
  const beaten = results.filter(
    (r) => r !== ours && ours && logLoss(r.predictions) <= logLoss(ours.predictions),
  );
  console.log(
    beaten.length === 0
      ? '  target met: this rating has the lowest log-loss on generated data'
      : `  TARGET MISSED: no better than ${beaten.map((r) => r.name).join(', ')}`,
  );
  if (beaten.length > 0) process.exitCode = 1;
  const real = realFiles();
  if (real) report('real developer set (../shared/realdata/stats)', await stored(real));
  else console.log('\nreal developer set: ../shared/realdata/stats not found, skipped');
}
