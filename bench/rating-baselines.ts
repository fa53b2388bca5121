// The predictors the rating is measured against. Each sees a map's lineup, predicts the first
// attackers' expected score, and only then learns the result.
import { rate, rating, predictWin, type Rating } from 'openskill';
import { lineupOf, type RatingMap } from '../stats/rating/lineup.ts';
import { DEFAULT_PARAMETERS, type RatingParameters, rateMap } from '../stats/rating/model.ts';

export interface Predictor {
  readonly name: string;
  predict(map: RatingMap): number;
  observe(map: RatingMap, score: 0 | 0.5 | 1): void;
}

/** Each player's kills and deaths per map, as stored: the K/D baseline's evidence. */
export type MapFigures = ReadonlyMap<
  number,
  ReadonlyMap<string, { kills: number; deaths: number }>
>;

export const alwaysHalf = (): Predictor => ({
  name: 'always 50%',
  predict: () => 0.5,
  observe: () => {},
});

/** The first attackers' record on this map and overall, shrunk towards 50% (a Beta prior). */
function sideRecord() {
  const all = { score: 0, n: 0 };
  const byMap = new Map<string, { score: number; n: number }>();
  return {
    p(map: string) {
      const overall = (all.score + 2) / (all.n + 4);
      const m = byMap.get(map) ?? { score: 0, n: 0 };
      return (m.score + 4 * overall) / (m.n + 4);
    },
    add(map: string, score: number) {
      all.score += score;
      all.n++;
      const m = byMap.get(map) ?? { score: 0, n: 0 };
      byMap.set(map, { score: m.score + score, n: m.n + 1 });
    },
  };
}

export function sideBias(): Predictor {
  const record = sideRecord();
  return {
    name: 'side/map bias only',
    predict: (map) => record.p(map.map),
    observe: (map, score) => record.add(map.map, score),
  };
}

const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The side record moved by the lineups' mean log K/D so far (each player's kills and deaths over
 * their earlier maps, +1 each so a newcomer is even), `scale` log-odds per unit.
 */
export function killDeath(figures: MapFigures, scale = 1): Predictor {
  const record = sideRecord();
  const totals = new Map<string, { kills: number; deaths: number }>();
  const lineupKd = (map: RatingMap) => {
    const lineup = lineupOf(map);
    if ('unrated' in lineup) return 0;
    let edge = 0;
    for (const p of lineup.participants) {
      const t = totals.get(p.guid) ?? { kills: 0, deaths: 0 };
      edge += p.coefficient * Math.log((t.kills + 1) / (t.deaths + 1));
    }
    return edge;
  };
  return {
    name: 'average K/D of the lineups',
    predict: (map) => logistic(logit(record.p(map.map)) + scale * lineupKd(map)),
    observe: (map, score) => {
      record.add(map.map, score);
      for (const [guid, f] of figures.get(map.id) ?? []) {
        const t = totals.get(guid) ?? { kills: 0, deaths: 0 };
        totals.set(guid, { kills: t.kills + f.kills, deaths: t.deaths + f.deaths });
      }
    },
  };
}

/** openskill 5.0.1 (Plackett–Luce): everyone who played counts whole, in the group they played most for. */
export function openSkill(): Predictor {
  const ratings = new Map<string, Rating>();
  const teams = (map: RatingMap) => {
    const lineup = lineupOf(map);
    const first: string[] = [];
    const second: string[] = [];
    if (!('unrated' in lineup))
      for (const p of lineup.participants) (p.coefficient >= 0 ? first : second).push(p.guid);
    return { first, second };
  };
  const of = (guid: string) => ratings.get(guid) ?? rating();
  return {
    name: 'openskill (unweighted)',
    predict: (map) => {
      const { first, second } = teams(map);
      if (first.length === 0 || second.length === 0) return 0.5;
      return predictWin([first.map(of), second.map(of)])[0] as number;
    },
    observe: (map, score) => {
      const { first, second } = teams(map);
      if (first.length === 0 || second.length === 0) return;
      const rank = score === 1 ? [1, 2] : score === 0 ? [2, 1] : [1, 1];
      const [a, b] = rate([first.map(of), second.map(of)], { rank });
      for (const [i, guid] of first.entries()) ratings.set(guid, a?.[i] as Rating);
      for (const [i, guid] of second.entries()) ratings.set(guid, b?.[i] as Rating);
    },
  };
}

/** This rating (stats/rating): predicting is rating without the result, so it is fed the map twice. */
export function thisRating(parameters: RatingParameters = DEFAULT_PARAMETERS): Predictor {
  const state = new Map();
  return {
    name: 'this rating',
    predict: (map) =>
      rateMap(new Map(state), { ...map, firstPoints: null }, parameters).expected ?? 0.5,
    observe: (map) => {
      rateMap(state, map, parameters);
    },
  };
}
