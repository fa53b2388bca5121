import { EXTENDED_FIELDS } from '../stats/fields.ts';
import { type PlayedFile, playMatch } from './match.ts';
import type { MapInfo, MatchKind, ServerProfile } from './match-input.ts';
import { nextName, type Person } from './people.ts';
import type { Random } from './random.ts';
import type { HardCaseRates } from './rates.ts';

/** The map pool: BSP name, default time limit and the side that defends. */
export const MAPS: readonly MapInfo[] = [
  { name: 'supply', limitS: 720, defender: 1 },
  { name: 'etl_adlernest', limitS: 600, defender: 1 },
  { name: 'frostbite', limitS: 600, defender: 2 },
  { name: 'radar', limitS: 900, defender: 1 },
  { name: 'goldrush', limitS: 900, defender: 1 },
  { name: 'braundorf_b4', limitS: 720, defender: 1 },
  { name: 'te_escape2', limitS: 480, defender: 1 },
  { name: 'erdenberg_t2', limitS: 600, defender: 2 },
  { name: 'missile_b3', limitS: 900, defender: 2 },
  { name: 'etl_sp_delivery', limitS: 600, defender: 1 },
  { name: 'etl_ice', limitS: 600, defender: 1 },
  { name: 'sw_goldrush_te', limitS: 720, defender: 1 },
  { name: 'bremen_b3', limitS: 720, defender: 1 },
  { name: 'karsiah_te2', limitS: 720, defender: 2 },
  { name: '1944_beach', limitS: 1200, defender: 1 },
  { name: 'tc_base-b2', limitS: 600, defender: 2 },
];

export interface EveningInput {
  readonly startMs: number;
  readonly maps: number;
  readonly roster: readonly Person[];
  readonly bots: readonly Person[];
  readonly serverName: string;
  readonly rates: HardCaseRates;
}

/** An R1 this evening wrote, to keep an orphan R2 from looking like its R2. */
interface WrittenR1 {
  readonly map: string;
  readonly nextS: number;
  readonly paired: boolean;
}

function profileOf(input: EveningInput, random: Random): ServerProfile {
  const r = input.rates;
  const legacy = random.chance(r.legacyHeader);
  return {
    serverName: input.serverName,
    config: random.chance(r.emptyConfig)
      ? ''
      : random.pick(['legacy6', 'legacy6', 'legacy6', 'etl_comp5']),
    legacy,
    playtimeInSeconds: !legacy && random.chance(r.secondsPlaytime),
    extendedCount: random.chance(r.shortExtended)
      ? random.int(23, EXTENDED_FIELDS.length - 1)
      : EXTENDED_FIELDS.length,
  };
}

function matchKind(rates: HardCaseRates, random: Random): MatchKind {
  const roll = random.next();
  if (roll < rates.orphanR2) return 'orphan';
  if (roll < rates.orphanR2 + rates.r1WithoutR2) return 'r1-only';
  return 'full';
}

/**
 * One evening of play on one server: a few maps in stopwatch, players arriving and leaving,
 * gaps between rounds of a few minutes at most (so it is one session under any gap rule from
 * 30 minutes to 12 hours).
 */
export function playEvening(input: EveningInput, random: Random): PlayedFile[] {
  const profile = profileOf(input, random);
  const { rates, roster } = input;
  const names = { odd: rates.oddName, accented: rates.accentedName };
  for (const person of roster)
    if (random.chance(rates.renameBetweenSessions)) person.name = nextName(person, random, names);
  const attendance = roster.map(() => {
    const arrive = random.chance(0.2) ? random.int(1, Math.max(1, input.maps - 1)) : 0;
    const leave = random.chance(0.2) ? random.int(arrive + 1, input.maps) : input.maps;
    return { arrive, leave };
  });
  const files: PlayedFile[] = [];
  const written: WrittenR1[] = [];
  let t = input.startMs;
  let previous: MapInfo | null = null;
  let replay: MapInfo | null = null;
  for (let m = 0; m < input.maps; m++) {
    let map: MapInfo = replay ?? random.pick(MAPS);
    if (!replay && map === previous) map = random.pick(MAPS);
    let players = roster.filter(
      (_, i) => (attendance[i]?.arrive ?? 0) <= m && m < (attendance[i]?.leave ?? 0),
    );
    if (players.length < 2) players = roster.slice(0, Math.max(2, Math.min(roster.length, 6)));
    players = [...players, ...input.bots];
    const kind = matchKind(rates, random);
    const result = playMatch(
      {
        map,
        kind,
        startMs: t,
        profile,
        players,
        rates,
        // The pairing rule takes the latest R1 of the map whose field 8 is the R2's limit; an orphan's
        // limit must not name such an R1 unless an earlier R2 already holds it.
        forbiddenNext: (s) => {
          if (kind !== 'orphan') return false;
          for (let i = written.length - 1; i >= 0; i--) {
            const r1 = written[i] as WrittenR1;
            if (r1.map === map.name && r1.nextS === s) return !r1.paired;
          }
          return false;
        },
      },
      random,
    );
    files.push(...result.files);
    if (kind !== 'orphan')
      written.push({ map: map.name, nextS: result.r1NextS, paired: kind === 'full' });
    replay = kind === 'r1-only' && random.chance(rates.replay) ? map : null;
    previous = map;
    // Map change (load, warmup) or, before a replay, a server restart.
    t = result.endMs + random.int(replay ? 120 : 40, replay ? 900 : 300) * 1000;
  }
  return files;
}
