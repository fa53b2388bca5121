import type { PlayerFigures } from '../../queries/session-report.ts';

/**
 * The session awards of `/last_session view:awards` (the previous bot's list, and a few more). Each award
 * goes to one player and names the figure that earned it. Humans only; the caller passes them.
 *
 * Ratios (efficiency, accuracy, shots per kill, DPM) only count for players who played at least a quarter
 * of the session's longest time, so someone who joined for one round cannot take them by luck.
 */
export interface Award {
  readonly id: string;
  readonly emoji: string;
  readonly title: string;
  /** What the award is for, in a few words. */
  readonly for: string;
  readonly guid: string;
  /** As recorded (escape before printing). */
  readonly name: string;
  /** The figure that earned it, e.g. "2.41× (3,120 given / 1,294 received)". */
  readonly figure: string;
  /** How many other players had exactly the same score (the first by name is named). */
  readonly tiedWith: number;
}

export interface AwardCandidate {
  readonly guid: string;
  readonly name: string;
  readonly figures: PlayerFigures;
}

/** The share of the longest time played that a ratio award needs. */
export const RATIO_MIN_SHARE = 0.25;
/** Shots before accuracy and shots-per-kill count. */
export const MIN_SHOTS = 100;

interface Context {
  readonly maxGiven: number;
  readonly maxReceived: number;
}

interface AwardRule {
  readonly id: string;
  readonly emoji: string;
  readonly title: string;
  readonly for: string;
  /** Ratio awards need the activity threshold. */
  readonly ratio?: boolean;
  /** Higher wins; null or ≤ 0: not a candidate. */
  score(f: PlayerFigures, ctx: Context): number | null;
  figure(f: PlayerFigures): string;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const d1 = (value: number) => (Math.round(value * 10) / 10).toFixed(1);
const d2 = (value: number) => (Math.round(value * 100) / 100).toFixed(2);
const plural = (count: number, one: string, many = `${one}s`) =>
  `${n(count)} ${count === 1 ? one : many}`;
const objectives = (f: PlayerFigures) =>
  f.objectives_stolen + f.objectives_returned + f.dynamites_planted + f.dynamites_defused;
/** Null when the session's files did not carry multi-kills (older mods). */
const multikills = (f: PlayerFigures) =>
  f.multikill_2x === null ||
  f.multikill_3x === null ||
  f.multikill_4x === null ||
  f.multikill_5x === null ||
  f.multikill_6x === null
    ? null
    : f.multikill_2x + f.multikill_3x + f.multikill_4x + f.multikill_5x + f.multikill_6x;
const biggestMultikill = (f: PlayerFigures) =>
  (f.multikill_6x ?? 0) > 0
    ? 6
    : (f.multikill_5x ?? 0) > 0
      ? 5
      : (f.multikill_4x ?? 0) > 0
        ? 4
        : (f.multikill_3x ?? 0) > 0
          ? 3
          : 2;

const rule = (r: AwardRule) => r;

export const AWARD_RULES: readonly AwardRule[] = [
  rule({
    id: 'mvp',
    emoji: '🏆',
    title: 'MVP',
    for: 'most XP, the game’s own score',
    score: (f) => f.xp,
    figure: (f) => `${n(f.xp)} XP`,
  }),
  rule({
    id: 'top_fragger',
    emoji: '🗡️',
    title: 'Top fragger',
    for: 'most kills',
    score: (f) => f.kills,
    figure: (f) => `${plural(f.kills, 'kill')}, K/D ${d2(f.kd)}`,
  }),
  rule({
    id: 'damage_dealer',
    emoji: '📈',
    title: 'Damage dealer',
    for: 'highest damage per minute',
    ratio: true,
    score: (f) => f.dpm,
    figure: (f) => `${d1(f.dpm)} DPM (${n(f.damage_given)} damage in ${d1(f.time_played_min)} min)`,
  }),
  rule({
    id: 'damage_efficiency',
    emoji: '💥',
    title: 'Damage efficiency',
    for: 'damage given per damage received',
    ratio: true,
    score: (f) => (f.damage_received > 0 ? f.damage_given / f.damage_received : null),
    figure: (f) =>
      `${d2(f.damage_given / f.damage_received)}× (${n(f.damage_given)} given / ${n(f.damage_received)} received)`,
  }),
  rule({
    id: 'sharpshooter',
    emoji: '🎯',
    title: 'Sharpshooter',
    for: 'best accuracy',
    ratio: true,
    score: (f) => (f.shots >= MIN_SHOTS ? f.accuracy : null),
    figure: (f) => `${d1(f.accuracy)}% (${n(f.hits)} hits / ${n(f.shots)} shots)`,
  }),
  rule({
    id: 'headhunter',
    emoji: '🪖',
    title: 'Headhunter',
    for: 'most headshot kills',
    score: (f) => f.headshot_kills,
    figure: (f) => plural(f.headshot_kills, 'headshot kill'),
  }),
  rule({
    id: 'rampage',
    emoji: '🔥',
    title: 'Rampage',
    for: 'longest killing spree',
    score: (f) => f.killing_spree,
    figure: (f) => `${plural(f.killing_spree, 'kill')} in a row`,
  }),
  rule({
    id: 'multikill',
    emoji: '⚡',
    title: 'Multikill master',
    for: 'most multi-kills',
    score: (f) => multikills(f),
    figure: (f) => `${plural(multikills(f) ?? 0, 'multi-kill')} (best ${biggestMultikill(f)}×)`,
  }),
  rule({
    id: 'medic',
    emoji: '💉',
    title: 'Medic',
    for: 'most revives given',
    score: (f) => f.revives_given,
    figure: (f) => plural(f.revives_given ?? 0, 'revive'),
  }),
  rule({
    id: 'chief_engineer',
    emoji: '🔧',
    title: 'Chief engineer',
    for: 'most repairs and constructions',
    score: (f) => f.repairs_constructions,
    figure: (f) =>
      plural(f.repairs_constructions ?? 0, 'repair/construction', 'repairs/constructions'),
  }),
  rule({
    id: 'objective_hero',
    emoji: '🚩',
    title: 'Objective hero',
    for: 'objectives stolen/returned, dynamites planted/defused',
    score: objectives,
    figure: (f) =>
      `${plural(objectives(f), 'objective action')} (${f.dynamites_planted} planted, ${f.dynamites_defused} defused, ${f.objectives_stolen} stolen, ${f.objectives_returned} returned)`,
  }),
  rule({
    id: 'butcher',
    emoji: '🥩',
    title: 'Butcher',
    for: 'most gibs',
    score: (f) => f.gibs,
    figure: (f) => plural(f.gibs, 'gib'),
  }),
  rule({
    id: 'grenadier',
    emoji: '💣',
    title: 'Grenadier',
    for: 'most hand-grenade kills',
    score: (f) => f.grenades,
    figure: (f) => plural(f.grenades, 'grenade kill'),
  }),
  rule({
    id: 'wingman',
    emoji: '🤝',
    title: 'Wingman',
    for: 'most kill assists',
    score: (f) => f.kill_assists,
    figure: (f) => plural(f.kill_assists, 'assist'),
  }),
  rule({
    id: 'tank',
    emoji: '🛡️',
    title: 'Tank',
    for: 'most damage received',
    score: (f) => f.damage_received,
    figure: (f) => `${n(f.damage_received)} damage received`,
  }),
  rule({
    id: 'glass_cannon',
    emoji: '🥂',
    title: 'Glass cannon',
    for: 'dealt a lot and took a lot',
    score: (f, ctx) =>
      ctx.maxGiven > 0 && ctx.maxReceived > 0
        ? (f.damage_given / ctx.maxGiven) * (f.damage_received / ctx.maxReceived)
        : null,
    figure: (f) => `${n(f.damage_given)} given, ${n(f.damage_received)} received`,
  }),
  rule({
    id: 'frequent_flyer',
    emoji: '😇',
    title: 'Frequent flyer',
    for: 'revived most often',
    score: (f) => f.times_revived,
    figure: (f) => `revived ${plural(f.times_revived, 'time')}`,
  }),
  rule({
    id: 'spray_and_pray',
    emoji: '🌧️',
    title: 'Spray & pray',
    for: 'most shots per kill',
    ratio: true,
    score: (f) => (f.shots >= MIN_SHOTS ? f.shots / Math.max(f.kills, 1) : null),
    figure: (f) =>
      `${d1(f.shots / Math.max(f.kills, 1))} shots per kill (${d1(f.accuracy)}% accuracy)`,
  }),
  rule({
    id: 'useless_kills',
    emoji: '🗑️',
    title: 'Useless kills',
    for: 'most kills that did not matter',
    score: (f) => f.useless_kills,
    figure: (f) => plural(f.useless_kills ?? 0, 'useless kill'),
  }),
  rule({
    id: 'kill_stealer',
    emoji: '🦝',
    title: 'Kill stealer',
    for: 'most kill steals',
    score: (f) => f.kill_steals,
    figure: (f) => plural(f.kill_steals ?? 0, 'kill steal'),
  }),
  rule({
    id: 'teamkiller',
    emoji: '🤦',
    title: 'Friendly fire',
    for: 'most teamkills',
    score: (f) => f.team_kills,
    figure: (f) => `${plural(f.team_kills, 'teamkill')} (${n(f.team_damage_given)} team damage)`,
  }),
  rule({
    id: 'self_destruct',
    emoji: '🧨',
    title: 'Self-destruct',
    for: 'most self-kills',
    score: (f) => f.self_kills,
    figure: (f) => plural(f.self_kills, 'self-kill'),
  }),
  rule({
    id: 'worst_death_spree',
    emoji: '⚰️',
    title: 'Worst death spree',
    for: 'most deaths in a row',
    score: (f) => f.death_spree,
    figure: (f) => `${plural(f.death_spree, 'death')} in a row`,
  }),
];

/** The awards of a session, in the order of AWARD_RULES; an award nobody earned (all zero) is left out. */
export function sessionAwards(players: readonly AwardCandidate[]): Award[] {
  const longest = Math.max(0, ...players.map((p) => p.figures.time_played_min));
  const active = players.filter((p) => p.figures.time_played_min >= RATIO_MIN_SHARE * longest);
  const ctx: Context = {
    maxGiven: Math.max(0, ...players.map((p) => p.figures.damage_given)),
    maxReceived: Math.max(0, ...players.map((p) => p.figures.damage_received)),
  };
  const awards: Award[] = [];
  for (const r of AWARD_RULES) {
    const scored = (r.ratio ? active : players)
      .map((p) => ({ p, score: r.score(p.figures, ctx) }))
      .filter(
        (s): s is { p: AwardCandidate; score: number } =>
          s.score !== null && Number.isFinite(s.score) && s.score > 0,
      )
      .sort(
        (a, b) =>
          b.score - a.score || a.p.name.localeCompare(b.p.name) || a.p.guid.localeCompare(b.p.guid),
      );
    const best = scored[0];
    if (!best) continue;
    const tiedWith = scored.filter((s) => s.score === best.score).length - 1;
    awards.push({
      id: r.id,
      emoji: r.emoji,
      title: r.title,
      for: r.for,
      guid: best.p.guid,
      name: best.p.name,
      figure: r.figure(best.p.figures),
      tiedWith,
    });
  }
  return awards;
}
