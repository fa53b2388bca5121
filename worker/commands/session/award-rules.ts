import type { PlayerFigures } from '../../queries/session-report.ts';

/**
 * The session awards as data: what each ranks, its written rule, and which awards exclude each other.
 * `awards.ts` gives them to players.
 */

/** The share of the longest time played that a ratio award needs. */
export const RATIO_MIN_SHARE = 0.25;
/** Shots before accuracy and shots-per-kill count. */
export const MIN_SHOTS = 100;

export interface AwardContext {
  readonly maxGiven: number;
  readonly maxReceived: number;
}

/**
 * Awards that contradict each other when one player holds several: each group's awards go, in the
 * order of AWARD_RULES, to the best player who holds none of the group yet.
 */
export const EXCLUSIVE = {
  /** Best given-to-received ratio against taking the most, or dealing and taking a lot. */
  damage: ['damage_efficiency', 'tank', 'glass_cannon'],
  /** Best accuracy against the most shots per kill. */
  aim: ['sharpshooter', 'spray_and_pray'],
} as const satisfies Record<string, readonly string[]>;

export interface AwardRule {
  readonly id: string;
  readonly emoji: string;
  readonly title: string;
  readonly for: string;
  /** The rule in words: what is ranked and who can be ranked (see `awardRuleText` for the whole rule). */
  readonly rule: string;
  /** Ratio awards need the activity threshold. */
  readonly ratio?: boolean;
  /** Higher wins; null or ≤ 0: not a candidate. */
  score(f: PlayerFigures, ctx: AwardContext): number | null;
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
    // Not "MVP": the summary names the session's MVP by its own rule (team-summary.ts); one name, one rule.
    id: 'top_scorer',
    emoji: '🏆',
    title: 'Top scorer',
    for: 'most XP, the game’s own score',
    rule: 'Most XP over the session (the game’s own score).',
    score: (f) => f.xp,
    figure: (f) => `${n(f.xp)} XP`,
  }),
  rule({
    id: 'top_fragger',
    emoji: '🗡️',
    title: 'Top fragger',
    for: 'most kills',
    rule: 'Most kills.',
    score: (f) => f.kills,
    figure: (f) => `${plural(f.kills, 'kill')}, K/D ${d2(f.kd)}`,
  }),
  rule({
    id: 'damage_dealer',
    emoji: '📈',
    title: 'Damage dealer',
    for: 'highest damage per minute',
    rule: 'Highest damage per minute: damage given × 60 ÷ seconds played.',
    ratio: true,
    score: (f) => f.dpm,
    figure: (f) => `${d1(f.dpm)} DPM (${n(f.damage_given)} damage in ${d1(f.time_played_min)} min)`,
  }),
  rule({
    id: 'damage_efficiency',
    emoji: '💥',
    title: 'Damage efficiency',
    for: 'damage given per damage received',
    rule: 'Highest damage given ÷ damage received; a player who received no damage is not ranked.',
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
    rule: `Best accuracy, hits ÷ shots, with at least ${MIN_SHOTS} shots.`,
    ratio: true,
    score: (f) => (f.shots >= MIN_SHOTS ? f.accuracy : null),
    figure: (f) => `${d1(f.accuracy)}% (${n(f.hits)} hits / ${n(f.shots)} shots)`,
  }),
  rule({
    id: 'headhunter',
    emoji: '🪖',
    title: 'Headhunter',
    for: 'most headshot kills',
    rule: 'Most headshot kills.',
    score: (f) => f.headshot_kills,
    figure: (f) => plural(f.headshot_kills, 'headshot kill'),
  }),
  rule({
    id: 'rampage',
    emoji: '🔥',
    title: 'Rampage',
    for: 'longest killing spree',
    rule: 'Longest killing spree in one round: most kills in a row without dying.',
    score: (f) => f.killing_spree,
    figure: (f) => `${plural(f.killing_spree, 'kill')} in a row`,
  }),
  rule({
    id: 'multikill',
    emoji: '⚡',
    title: 'Multikill master',
    for: 'most multi-kills',
    rule: 'Most multi-kills (2× to 6× together); not given while the files did not record them.',
    score: (f) => multikills(f),
    figure: (f) => `${plural(multikills(f) ?? 0, 'multi-kill')} (best ${biggestMultikill(f)}×)`,
  }),
  rule({
    id: 'medic',
    emoji: '💉',
    title: 'Medic',
    for: 'most revives given',
    rule: 'Most revives given; not given while the files did not record them.',
    score: (f) => f.revives_given,
    figure: (f) => plural(f.revives_given ?? 0, 'revive'),
  }),
  rule({
    id: 'chief_engineer',
    emoji: '🔧',
    title: 'Chief engineer',
    for: 'most repairs and constructions',
    rule: 'Most repairs and constructions; not given while the files did not record them.',
    score: (f) => f.repairs_constructions,
    figure: (f) =>
      plural(f.repairs_constructions ?? 0, 'repair/construction', 'repairs/constructions'),
  }),
  rule({
    id: 'objective_hero',
    emoji: '🚩',
    title: 'Objective hero',
    for: 'objectives stolen/returned, dynamites planted/defused',
    rule: 'Most objectives stolen and returned plus dynamites planted and defused.',
    score: objectives,
    figure: (f) =>
      `${plural(objectives(f), 'objective action')} (${f.dynamites_planted} planted, ${f.dynamites_defused} defused, ${f.objectives_stolen} stolen, ${f.objectives_returned} returned)`,
  }),
  rule({
    id: 'butcher',
    emoji: '🥩',
    title: 'Butcher',
    for: 'most gibs',
    rule: 'Most gibs.',
    score: (f) => f.gibs,
    figure: (f) => plural(f.gibs, 'gib'),
  }),
  rule({
    id: 'grenadier',
    emoji: '💣',
    title: 'Grenadier',
    for: 'most hand-grenade kills',
    rule: 'Most kills with hand grenades.',
    score: (f) => f.grenades,
    figure: (f) => plural(f.grenades, 'grenade kill'),
  }),
  rule({
    id: 'wingman',
    emoji: '🤝',
    title: 'Wingman',
    for: 'most kill assists',
    rule: 'Most kill assists.',
    score: (f) => f.kill_assists,
    figure: (f) => plural(f.kill_assists, 'assist'),
  }),
  rule({
    id: 'tank',
    emoji: '🛡️',
    title: 'Tank',
    for: 'most damage received',
    rule: 'Most damage received.',
    score: (f) => f.damage_received,
    figure: (f) => `${n(f.damage_received)} damage received`,
  }),
  rule({
    id: 'glass_cannon',
    emoji: '🥂',
    title: 'Glass cannon',
    for: 'dealt a lot and took a lot',
    rule: 'Highest product of damage given and damage received, each as a share of the session’s highest.',
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
    rule: 'Revived most often.',
    score: (f) => f.times_revived,
    figure: (f) => `revived ${plural(f.times_revived, 'time')}`,
  }),
  rule({
    id: 'spray_and_pray',
    emoji: '🌧️',
    title: 'Spray & pray',
    for: 'most shots per kill',
    rule: `Most shots per kill (shots ÷ kills, a player without kills counted as 1), with at least ${MIN_SHOTS} shots.`,
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
    rule: 'Most useless kills (the mod’s count of kills that did not matter); not given while the files did not record them.',
    score: (f) => f.useless_kills,
    figure: (f) => plural(f.useless_kills ?? 0, 'useless kill'),
  }),
  rule({
    id: 'kill_stealer',
    emoji: '🦝',
    title: 'Kill stealer',
    for: 'most kill steals',
    rule: 'Most kill steals.',
    score: (f) => f.kill_steals,
    figure: (f) => plural(f.kill_steals ?? 0, 'kill steal'),
  }),
  rule({
    id: 'teamkiller',
    emoji: '🤦',
    title: 'Friendly fire',
    for: 'most teamkills',
    rule: 'Most teamkills.',
    score: (f) => f.team_kills,
    figure: (f) => `${plural(f.team_kills, 'teamkill')} (${n(f.team_damage_given)} team damage)`,
  }),
  rule({
    id: 'self_destruct',
    emoji: '🧨',
    title: 'Self-destruct',
    for: 'most self-kills',
    rule: 'Most self-kills.',
    score: (f) => f.self_kills,
    figure: (f) => plural(f.self_kills, 'self-kill'),
  }),
  rule({
    id: 'worst_death_spree',
    emoji: '⚰️',
    title: 'Worst death spree',
    for: 'most deaths in a row',
    rule: 'Longest death spree in one round: most deaths in a row without a kill.',
    score: (f) => f.death_spree,
    figure: (f) => `${plural(f.death_spree, 'death')} in a row`,
  }),
];
