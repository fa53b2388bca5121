/** Figures every view computes the same way from a player's counters (one round or many summed). */
export interface MetricInputs {
  readonly kills: number;
  readonly deaths: number;
  readonly hits: number;
  readonly shots: number;
  readonly headshot_hits: number;
  readonly damage_given: number;
  readonly time_played_min: number;
}

/** Kills per death; with no deaths, the kills themselves (not the mod's kills + 1). */
export const killDeathRatio = (m: MetricInputs): number =>
  m.deaths > 0 ? m.kills / m.deaths : m.kills;

/** Hits / shots over all weapons, in percent. */
export const accuracy = (m: MetricInputs): number => (m.shots > 0 ? (100 * m.hits) / m.shots : 0);

/** Damage per minute of the player's own time played, so late joiners are not penalised. */
export const damagePerMinute = (m: MetricInputs): number =>
  m.time_played_min > 0 ? m.damage_given / m.time_played_min : 0;

/** Kills / (kills + deaths), in percent. */
export const efficiency = (m: MetricInputs): number =>
  m.kills + m.deaths > 0 ? (100 * m.kills) / (m.kills + m.deaths) : 0;

/** Headshot hits / hits, in percent (headshot kills are a separate figure). */
export const headshotPercent = (m: MetricInputs): number =>
  m.hits > 0 ? (100 * m.headshot_hits) / m.hits : 0;
