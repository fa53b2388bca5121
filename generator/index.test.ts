import { describe, expect, it } from 'vitest';
import { EXTENDED_FIELDS, type ExtendedFigures, WEAPON_NAMES } from '../stats/fields.ts';
import {
  DEFAULT_RATES,
  type GeneratedCorpus,
  generateCorpus,
  type HardCaseRates,
  MALFORMED_KINDS,
} from './index.ts';
import { corrupt } from './malformed.ts';
import { createRandom } from './random.ts';
import { readStatsFile } from '../stats/read.ts';
import type { ParsedRound, PlayerLine, WeaponLine } from '../stats/round.ts';
import { TRUTH_EXTENDED_KEYS, type TruthRound } from './truth.ts';

/** Hard cases far more often than real servers have them, so a small run holds many of each. */
const OFTEN: Partial<HardCaseRates> = {
  lateJoin: 0.08,
  leaveEarly: 0.08,
  reconnect: 0.06,
  renameBetweenRounds: 0.05,
  spectator: 0.05,
  surrender: 0.1,
  orphanR2: 0.08,
  r1WithoutR2: 0.08,
  winnerUnknown: 0.1,
  legacyHeader: 0.25,
  shortExtended: 0.15,
  secondsPlaytime: 0.15,
  unknownPlaytime: 0.05,
  absurdNextTime: 0.05,
  oddName: 0.2,
  accentedName: 0.2,
  botEvening: 0.3,
  crlf: 0.1,
  trailingBlanks: 0.1,
  noFinalNewline: 0.05,
};
const corpus = generateCorpus({
  seed: 7,
  evenings: 40,
  players: 40,
  malformed: 2 * MALFORMED_KINDS.length,
  rates: OFTEN,
});
const fileTime = (name: string) =>
  Date.parse(
    `${name.slice(0, 10)}T${name.slice(11, 13)}:${name.slice(13, 15)}:${name.slice(15, 17)}Z`,
  );

function readAll(c: GeneratedCorpus): Map<string, ParsedRound> {
  const rounds = new Map<string, ParsedRound>();
  for (const f of c.files) {
    const r = readStatsFile(f.name, f.bytes);
    if (r.ok) rounds.set(f.name, r.round);
  }
  return rounds;
}
const parsed = readAll(corpus);

/** A player's figures in truth.json's terms, from weapons and extended fields. */
function asTruth(
  p: { nameRaw: string; team: number; bot: boolean },
  weapons: readonly WeaponLine[],
  ext: ExtendedFigures,
) {
  const sum = (k: 'kills' | 'deaths' | 'hits' | 'shots' | 'headshots') =>
    weapons.reduce((n, w) => n + w[k], 0);
  return {
    name: p.nameRaw,
    team: p.team,
    bot: p.bot,
    kills: sum('kills'),
    deaths: sum('deaths'),
    hits: sum('hits'),
    shots: sum('shots'),
    headshot_hits: sum('headshots'),
    ...Object.fromEntries(TRUTH_EXTENDED_KEYS.map((k) => [k, ext[k]])),
    weapons: Object.fromEntries(weapons.map(({ weapon, ...w }) => [WEAPON_NAMES[weapon], w])),
  };
}

const COUNTERS = ['hits', 'shots', 'kills', 'deaths', 'headshots'] as const;

/** Round 2 alone per STATS_FORMAT "Stopwatch", written independently of stats/derive*.ts as the oracle. */
function roundTwoAlone(r1: PlayerLine | undefined, r2: PlayerLine) {
  if (!r1)
    return { ...asTruth(r2, r2.weapons, r2.extended), joined_in_r2: true, reconnected: false };
  const before = new Map(r1.weapons.map((w) => [w.weapon, w]));
  const after = new Map(r2.weapons.map((w) => [w.weapon, w]));
  const dropped =
    EXTENDED_FIELDS.some(
      (f) => f.kind === 'cumulative' && r2.extended[f.key] < r1.extended[f.key],
    ) || r1.weapons.some((w) => COUNTERS.some((k) => (after.get(w.weapon)?.[k] ?? 0) < w[k]));
  if (dropped)
    return { ...asTruth(r2, r2.weapons, r2.extended), joined_in_r2: false, reconnected: true };
  const ext = { ...r2.extended };
  for (const f of EXTENDED_FIELDS)
    if (f.kind === 'cumulative')
      ext[f.key] = Math.round((r2.extended[f.key] - r1.extended[f.key]) * 10) / 10;
  const weapons = r2.weapons
    .map(
      (w) =>
        ({
          weapon: w.weapon,
          ...Object.fromEntries(COUNTERS.map((k) => [k, w[k] - (before.get(w.weapon)?.[k] ?? 0)])),
        }) as WeaponLine,
    )
    .filter((w) => COUNTERS.some((k) => w[k] !== 0));
  return { ...asTruth(r2, weapons, ext), joined_in_r2: false, reconnected: false };
}

/** Pairing per STATS_FORMAT: the latest R1 of the map within the window whose field 8 is the R2's limit, if free. */
function pairByRule(
  rounds: readonly TruthRound[],
  windowMs = 45 * 60_000,
): Map<string, string | null> {
  const sorted = [...rounds].sort((a, b) => fileTime(a.file) - fileTime(b.file));
  const taken = new Set<string>();
  const pairs = new Map<string, string | null>();
  sorted.forEach((r2, i) => {
    if (r2.round !== 2) return;
    const limit = parsed.get(r2.file)?.header.timeLimitS;
    pairs.set(r2.file, null);
    for (let j = i - 1; j >= 0; j--) {
      const r1 = sorted[j] as TruthRound;
      if (fileTime(r2.file) - fileTime(r1.file) > windowMs) break;
      if (
        r1.round !== 1 ||
        r1.map !== r2.map ||
        parsed.get(r1.file)?.header.nextTimeLimitS !== limit
      )
        continue;
      if (!taken.has(r1.file)) {
        taken.add(r1.file);
        pairs.set(r2.file, r1.file.replace('-round-1.txt', ''));
      }
      break;
    }
  });
  return pairs;
}

describe('generateCorpus', () => {
  it('is deterministic: the same options give the same bytes and truth, another seed other bytes', () => {
    const a = generateCorpus({ seed: 3, evenings: 4, players: 12, malformed: 3 });
    const b = generateCorpus({ seed: 3, evenings: 4, players: 12, malformed: 3 });
    const c = generateCorpus({ seed: 4, evenings: 4, players: 12, malformed: 3 });
    expect(b).toEqual(a);
    expect(c.files.map((f) => f.name)).not.toEqual(a.files.map((f) => f.name));
  });

  it('writes readable files for every truth round and unreadable ones for every malformed name', () => {
    expect(corpus.files).toHaveLength(corpus.truth.rounds.length + corpus.truth.malformed.length);
    expect([...parsed.keys()].sort()).toEqual(corpus.truth.rounds.map((r) => r.file));
    for (const name of corpus.truth.malformed) {
      const r = readStatsFile(
        name,
        corpus.files.find((f) => f.name === name)?.bytes ?? new Uint8Array(),
      );
      expect(r.ok, name).toBe(false);
      if (!r.ok)
        expect(Number.isInteger(r.line) && r.line >= 0 && r.reason !== '', name).toBe(true);
    }
  });

  it.each(MALFORMED_KINDS)('corrupts a readable round into an unreadable %s file', (kind) => {
    const random = createRandom(11);
    for (const source of corpus.files.filter((f) => parsed.has(f.name)).slice(0, 60)) {
      const bad = corrupt(kind, source, '2030-01-01-130000', random);
      expect(readStatsFile(bad.name, bad.bytes).ok, `${kind} of ${source.name}`).toBe(false);
    }
  });

  it('states each header as the truth says, with the true duration wherever the header carries it', () => {
    for (const t of corpus.truth.rounds) {
      const { header } = parsed.get(t.file) as ParsedRound;
      const limit = `${Math.floor(header.timeLimitS / 60)}:${String(header.timeLimitS % 60).padStart(2, '0')}`;
      expect(
        [header.map, header.round, header.defender, header.winner, limit, header.legacyHeader],
        t.file,
      ).toEqual([t.map, t.round, t.defender, t.winner, t.timelimit, t.legacy_header]);
      if (header.playtimeS !== null) expect(header.playtimeS, t.file).toBe(t.duration_s);
      // R1 field 8: the attackers' time when they completed, the limit otherwise (fullhold, surrender).
      const completed = header.winner === 0 ? undefined : header.winner !== header.defender;
      if (t.round === 1 && completed) expect(header.nextTimeLimitS, t.file).toBe(t.duration_s);
      if (t.round === 1 && completed === false)
        expect(header.nextTimeLimitS, t.file).toBe(header.timeLimitS);
    }
  });

  it('gives each R1 the figures its file holds', () => {
    for (const t of corpus.truth.rounds.filter((r) => r.round === 1)) {
      const round = parsed.get(t.file) as ParsedRound;
      expect(Object.keys(t.players ?? {}).sort(), t.file).toEqual(
        round.players.map((p) => p.guid).sort(),
      );
      for (const p of round.players) {
        const { left_early: _, ...expected } = t.players?.[p.guid] ?? {};
        expect(asTruth(p, p.weapons, p.extended), `${t.file} ${p.guid}`).toEqual(expected);
      }
    }
  });

  it('writes R2 files whose round-2-alone figures, derived by the STATS_FORMAT rules, are the truth', () => {
    let continuing = 0;
    for (const t of corpus.truth.rounds.filter((r) => r.round === 2 && !r.orphan)) {
      const r1 = parsed.get(`${t.match}-round-1.txt`) as ParsedRound;
      const r2 = parsed.get(t.file) as ParsedRound;
      const before = new Map(r1.players.map((p) => [p.guid, p]));
      expect(Object.keys(t.players ?? {}).sort(), t.file).toEqual(
        r2.players.map((p) => p.guid).sort(),
      );
      for (const p of r2.players) {
        expect(roundTwoAlone(before.get(p.guid), p), `${t.file} ${p.guid}`).toEqual(
          t.players?.[p.guid],
        );
        if (before.has(p.guid) && !t.players?.[p.guid]?.reconnected) continuing++;
      }
      const inR2 = new Set(r2.players.map((p) => p.guid));
      const r1Truth = corpus.truth.rounds.find((r) => r.file === `${t.match}-round-1.txt`);
      for (const [guid, p] of Object.entries(r1Truth?.players ?? {}))
        expect(p.left_early, `${t.match} ${guid}`).toBe(!inR2.has(guid));
    }
    expect(continuing).toBeGreaterThan(1000);
  });

  it('marks orphans: an R2 with no R1 holds match totals, no per-round figures and no map score', () => {
    const orphans = corpus.truth.rounds.filter((r) => r.orphan);
    expect(orphans.length).toBeGreaterThan(5);
    for (const o of orphans)
      expect(o).toMatchObject({
        match: null,
        players: null,
        cumulative_as_written: true,
        round: 2,
      });
    for (const o of orphans) expect(o.map_score).toBeUndefined();
  });

  it('pairs rounds exactly as the pairing rule does, with any window from 45 minutes to 2 hours', () => {
    for (const windowMs of [45 * 60_000, 120 * 60_000]) {
      const pairs = pairByRule(corpus.truth.rounds, windowMs);
      for (const t of corpus.truth.rounds.filter((r) => r.round === 2))
        expect(pairs.get(t.file), t.file).toBe(t.match);
    }
  });

  it("scores each complete map by the game's stopwatch rule (round-2 winner), using the clock only where field 6 is 0", () => {
    const attackersWon = (r: ParsedRound, durationS: number) =>
      r.header.winner !== 0
        ? r.header.winner !== r.header.defender
        : durationS < r.header.timeLimitS;
    for (const t of corpus.truth.rounds.filter((r) => r.map_score)) {
      const r1 = corpus.truth.rounds.find((r) => r.file === `${t.match}-round-1.txt`) as TruthRound;
      const won1 = attackersWon(parsed.get(r1.file) as ParsedRound, r1.duration_s);
      const won2 = attackersWon(parsed.get(t.file) as ParsedRound, t.duration_s);
      // The round-2 winner takes the map 2–0; a double fullhold is 1–1.
      const expected = won2 ? [0, 2] : won1 ? [2, 0] : [1, 1];
      expect(t.map_score, t.file).toEqual({
        first_attackers: expected[0],
        first_defenders: expected[1],
      });
    }
  });

  it('groups sessions as any gap rule from 30 minutes to 12 hours does, with the humans who played', () => {
    const rounds = corpus.truth.rounds.map((r) => ({
      file: r.file,
      end: fileTime(r.file),
      start: fileTime(r.file) - r.duration_s * 1000,
    }));
    for (const gapMs of [30 * 60_000, 60 * 60_000, 12 * 3_600_000]) {
      const sessions: string[][] = [];
      let lastEnd = Number.NEGATIVE_INFINITY;
      for (const r of rounds) {
        if (r.start - lastEnd > gapMs) sessions.push([]);
        sessions[sessions.length - 1]?.push(r.file);
        lastEnd = Math.max(lastEnd, r.end);
      }
      expect(sessions, `gap ${gapMs}`).toEqual(corpus.truth.sessions.map((s) => s.rounds));
    }
    for (const s of corpus.truth.sessions) {
      const humans = new Set(
        s.rounds.flatMap((f) =>
          (parsed.get(f) as ParsedRound).players.filter((p) => !p.bot).map((p) => p.guid),
        ),
      );
      expect(s.players).toEqual([...humans].sort());
    }
  });

  it('lists every name of every GUID oldest first, and flags bots', () => {
    const seen = new Map<string, string[]>();
    for (const t of corpus.truth.rounds) {
      for (const p of (parsed.get(t.file) as ParsedRound).players) {
        const names = seen.get(p.guid) ?? [];
        if (!names.includes(p.nameRaw)) names.push(p.nameRaw);
        seen.set(p.guid, names);
        expect(corpus.truth.players[p.guid]?.bot, p.guid).toBe(p.bot);
      }
    }
    expect(
      Object.fromEntries(Object.entries(corpus.truth.players).map(([g, p]) => [g, p.names])),
    ).toEqual(Object.fromEntries(seen));
  });

  it('produces every hard case at the default rates', () => {
    const c = generateCorpus({ seed: 2025, evenings: 150, players: 60 });
    const rounds = readAll(c);
    const strict = new TextDecoder('utf-8', { fatal: true });
    const text = new Map(c.files.map((f) => [f.name, new TextDecoder('latin1').decode(f.bytes)]));
    const field9 = (name: string) => text.get(name)?.split('\n')[0]?.trimEnd().split('\\')[8];
    const players = c.truth.rounds.flatMap((r) => Object.values(r.players ?? {}));
    const names = Object.values(c.truth.players).flatMap((p) => p.names);
    const r2Names = c.truth.rounds.filter((r) => r.round === 2 && !r.orphan);
    const pairs = pairByRule(c.truth.rounds);
    const found: Record<string, boolean> = {
      lateJoin: players.some((p) => p.joined_in_r2),
      leftEarly: players.some((p) => p.left_early),
      reconnect: players.some((p) => p.reconnected),
      renameBetweenRounds: r2Names.some((r) => {
        const r1 = c.truth.rounds.find((x) => x.file === `${r.match}-round-1.txt`);
        return Object.entries(r.players ?? {}).some(
          ([g, p]) => r1?.players?.[g] && r1.players[g]?.name !== p.name,
        );
      }),
      renameBetweenSessions: Object.values(c.truth.players).some((p) => p.names.length > 2),
      colourCodes: names.some((n) => /\^./.test(n)),
      markdownOrMention: names.some((n) =>
        ['@everyone', '@here', '<@', '**', '__', '~~', '`', '||', '> '].some((m) => n.includes(m)),
      ),
      utf8Names: names.some((n) => [...n].some((c) => (c.codePointAt(0) ?? 0) > 0xff)),
      latin1Lines: c.files.some((f) => {
        try {
          strict.decode(f.bytes);
          return false;
        } catch {
          return rounds.has(f.name);
        }
      }),
      bots: players.some((p) => p.bot),
      spectators: players.some((p) => p.team === 3),
      legacyHeader: c.truth.rounds.some((r) => r.legacy_header),
      r2ZeroTime: c.truth.rounds.some(
        (r) => r.round === 2 && rounds.get(r.file)?.header.nextTimeLimitS === 0,
      ),
      absurdNextTime: c.truth.rounds.some(
        (r) => (rounds.get(r.file)?.header.nextTimeLimitS ?? 0) > 3600,
      ),
      secondsPlaytime: c.truth.rounds.some(
        (r) => /^\d{2,5}$/.test(field9(r.file) ?? '') && Number(field9(r.file)) > 0,
      ),
      unknownPlaytime: c.truth.rounds.some((r) => Number(field9(r.file) ?? 1) <= 0),
      fullhold: c.truth.rounds.some(
        (r) =>
          r.winner === r.defender && r.duration_s === (rounds.get(r.file)?.header.timeLimitS ?? 0),
      ),
      surrender: c.truth.rounds.some(
        (r) =>
          r.round === 1 &&
          r.winner === r.defender &&
          r.duration_s < (rounds.get(r.file)?.header.timeLimitS ?? 0),
      ),
      orphan: c.truth.rounds.some((r) => r.orphan),
      r1WithoutR2: c.truth.rounds.some(
        (r) => r.round === 1 && ![...pairs.values()].includes(r.match),
      ),
      replayWithinWindow: r2Names.some((r) =>
        c.truth.rounds.some(
          (x) =>
            x.round === 1 &&
            x.map === r.map &&
            x.match !== r.match &&
            fileTime(r.file) - fileTime(x.file) < 45 * 60_000 &&
            fileTime(x.file) < fileTime(r.file),
        ),
      ),
      crossesMidnight: c.truth.sessions.some(
        (s) => s.rounds[0]?.slice(0, 10) !== s.rounds[s.rounds.length - 1]?.slice(0, 10),
      ),
      crlf: c.files.some((f) => text.get(f.name)?.includes('\r\n') && rounds.has(f.name)),
      trailingBlanks: c.files.some(
        (f) => /[ \t]\r?\n/.test(text.get(f.name) ?? '') && rounds.has(f.name),
      ),
      noFinalNewline: c.files.some((f) => !text.get(f.name)?.endsWith('\n')),
      shortExtended: [...rounds.values()].some((r) => r.players.some((p) => p.extendedCount < 38)),
    };
    expect(
      Object.entries(found)
        .filter(([, present]) => !present)
        .map(([name]) => name),
    ).toEqual([]);
  });

  it('rejects options it cannot honour with a RangeError naming the option', () => {
    expect(() => generateCorpus({ seed: 1, evenings: 1, players: 1 })).toThrow(
      /players must be a whole number >= 2/,
    );
    expect(() => generateCorpus({ seed: 1, evenings: -1, players: 5 })).toThrow(/evenings/);
    expect(() =>
      generateCorpus({ seed: 1, evenings: 1, players: 5, startDate: '2025-13-01' }),
    ).toThrow(/startDate/);
    expect(() =>
      generateCorpus({ seed: 1, evenings: 1, players: 5, mapsPerEvening: [3, 2] }),
    ).toThrow(/mapsPerEvening/);
  });

  it('switches the hard cases off when their rates are 0', () => {
    const off = Object.fromEntries(
      Object.keys(DEFAULT_RATES).map((k) => [k, 0]),
    ) as unknown as HardCaseRates;
    const plain = generateCorpus({
      seed: 5,
      evenings: 10,
      players: 20,
      rates: { ...off, attackersWin: 0.5 },
    });
    const rounds = plain.truth.rounds;
    expect(rounds.some((r) => r.orphan || r.legacy_header)).toBe(false);
    expect(rounds.filter((r) => r.round === 1).length).toBe(
      rounds.filter((r) => r.round === 2).length,
    );
    const flags = rounds
      .flatMap((r) => Object.values(r.players ?? {}))
      .filter((p) => p.joined_in_r2 || p.reconnected || p.left_early || p.bot || p.team === 3);
    expect(flags).toEqual([]);
    for (const f of plain.files) {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(f.bytes);
      expect(text.includes('\r') || /[ \t]\n/.test(text) || !text.endsWith('\n'), f.name).toBe(
        false,
      );
    }
  });
});
