import { asRead } from './clock.ts';
import { olderLayout } from './layout.ts';
import { type MatchResult, type PlayedFile, playMatch } from './match.ts';
import type { MapInfo, MatchKind, MatchLatent, ServerProfile } from './match-input.ts';
import { nextName, type Person } from './people.ts';
import type { Random } from './random.ts';
import type { HardCaseRates } from './rates.ts';
import { roundDuration } from '../stats/outcome.ts';
import { clock, fileStamp, writeRoundFile } from './write.ts';

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
  readonly latent?: MatchLatent;
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
  const older = random.chance(r.shortExtended);
  return {
    serverName: input.serverName,
    config: random.chance(r.emptyConfig)
      ? ''
      : random.pick(['legacy6', 'legacy6', 'legacy6', 'etl_comp5']),
    legacy,
    playtimeInSeconds: !legacy && random.chance(r.secondsPlaytime),
    layout: older ? olderLayout(random) : 38,
    // Every mod that writes fewer than 38 fields lacks the field-20 fix; some 38-field ones too.
    bulletsValid: !older && !random.chance(r.garbageBullets),
    roundTwoOnly: random.chance(r.roundTwoOnlyServer),
  };
}

/**
 * A header-only file: a public round nobody played, hours before the evening, so that no pairing
 * window reaches it. The defenders held it to the limit.
 */
function idleRound(profile: ServerProfile, startMs: number, random: Random): PlayedFile {
  const map = random.pick(MAPS);
  const round = random.chance(0.5) ? 1 : 2;
  const endMs = startMs - random.int(3 * 3600, 6 * 3600) * 1000;
  const header = {
    serverName: profile.serverName,
    map: map.name,
    config: 'defaultpublic',
    round,
    defender: map.defender,
    winner: map.defender,
    timeLimit: clock(map.limitS),
    // R2's field 8 is the limit on a hold, or 0:00 where the mod did not repair it.
    nextTimeLimit: round === 2 && random.chance(0.3) ? '0:00' : clock(map.limitS),
    playtime: profile.legacy ? null : String(map.limitS * 1000 + random.int(0, 999)),
  } as const;
  const duration = roundDuration(asRead(header), null);
  const stem = `${fileStamp(endMs)}-${map.name}`;
  const name = `${stem}-round-${round}.txt`;
  return {
    name,
    bytes: writeRoundFile(
      header,
      [],
      { crlf: false, trailingBlanks: false, layout: profile.layout },
      () => '',
    ),
    startMs: endMs - map.limitS * 1000,
    endMs,
    layout: profile.layout,
    lines: [],
    truth: {
      file: name,
      map: map.name,
      round,
      match: round === 1 ? stem : null,
      ...(round === 2 ? { orphan: true, r2_per_round: null } : {}),
      defender: map.defender,
      winner: map.defender,
      timelimit: header.timeLimit,
      duration_s: duration.seconds,
      duration_source: duration.source,
      legacy_header: profile.legacy,
      empty: true,
      ext_fields: [],
      bullets_known: false,
      players: {},
    },
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
export interface Evening {
  readonly files: PlayedFile[];
  /** R1 files that orphans lost: a companion file can outlive its round. */
  readonly lost: NonNullable<MatchResult['lost']>[];
}

export function playEvening(input: EveningInput, random: Random): Evening {
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
  const lost: NonNullable<MatchResult['lost']>[] = [];
  if (random.chance(rates.idleRound)) files.push(idleRound(profile, input.startMs, random));
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
        ...(input.latent ? { latent: input.latent } : {}),
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
    if (result.lost) lost.push(result.lost);
    if (kind !== 'orphan')
      written.push({ map: map.name, nextS: result.r1NextS, paired: kind === 'full' });
    replay = kind === 'r1-only' && random.chance(rates.replay) ? map : null;
    previous = map;
    // Map change (load, warmup) or, before a replay, a server restart.
    t = result.endMs + random.int(replay ? 120 : 40, replay ? 900 : 300) * 1000;
  }
  return { files, lost };
}
