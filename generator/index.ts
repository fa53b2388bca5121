import { type Evening, playEvening } from './evening.ts';
import { type ExtraFile, extras } from './extras.ts';
import { corrupt, MALFORMED_KINDS } from './malformed.ts';
import type { PlayedFile } from './match.ts';
import { type LatentOptions, latentStrengths } from './latent.ts';
import { createPeople, type Person } from './people.ts';
import { createRandom, type Random } from './random.ts';
import { DEFAULT_RATES, type HardCaseRates } from './rates.ts';
import type { Truth, TruthSession } from './truth.ts';
import { fileStamp } from './write.ts';

export { DEFAULT_RATES, type HardCaseRates } from './rates.ts';
export type { LatentOptions } from './latent.ts';

/** Log-odds per unit of strength difference: one spread stronger wins about three rounds in four. */
const DEFAULT_SHARPNESS = 1.2;
const DEFAULT_MAP_BIAS = 0.6;
export { MALFORMED_KINDS, type MalformedKind } from './malformed.ts';
export { ENDSTATS_AWARDS, ENDSTATS_FIGURE_AWARDS, fullGuid } from './companions.ts';
export type { ExtraFile } from './extras.ts';

export interface GenerateOptions {
  /** Same seed and options, same bytes: the generator never uses Math.random. */
  readonly seed: number;
  readonly evenings: number;
  /** Human players in the community (each evening picks some of them). */
  readonly players: number;
  /** `YYYY-MM-DD` of the first evening; default 2025-09-04. */
  readonly startDate?: string;
  /** Omni-bots available (default 6); they play on a `botEvening` share of evenings. */
  readonly bots?: number;
  /** Maps per evening, inclusive range; default [5, 8]. */
  readonly mapsPerEvening?: readonly [number, number];
  /** Humans per evening, inclusive range; default [8, 16] (capped at `players`). */
  readonly playersPerEvening?: readonly [number, number];
  /** Days from one evening to the next, inclusive range; default [1, 4]. */
  readonly daysBetweenEvenings?: readonly [number, number];
  /** How many unreadable files to add (cycling through MALFORMED_KINDS), the day after the last evening. */
  readonly malformed?: number;
  readonly serverName?: string;
  readonly rates?: Partial<HardCaseRates>;
  /**
   * Share of the rounds that also arrive as a CRLF copy (a Windows backup): the same round again,
   * listed in `copies` and in the truth's `duplicates`. Default 0.
   */
  readonly crlfCopies?: number;
  /**
   * Share of the rounds with companion files (`-endstats.txt`; `_ws.txt` too on older mods, whose
   * layout is under 38 fields), listed in `companions` and in the truth's `companions`. An orphan's
   * lost R1 can leave one behind. Default 0.
   */
  readonly companions?: number;
  /**
   * Gives everyone a latent strength that decides who completes each round (see latent.ts), and returns
   * it as `strengths`. Off by default: the same seed then gives the same bytes as before it existed.
   */
  readonly latent?: LatentOptions;
}

export interface GeneratedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface GeneratedCorpus {
  /** Readable rounds in play order, then the malformed files. */
  readonly files: GeneratedFile[];
  /** CRLF copies of some rounds, each under its round's name: the same round again. */
  readonly copies: ExtraFile[];
  /** Companion files (`-endstats.txt`, `_ws.txt`): not rounds. */
  readonly companions: ExtraFile[];
  /** What a correct reader must conclude, in the shape of ../shared/corpus/truth.json. */
  readonly truth: Truth;
  /** Each person's latent strength, with `latent` on (empty otherwise). */
  readonly strengths: ReadonlyMap<string, number>;
}

const DAY_MS = 86_400_000;

function pickRoster(humans: readonly Person[], count: number, random: Random): Person[] {
  if (count >= humans.length) return [...humans];
  const cumulative: number[] = [];
  let total = 0;
  for (const p of humans) {
    total += p.weight;
    cumulative.push(total);
  }
  const chosen = new Set<Person>();
  while (chosen.size < count) {
    const roll = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > roll) hi = mid;
      else lo = mid + 1;
    }
    chosen.add(humans[lo] as Person);
  }
  return [...chosen];
}

function range(
  name: string,
  value: readonly [number, number],
  min: number,
): readonly [number, number] {
  const [lo, hi] = value;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < min || hi < lo) {
    throw new RangeError(
      `${name} must be two whole numbers [lo, hi] with ${min} <= lo <= hi, got [${lo}, ${hi}]`,
    );
  }
  return value;
}

/** Sessions: a gap longer than this between a round's end and the next one's start splits them. */
export const SESSION_GAP_MS = 60 * 60_000;

/**
 * The gaming sessions as the rule gives them (STATS_FORMAT.md, "Gaming sessions"): a round starts its
 * duration before its file (at the file when the duration is unknown); empty rounds are in none.
 */
function sessionsOf(played: readonly PlayedFile[]): TruthSession[] {
  const rounds = played
    .filter((f) => !f.truth.empty)
    .map((f) => ({ f, end: f.endMs, start: f.endMs - (f.truth.duration_s ?? 0) * 1000 }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: PlayedFile[][] = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const r of rounds) {
    if (r.start - lastEnd > SESSION_GAP_MS) groups.push([]);
    groups[groups.length - 1]?.push(r.f);
    lastEnd = Math.max(lastEnd, r.end);
  }
  return groups.map((files) => {
    const humans = new Set(files.flatMap((f) => f.lines.filter((l) => !l.bot).map((l) => l.guid)));
    return {
      rounds: files.map((f) => f.name).sort(),
      players: [...humans].sort(),
    };
  });
}

function summarise(played: readonly PlayedFile[]): Pick<Truth, 'rounds' | 'sessions' | 'players'> {
  const players: Truth['players'] = {};
  for (const file of played) {
    for (const line of file.lines) {
      const known = players[line.guid] ?? { names: [], bot: line.bot };
      players[line.guid] = known;
      if (!known.names.includes(line.name)) known.names.push(line.name);
    }
  }
  const rounds = played.map((f) => f.truth);
  rounds.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { rounds, sessions: sessionsOf(played), players };
}

function share(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1))
    throw new RangeError(`${name} must be a share from 0 to 1, got ${value}`);
}

/**
 * Generates round files of a community playing stopwatch over `evenings` evenings, with the hard
 * cases of STATS_FORMAT.md at the rates of `options.rates` (see DEFAULT_RATES), and the truth a
 * correct reader must conclude from them. 20,000 rounds take a few seconds.
 *
 * The truth is what STATS_FORMAT.md concludes from the files, exact by construction: R2 players hold
 * round 2 alone (cumulative fields are the R2 file minus the R1 file, weapon numbers never below 0,
 * except for late joiners, reconnects and round-2-only servers); a figure the file's layout lacks,
 * or a garbage field 20, is null; time alive % of round 2 is what the two files' ratios give;
 * `duration_s` comes from the spec's sources in its order (null when none tells); `match` is what
 * the pairing rule gives with any window from 45 minutes to 2 hours; sessions are what the
 * 60-minute gap rule gives (a round starting its duration before its file), which is one per
 * evening but for rare long gaps, with every human in their files (late joiners and orphan R2s
 * included), empty rounds in none; `winner` is field 6 as written (0 only where the clock tells,
 * see `winnerUnknown`), while `map_score` follows the true outcomes.
 *
 * @example
 * const { files, truth } = generateCorpus({ seed: 1, evenings: 16, players: 30, malformed: 7 });
 */
export function generateCorpus(options: GenerateOptions): GeneratedCorpus {
  const rates: HardCaseRates = { ...DEFAULT_RATES, ...options.rates };
  if (!Number.isInteger(options.evenings) || options.evenings < 0)
    throw new RangeError(`evenings must be a whole number >= 0, got ${options.evenings}`);
  if (!Number.isInteger(options.players) || options.players < 2)
    throw new RangeError(`players must be a whole number >= 2, got ${options.players}`);
  share('crlfCopies', options.crlfCopies);
  share('companions', options.companions);
  const startDate = options.startDate ?? '2025-09-04';
  const firstDay = Date.parse(`${startDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate) || Number.isNaN(firstDay))
    throw new RangeError(`startDate must be YYYY-MM-DD, got "${startDate}"`);
  const maps = range('mapsPerEvening', options.mapsPerEvening ?? [5, 8], 1);
  const perEvening = range('playersPerEvening', options.playersPerEvening ?? [8, 16], 1);
  const days = range('daysBetweenEvenings', options.daysBetweenEvenings ?? [1, 4], 1);
  const random = createRandom(options.seed);
  const people = createPeople(options.players, options.bots ?? 6, random, {
    odd: rates.oddName,
    accented: rates.accentedName,
  });
  const humans = people.filter((p) => !p.bot);
  const bots = people.filter((p) => p.bot);
  const serverName = options.serverName ?? '^1ET^7:^4Legacy ^7Community #1';
  const strengths = options.latent
    ? latentStrengths(people, options.seed)
    : new Map<string, number>();
  const latent = options.latent
    ? {
        strengths,
        sharpness: options.latent.sharpness ?? DEFAULT_SHARPNESS,
        mapBias: options.latent.mapBias ?? DEFAULT_MAP_BIAS,
      }
    : undefined;

  const evenings: Evening[] = [];
  let day = firstDay;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (let e = 0; e < options.evenings; e++) {
    if (e > 0) day += random.int(days[0], days[1]) * DAY_MS;
    // Evenings stay more than 12 hours apart, so that every gap rule up to 12 hours separates them.
    while (day + 19 * 3_600_000 < lastEnd + 13 * 3_600_000) day += DAY_MS;
    const roster = pickRoster(
      humans,
      random.int(Math.min(perEvening[0], humans.length), Math.min(perEvening[1], humans.length)),
      random,
    );
    const withBots = bots.length > 0 && random.chance(rates.botEvening);
    evenings.push(
      playEvening(
        {
          startMs: day + random.int(19 * 3600, 23 * 3600 + 1800) * 1000,
          maps: random.int(maps[0], maps[1]),
          roster,
          bots: withBots
            ? random.shuffle([...bots]).slice(0, random.int(2, Math.min(6, bots.length)))
            : [],
          serverName,
          rates,
          ...(latent ? { latent } : {}),
        },
        random,
      ),
    );
    for (const f of evenings[evenings.length - 1]?.files ?? [])
      lastEnd = Math.max(lastEnd, f.endMs);
  }
  const played = evenings.flatMap((e) => e.files);
  const summary = summarise(played);
  // A header-only round has no player line to corrupt.
  const sources = played.filter((f) => f.lines.length > 0);

  const malformed: GeneratedFile[] = [];
  const malformedDay = day + DAY_MS + 13 * 3600 * 1000;
  for (let i = 0; i < (options.malformed ?? 0) && sources.length > 0; i++) {
    const stamp = fileStamp(malformedDay + i * 60_000);
    const kind = MALFORMED_KINDS[i % MALFORMED_KINDS.length] as (typeof MALFORMED_KINDS)[number];
    const { name, bytes } = corrupt(kind, random.pick(sources), stamp, random);
    malformed.push({ name, bytes });
  }
  const extra = extras(evenings, {
    seed: options.seed,
    crlfCopies: options.crlfCopies ?? 0,
    companions: options.companions ?? 0,
  });
  return {
    files: [...played.map(({ name, bytes }) => ({ name, bytes })), ...malformed],
    copies: extra.copies,
    companions: extra.companions,
    truth: { ...summary, malformed: malformed.map((f) => f.name).sort(), ...extra.truth },
    strengths,
  };
}
