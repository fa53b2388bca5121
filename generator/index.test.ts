import { describe, expect, it } from 'vitest';
import { deriveFiles, roundDifferences } from '../test/support/derive-files.ts';
import { holdsRoundTwoOnly } from '../stats/derive-round-two.ts';
import { readStatsFile } from '../stats/read.ts';
import type { ParsedRound, PlayerLine } from '../stats/round.ts';
import { groupSessions } from '../stats/sessions.ts';
import {
  DEFAULT_RATES,
  type GeneratedCorpus,
  generateCorpus,
  type HardCaseRates,
  MALFORMED_KINDS,
} from './index.ts';
import { corrupt } from './malformed.ts';
import { createRandom } from './random.ts';

/** Hard cases far more often than real servers have them, so a small run holds many of each. */
const OFTEN: Partial<HardCaseRates> = {
  lateJoin: 0.08,
  leaveEarly: 0.08,
  reconnect: 0.06,
  idleRoundTwo: 0.03,
  renameBetweenRounds: 0.05,
  spectator: 0.05,
  knifeFall: 0.5,
  surrender: 0.1,
  orphanR2: 0.12,
  r1WithoutR2: 0.08,
  roundsCounterOne: 0.3,
  winnerUnknown: 0.1,
  legacyHeader: 0.35,
  shortExtended: 0.4,
  garbageBullets: 0.3,
  roundTwoOnlyServer: 0.15,
  idleRound: 0.3,
  secondsPlaytime: 0.15,
  unknownPlaytime: 0.05,
  absurdNextTime: 0.05,
  oddName: 0.2,
  accentedName: 0.2,
  botEvening: 0.3,
  crlf: 0.1,
  trailingBlanks: 0.1,
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
const derived = deriveFiles(corpus.files);
const knife = (p: PlayerLine | undefined) => p?.weapons.find((w) => w.weapon === 0);

/** Each paired R2 with its R1, and the players in both files. */
const pairs = corpus.truth.rounds
  .filter((r) => r.round === 2 && r.match !== null && !r.empty)
  .map((t) => {
    const r1 = parsed.get(`${t.match}-round-1.txt`) as ParsedRound;
    const r2 = parsed.get(t.file) as ParsedRound;
    const before = new Map(r1.players.map((p) => [p.guid, p]));
    const both = r2.players.flatMap((p) => {
      const was = before.get(p.guid);
      return was ? [{ r1: was, r2: p, truth: t.players?.[p.guid] }] : [];
    });
    return { truth: t, r1, r2, both };
  });

/** A raw TAB field of a player line (field 20 is read as unknown where it is garbage). */
function rawField(file: string, guid: string, index: number): number {
  const bytes = corpus.files.find((f) => f.name === file)?.bytes ?? new Uint8Array();
  const line = new TextDecoder('latin1')
    .decode(bytes)
    .split('\n')
    .find((l) => l.startsWith(`${guid}\\`));
  return Number(line?.split('\t')[index + 1]);
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
    const sources = corpus.files.filter((f) => parsed.get(f.name)?.players.length);
    for (const source of sources.slice(0, 60)) {
      const bad = corrupt(kind, source, '2030-01-01-130000', random);
      expect(readStatsFile(bad.name, bad.bytes).ok, `${kind} of ${source.name}`).toBe(false);
    }
  });

  it('is what the stats/ rules read, pair and derive from its files, figure by figure', () => {
    const problems = corpus.truth.rounds.flatMap((t) => roundDifferences(derived.get(t.file), t));
    expect(problems).toEqual([]);
    const players = corpus.truth.rounds.flatMap((r) => Object.keys(r.players ?? {}));
    expect(players.length).toBeGreaterThan(3000);
  });

  it('pairs the same with any window from 45 minutes to 2 hours', () => {
    const wide = deriveFiles(corpus.files, 120 * 60_000);
    for (const t of corpus.truth.rounds) expect(wide.get(t.file)?.match, t.file).toBe(t.match);
  });

  it('groups sessions as the 60-minute rule does, with the humans who played, empty rounds in none', () => {
    const timed = [...derived.values()]
      .filter((d) => d.round.players.length > 0)
      .map((d) => {
        const endedAt = fileTime(d.round.file.fileName);
        return {
          id: d.round.file.fileName,
          endedAt,
          startedAt: endedAt - (d.duration.seconds ?? 0) * 1000,
        };
      });
    const sessions = groupSessions(timed, 60 * 60_000).map((s) => s.map((r) => r.id).sort());
    expect(sessions).toEqual(corpus.truth.sessions.map((s) => s.rounds));
    for (const s of corpus.truth.sessions) {
      const humans = new Set(
        s.rounds.flatMap((f) =>
          (parsed.get(f) as ParsedRound).players.filter((p) => !p.bot).map((p) => p.guid),
        ),
      );
      expect(s.players).toEqual([...humans].sort());
    }
    expect(corpus.truth.sessions.length).toBeGreaterThanOrEqual(40);
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

  it("moves the engine's rounds counter on as real servers do: R1 all 0 or all 1, R2 one more", () => {
    const r1Values = [...parsed.values()]
      .filter((r) => r.file.round === 1 && r.players.length > 0)
      .map((r) => [...new Set(r.players.map((p) => p.rounds))]);
    expect(r1Values.every((v) => v.length === 1 && (v[0] === 0 || v[0] === 1))).toBe(true);
    expect(new Set(r1Values.flat())).toEqual(new Set([0, 1]));
    for (const { both, r2, truth } of pairs) {
      for (const p of both) {
        const reset = p.truth?.reconnected === true;
        expect(p.r2.rounds, `${truth.file} ${p.r2.guid}`).toBe(p.r1.rounds + (reset ? 0 : 1));
      }
      for (const p of r2.players.filter((q) => truth.players?.[q.guid]?.joined_in_r2))
        expect(p.rounds, `${truth.file} ${p.guid} joined`).toBe(1);
    }
  });

  it('writes every quirk of the real servers, so that the derivation above meets each of them', () => {
    const rounds = [...derived.values()];
    const truths = corpus.truth.rounds;
    const r2Players = pairs.flatMap((p) => Object.values(p.truth.players ?? {}));
    const cumulative = pairs.filter((p) => !p.truth.r2_per_round);
    const fellKnife = cumulative.flatMap((p) =>
      p.both
        .filter(
          (b) => (knife(b.r2)?.shots ?? 0) < (knife(b.r1)?.shots ?? 0) && !b.truth?.reconnected,
        )
        .map((b) => ({ ...b, file: p.truth.file })),
    );
    const derivedPlayer = (file: string, guid: string) =>
      derived.get(file)?.players?.find((q) => q.guid === guid);
    const found: Record<string, boolean> = {
      layout38: rounds.some((d) => d.round.extFields.includes(38)),
      layout37: rounds.some((d) => d.round.extFields.includes(37)),
      layout36: rounds.some((d) => d.round.extFields.includes(36)),
      layout33: rounds.some((d) => d.round.extFields.includes(33)),
      bulletsKnown: truths.some((t) => t.bullets_known),
      bulletsGarbageIn38: truths.some((t) => !t.bullets_known && t.ext_fields?.[0] === 38),
      bulletsGarbageFalls: cumulative.some(
        (p) =>
          !p.truth.bullets_known &&
          p.both.some(
            (b) =>
              rawField(p.truth.file, b.r2.guid, 20) <
              rawField(`${p.truth.match}-round-1.txt`, b.r1.guid, 20),
          ),
      ),
      knifeFalls: fellKnife.some((b) => knife(b.r2) !== undefined),
      knifeEntryVanishes: fellKnife.some((b) => knife(b.r2) === undefined),
      knifeFallNeverAReconnect: fellKnife.every(
        (b) => derivedPlayer(b.file, b.r2.guid)?.reconnected === false,
      ),
      roundTwoOnlyServer: pairs.some((p) => p.truth.r2_per_round === true),
      reconnect: r2Players.some((p) => p.reconnected),
      timeAliveUnknown: r2Players.some((p) => p.time_alive_pct === null),
      emptyRound1: truths.some((t) => t.empty && t.round === 1),
      emptyRound2: truths.some((t) => t.empty && t.round === 2),
      durationField9: truths.some((t) => t.duration_source === 'field 9'),
      durationField8: truths.some((t) => t.duration_source === 'field 8'),
      durationTimePlayed: truths.some((t) => t.duration_source === 'time played'),
      durationTimeLimit: truths.some((t) => t.duration_source === 'time limit'),
      durationUnknown: truths.some((t) => t.duration_s === null),
      winnerUnknown: truths.some((t) => t.winner === 0),
      cutOff: corpus.files.some(
        (f) => corpus.truth.malformed.includes(f.name) && f.bytes.at(-1) !== 0x0a,
      ),
    };
    expect(
      Object.entries(found)
        .filter(([, present]) => !present)
        .map(([name]) => name),
    ).toEqual([]);
  });

  it('tells a round-2-only server by its files, and never a cumulative one', () => {
    for (const { truth, r1, r2 } of pairs)
      expect(holdsRoundTwoOnly(r1, r2), truth.file).toBe(truth.r2_per_round === true);
  });

  it('keeps empty rounds out of sessions, map results and pairing', () => {
    const empties = corpus.truth.rounds.filter((t) => t.empty);
    const inSessions = new Set(corpus.truth.sessions.flatMap((s) => s.rounds));
    for (const t of empties) {
      expect(t, t.file).toMatchObject({ players: {}, ext_fields: [], bullets_known: false });
      expect(t.map_score, t.file).toBeUndefined();
      expect(inSessions.has(t.file), t.file).toBe(false);
      if (t.round === 2) expect(t.match, t.file).toBeNull();
      else
        expect(corpus.truth.rounds.some((r) => r.round === 2 && r.match === t.match)).toBe(false);
    }
  });

  it('produces every hard case at the default rates', () => {
    const c = generateCorpus({ seed: 2025, evenings: 150, players: 60 });
    const rounds = readAll(c);
    const strict = new TextDecoder('utf-8', { fatal: true });
    const text = new Map(c.files.map((f) => [f.name, new TextDecoder('latin1').decode(f.bytes)]));
    const field9 = (name: string) => text.get(name)?.split('\n')[0]?.trimEnd().split('\\')[8];
    const players = c.truth.rounds.flatMap((r) => Object.values(r.players ?? {}));
    const names = Object.values(c.truth.players).flatMap((p) => p.names);
    const paired = c.truth.rounds.filter((r) => r.round === 2 && r.match !== null && !r.empty);
    const truthFor = new Map(c.truth.rounds.map((r) => [r.file, r]));
    const found: Record<string, boolean> = {
      lateJoin: players.some((p) => p.joined_in_r2),
      leftEarly: players.some((p) => p.left_early),
      reconnect: players.some((p) => p.reconnected),
      renameBetweenRounds: paired.some((r) => {
        const r1 = truthFor.get(`${r.match}-round-1.txt`);
        return Object.entries(r.players ?? {}).some(
          ([g, p]) => r1?.players?.[g] && r1.players[g]?.name !== p.name,
        );
      }),
      renameBetweenSessions: Object.values(c.truth.players).some((p) => p.names.length > 2),
      colourCodes: names.some((n) => /\^./.test(n)),
      markdownOrMention: names.some((n) =>
        ['@everyone', '@here', '<@', '**', '__', '~~', '`', '||', '> '].some((m) => n.includes(m)),
      ),
      utf8Names: names.some((n) => [...n].some((ch) => (ch.codePointAt(0) ?? 0) > 0xff)),
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
        (r) => r.winner === r.defender && r.duration_source === 'time limit',
      ),
      surrender: c.truth.rounds.some(
        (r) => r.round === 1 && r.winner === r.defender && r.duration_source === 'time played',
      ),
      orphan: c.truth.rounds.some((r) => r.orphan && !r.empty),
      r1WithoutR2: players.some((p) => p.left_early === null),
      replayWithinWindow: paired.some((r) =>
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
      olderLayouts: [...rounds.values()].some((r) => r.extFields.some((n) => n < 38)),
      bulletsGarbage: c.truth.rounds.some((r) => r.bullets_known === false && !r.empty),
      knifeFall: paired.some((r) => {
        const r1 = rounds.get(`${r.match}-round-1.txt`) as ParsedRound;
        const before = new Map(r1.players.map((p) => [p.guid, p]));
        return (rounds.get(r.file) as ParsedRound).players.some(
          (p) => (knife(p)?.shots ?? 0) < (knife(before.get(p.guid))?.shots ?? 0),
        );
      }),
      emptyRound: c.truth.rounds.some((r) => r.empty),
    };
    expect(
      Object.entries(found)
        .filter(([, present]) => !present)
        .map(([name]) => name),
    ).toEqual([]);
    // Mostly what current servers write: 38 fields with a valid field 20.
    const current = c.truth.rounds.filter((r) => r.ext_fields?.[0] === 38 && r.bullets_known);
    expect(current.length / c.truth.rounds.length).toBeGreaterThan(0.85);
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
    expect(() => generateCorpus({ seed: 1, evenings: 1, players: 5, crlfCopies: 2 })).toThrow(
      /crlfCopies/,
    );
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
    expect(rounds.some((r) => r.orphan || r.legacy_header || r.empty || r.r2_per_round)).toBe(
      false,
    );
    expect(rounds.every((r) => r.bullets_known && r.ext_fields?.join() === '38')).toBe(true);
    expect(rounds.filter((r) => r.round === 1).length).toBe(
      rounds.filter((r) => r.round === 2).length,
    );
    const flags = rounds
      .flatMap((r) => Object.values(r.players ?? {}))
      .filter(
        (p) =>
          p.joined_in_r2 ||
          p.reconnected ||
          p.left_early ||
          p.bot ||
          p.team === 3 ||
          p.time_alive_pct === null,
      );
    expect(flags).toEqual([]);
    expect([plain.copies, plain.companions]).toEqual([[], []]);
    for (const f of plain.files) {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(f.bytes);
      expect(text.includes('\r') || /[ \t]\n/.test(text) || !text.endsWith('\n'), f.name).toBe(
        false,
      );
    }
  });
});
