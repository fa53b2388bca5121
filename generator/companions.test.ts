import { describe, expect, it } from 'vitest';
import { stripColours } from '../stats/decode.ts';
import { WEAPON_NAMES } from '../stats/fields.ts';
import { readFileName, readStatsFile } from '../stats/read.ts';
import type { ParsedRound } from '../stats/round.ts';
import { ENDSTATS_AWARDS, ENDSTATS_FIGURE_AWARDS, fullGuid, generateCorpus } from './index.ts';
import type { TruthPlayer } from './truth.ts';

const options = {
  seed: 17,
  evenings: 12,
  players: 24,
  rates: { shortExtended: 0.5, orphanR2: 0.2, legacyHeader: 0.3, crlf: 0.2 },
};
const corpus = generateCorpus({ ...options, crlfCopies: 0.3, companions: 0.6 });
const rounds = new Map(corpus.truth.rounds.map((r) => [r.file, r]));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** Bytes compared as STATS_FORMAT.md "Identity and duplicates" says: CR before LF and blanks at line ends removed. */
const normalised = (bytes: Uint8Array) =>
  text(bytes)
    .split('\n')
    .map((l) => l.replace(/[\r \t]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');

const endstats = corpus.companions.filter((f) => f.name.endsWith('-endstats.txt'));
const ws = corpus.companions.filter((f) => f.name.endsWith('_ws.txt'));
const linesOf = (bytes: Uint8Array) =>
  text(bytes)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '');

describe('CRLF copies', () => {
  it('are the same round again: equal once normalised, read the same, listed as duplicates', () => {
    expect(corpus.copies.length).toBeGreaterThan(20);
    const original = new Map(corpus.files.map((f) => [f.name, f.bytes]));
    for (const copy of corpus.copies) {
      const bytes = original.get(copy.name) as Uint8Array;
      expect(text(copy.bytes).includes('\r\n'), copy.path).toBe(true);
      expect(normalised(copy.bytes), copy.path).toBe(normalised(bytes));
      expect(readStatsFile(copy.name, copy.bytes), copy.path).toEqual(
        readStatsFile(copy.name, bytes),
      );
    }
    expect(corpus.truth.duplicates).toEqual(
      Object.fromEntries(corpus.copies.map((c) => [c.path, c.name])),
    );
  });

  it('and companion files never change the rounds or their truth', () => {
    const plain = generateCorpus(options);
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    expect(corpus.files.map((f) => f.name)).toEqual(plain.files.map((f) => f.name));
    expect(
      corpus.files.every((f, i) => same(f.bytes, plain.files[i]?.bytes ?? new Uint8Array())),
    ).toBe(true);
    const { duplicates, companions, ...rest } = corpus.truth;
    expect({ ...rest, duplicates: {}, companions: {} }).toEqual(plain.truth);
  });
});

describe('companion files', () => {
  it('are no rounds, and name the round file they belong to (null when it is lost)', () => {
    expect(Object.keys(corpus.truth.companions ?? {}).sort()).toEqual(
      corpus.companions.map((c) => c.path).sort(),
    );
    for (const c of corpus.companions) {
      expect(readFileName(c.name), c.name).toBeNull();
      const round = corpus.truth.companions?.[c.path];
      const stem = c.name.replace(/(-endstats|_ws)\.txt$/, '.txt');
      if (round === null) expect(rounds.has(stem), c.name).toBe(false);
      else expect([round, rounds.has(stem)], c.name).toEqual([stem, true]);
    }
    const targets = Object.values(corpus.truth.companions ?? {});
    expect(targets.includes(null)).toBe(true);
    expect(ws.length).toBeGreaterThan(5);
  });

  it("give the awards that name a figure to the round's leader in it, with that figure", () => {
    let checked = 0;
    for (const f of endstats) {
      const round = rounds.get(corpus.truth.companions?.[f.path] ?? '');
      if (!round?.players) continue;
      const players = Object.values(round.players);
      for (const line of linesOf(f.bytes)) {
        const [award, name, value] = line.split('\t') as [string, string, string];
        const key = ENDSTATS_FIGURE_AWARDS[award];
        if (!key) continue;
        const of = (p: TruthPlayer) => p[key] ?? 0;
        const best = Math.max(...players.map(of));
        expect(value.replace(/ seconds$/, ''), `${f.name} ${award}`).toBe(String(best));
        const leaders = players.filter((p) => of(p) === best).map((p) => stripColours(p.name));
        expect(leaders, `${f.name} ${award}`).toContain(name);
        if (key === 'denied_playtime') expect(value).toMatch(/^\d+ seconds$/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('write awards, repeated now and then, then who killed whom, VS_HEADER blocks in newer versions', () => {
    const files = endstats.map((f) => ({ f, lines: linesOf(f.bytes) }));
    const repeats = files.some(({ lines }) => {
      const awards = lines.filter((l) => ENDSTATS_AWARDS.includes(l.split('\t')[0] ?? ''));
      return new Set(awards).size < awards.length;
    });
    expect(repeats).toBe(true);
    expect(endstats.some((f) => text(f.bytes).includes('\r\n'))).toBe(true);
    const withHeaders = files.filter(({ lines }) => lines.some((l) => l.startsWith('VS_HEADER\t')));
    expect(withHeaders.length).toBeGreaterThan(0);
    expect(withHeaders.length).toBeLessThan(files.length);
    for (const { f, lines } of withHeaders) {
      const round = rounds.get(corpus.truth.companions?.[f.path] ?? '');
      const names = new Map(
        Object.entries(round?.players ?? {}).map(([guid, p]) => [stripColours(p.name), guid]),
      );
      // Each pair's kills one way are the other one's deaths.
      const versus = new Map<string, [number, number]>();
      let owner = '';
      for (const line of lines) {
        const [a, b, c] = line.split('\t') as [string, string, string];
        if (a === 'VS_HEADER') {
          owner = b;
          expect(c, f.name).toMatch(/^[0-9A-F]{32}$/);
          if (round?.players) expect(c, f.name).toBe(fullGuid(names.get(b) as string));
        } else if (owner !== '') versus.set(`${owner}\t${a}`, [Number(b), Number(c)]);
      }
      for (const [pair, [kills, deaths]] of versus) {
        const [x, y] = pair.split('\t');
        expect(versus.get(`${y}\t${x}`), `${f.name} ${pair}`).toEqual([deaths, kills]);
      }
    }
  });

  it('_ws.txt files of older mods hold the weapon counters of their round file', () => {
    for (const f of ws) {
      const name = corpus.truth.companions?.[f.path] as string;
      const round = readStatsFile(
        name,
        corpus.files.find((x) => x.name === name)?.bytes ?? new Uint8Array(),
      );
      const { players, extFields } = (round.ok && round.round) as ParsedRound;
      expect(extFields[0], f.name).toBeLessThan(38);
      const lines = linesOf(f.bytes);
      expect(lines.map((l) => l.split('\t')[0])).toEqual(players.map((p) => p.guid));
      for (const [i, line] of lines.entries()) {
        const fields = line.split('\t');
        const weapons = WEAPON_NAMES.flatMap((weapon, id) => {
          const at = 4 + id * 6;
          expect(fields[at], f.name).toBe(weapon);
          const [hits, shots, kills, deaths, headshots] = fields.slice(at + 1, at + 6).map(Number);
          return hits || shots || kills || deaths || headshots
            ? [{ weapon: id, hits, shots, kills, deaths, headshots }]
            : [];
        });
        expect(weapons, `${f.name} line ${i + 1}`).toEqual(players[i]?.weapons);
      }
    }
  });
});
