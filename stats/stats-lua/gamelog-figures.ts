import type { StatsLuaEvent } from './payload.ts';

/** The counts a round's `gamelog` determines, under the names of the file's fields 10–37. */
export const EVENT_COUNTS = [
  'killing_spree',
  'death_spree',
  'kill_assists',
  'headshot_kills',
  'objectives_stolen',
  'objectives_returned',
  'dynamites_planted',
  'dynamites_defused',
  'times_revived',
  'revives_given',
] as const;

/**
 * What a round's `gamelog` determines of the file's fields 10–37, per player (full GUID). Everything
 * else the payload does not carry stays unknown. Level times are corrected for pauses (a `pause` /
 * `unpause` pair), as the stats.lua README asks of ingest.
 */
export type EventFigures = Record<(typeof EVENT_COUNTS)[number], number> & {
  /** In ms: from the player's first spawn to the round's end. */
  time_played_ms: number;
  /** In ms: from each death to the next spawn or revive (or the round's end). */
  time_dead_ms: number;
};

const blank = (): EventFigures => ({
  ...(Object.fromEntries(EVENT_COUNTS.map((k) => [k, 0])) as Record<
    (typeof EVENT_COUNTS)[number],
    number
  >),
  time_played_ms: 0,
  time_dead_ms: 0,
});

const COUNTED: Readonly<Record<string, keyof EventFigures>> = {
  assist: 'kill_assists',
  obj_taken: 'objectives_stolen',
  obj_returned: 'objectives_returned',
  obj_planted: 'dynamites_planted',
  obj_defused: 'dynamites_defused',
};

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Level times with every pause taken out: the time the round was played up to each event. */
export function playedClock(events: readonly StatsLuaEvent[]) {
  const pauses: [number, number][] = [];
  let pausedAt: number | undefined;
  for (const e of events) {
    if (e.label === 'pause' && pausedAt === undefined) pausedAt = e.leveltime;
    else if (e.label === 'unpause' && pausedAt !== undefined) {
      pauses.push([pausedAt, e.leveltime]);
      pausedAt = undefined;
    }
  }
  return (t: number) => {
    let paused = 0;
    for (const [from, to] of pauses) if (t > from) paused += Math.min(t, to) - from;
    if (pausedAt !== undefined && t > pausedAt) paused += t - pausedAt;
    return t - paused;
  };
}

/** Per full GUID, in event order (the array order stats.lua keeps). */
export function figuresFromEvents(
  events: readonly StatsLuaEvent[],
  roundEnd: number,
): Map<string, EventFigures> {
  const out = new Map<string, EventFigures>();
  const of = (guid: string) => {
    const known = out.get(guid);
    if (known) return known;
    const f = blank();
    out.set(guid, f);
    return f;
  };
  const played = playedClock(events);
  const end = played(roundEnd);
  const spree = new Map<string, number>();
  const deathSpree = new Map<string, number>();
  const firstSpawn = new Map<string, number>();
  const diedAt = new Map<string, number>();
  /** The hit region of each attacker's last damage to each victim: a kill's last blow. */
  const lastHit = new Map<string, string>();
  const alive = (guid: string, t: number) => {
    const since = diedAt.get(guid);
    if (since !== undefined) of(guid).time_dead_ms += t - since;
    diedAt.delete(guid);
  };
  const died = (guid: string, t: number) => {
    of(guid);
    spree.set(guid, 0);
    const n = (deathSpree.get(guid) ?? 0) + 1;
    deathSpree.set(guid, n);
    const f = of(guid);
    f.death_spree = Math.max(f.death_spree, n);
    if (!diedAt.has(guid)) diedAt.set(guid, t);
  };
  for (const e of events) {
    const t = played(e.leveltime);
    const player = text(e.player);
    const counted = COUNTED[e.label];
    if (counted) {
      const who = e.label === 'assist' ? text(e.assister) : player;
      if (who) of(who)[counted]++;
      continue;
    }
    switch (e.label) {
      case 'spawn':
        if (player) {
          if (!firstSpawn.has(player)) firstSpawn.set(player, t);
          alive(player, t);
        }
        break;
      case 'damage': {
        const killer = text(e.killer);
        const victim = text(e.victim);
        if (killer && victim) lastHit.set(`${killer} ${victim}`, text(e.hit_region) ?? '');
        break;
      }
      case 'kill': {
        const killer = text(e.killer);
        const victim = text(e.victim);
        if (!killer || !victim) break;
        const k = of(killer);
        const n = (spree.get(killer) ?? 0) + 1;
        spree.set(killer, n);
        k.killing_spree = Math.max(k.killing_spree, n);
        deathSpree.set(killer, 0);
        if (lastHit.get(`${killer} ${victim}`) === 'HR_HEAD') k.headshot_kills++;
        died(victim, t);
        break;
      }
      case 'teamkill': {
        const victim = text(e.victim);
        if (victim) died(victim, t);
        break;
      }
      case 'suicide':
        if (player) died(player, t);
        break;
      case 'revive': {
        const victim = text(e.victim);
        if (player) of(player).revives_given++;
        if (victim) {
          of(victim).times_revived++;
          alive(victim, t);
        }
        break;
      }
    }
  }
  for (const guid of diedAt.keys()) alive(guid, end);
  for (const [guid, t] of firstSpawn) of(guid).time_played_ms = Math.max(0, end - t);
  return out;
}
