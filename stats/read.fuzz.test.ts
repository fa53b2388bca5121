import fc from 'fast-check';
import { describe, it } from 'vitest';
import { stripColours } from './decode.ts';
import { EXTENDED_FIELDS, layoutPositions, MAYBE_KNOWN_KEYS, WEAPON_COUNT } from './fields.ts';
import { generateCorpus } from '../generator/index.ts';
import { readFileName, readStatsFile } from './read.ts';
import type { ParsedRound, ReadResult } from './round.ts';

const pool = generateCorpus({
  seed: 99,
  evenings: 12,
  players: 30,
  malformed: 13,
  rates: {
    legacyHeader: 0.3,
    shortExtended: 0.3,
    garbageBullets: 0.2,
    roundTwoOnlyServer: 0.2,
    idleRound: 0.3,
    knifeFall: 0.5,
    crlf: 0.2,
    trailingBlanks: 0.2,
    accentedName: 0.3,
    oddName: 0.3,
    botEvening: 0.5,
  },
}).files;

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`inconsistent: ${what}`);
}

const KEYS = EXTENDED_FIELDS.map((f) => f.key).join(',');
const MAYBE_KNOWN = new Set<string>(MAYBE_KNOWN_KEYS);

/** What every accepted round must satisfy, whatever bytes it came from. */
function checkRound(name: string, round: ParsedRound): void {
  const { file, header: h, players } = round;
  check(JSON.stringify(readFileName(name)) === JSON.stringify(file), 'file name parts');
  check(h.map === file.map && h.round === file.round, 'header map and round equal the file name');
  check(
    (h.defender === 1 || h.defender === 2) && (h.winner === 0 || h.winner === 1 || h.winner === 2),
    'sides',
  );
  check(
    Number.isSafeInteger(h.timeLimitS) &&
      h.timeLimitS >= 0 &&
      Number.isSafeInteger(h.nextTimeLimitS) &&
      h.nextTimeLimitS >= 0,
    'clocks',
  );
  check(h.playtimeS === null || (Number.isSafeInteger(h.playtimeS) && h.playtimeS > 0), 'playtime');
  check(!h.legacyHeader || h.playtimeS === null, 'an 8-field header has no playtime');
  check(new Set(players.map((p) => p.guid)).size === players.length, 'GUIDs are unique');
  const counts = [...new Set(players.map((p) => p.extendedCount))].sort((a, b) => a - b);
  check(
    JSON.stringify(round.extFields) === JSON.stringify(counts),
    "layouts are the lines' counts",
  );
  check(!round.bulletsKnown || players.length > 0, 'an empty round has no bullets fired');
  for (const p of players) {
    check(/^[A-Za-z0-9]{1,32}$/.test(p.guid), `GUID ${p.guid}`);
    check(p.team === 1 || p.team === 2 || p.team === 3, 'team');
    check(Number.isSafeInteger(p.rounds), 'rounds');
    check(p.name === stripColours(p.nameRaw), 'name is the raw name without colour codes');
    check(
      p.bot ===
        (p.guid.toUpperCase().startsWith('OMNIBOT') ||
          p.name.trimStart().toUpperCase().startsWith('[BOT]')),
      'bot flag',
    );
    let previous = -1;
    for (const w of p.weapons) {
      check(
        Number.isInteger(w.weapon) && w.weapon > previous && w.weapon < WEAPON_COUNT,
        'weapon ids ascend within 0..27',
      );
      previous = w.weapon;
      for (const v of [w.hits, w.shots, w.kills, w.deaths, w.headshots])
        check(Number.isSafeInteger(v), 'weapon counter');
    }
    check(Object.keys(p.extended).join(',') === KEYS, 'the 38 extended keys in order');
    check(Number.isSafeInteger(p.extendedCount) && p.extendedCount >= 28, 'at least 28 fields');
    const positions = layoutPositions(p.extendedCount);
    let shots = 0;
    for (const w of p.weapons) shots += w.shots;
    EXTENDED_FIELDS.forEach((f, i) => {
      const v = p.extended[f.key];
      // What the layout lacks is unknown, never 0; field 20 is unknown unless the whole file is valid.
      const unknown =
        (positions[i] as number) < 0 || (f.key === 'bullets_fired' && !round.bulletsKnown);
      if (unknown) check(v === null, `${f.key} the line does not tell is null`);
      else if (v === null) check(MAYBE_KNOWN.has(f.key), `${f.key} is never unknown`);
      else check(f.decimal ? Number.isFinite(v) : Number.isSafeInteger(v), `${f.key} is a number`);
    });
    if (round.bulletsKnown)
      check(p.extended.bullets_fired === shots, 'valid field 20 is the shots');
  }
}

/** Reads without letting an exception escape the property, and checks the answer's shape. */
function readChecked(name: string, bytes: Uint8Array): ReadResult {
  let result: ReadResult;
  try {
    result = readStatsFile(name, bytes);
  } catch (error) {
    throw new Error(`readStatsFile threw: ${String(error)}`);
  }
  if (result.ok) checkRound(name, result.round);
  else
    check(
      Number.isInteger(result.line) &&
        result.line >= 0 &&
        typeof result.reason === 'string' &&
        result.reason.length > 0,
      'rejection has a line and a reason',
    );
  // The same bytes read the same way after reading other files: no state leaks between files.
  readStatsFile(
    (pool[bytes.length % pool.length] as { name: string }).name,
    (pool[bytes.length % pool.length] as { bytes: Uint8Array }).bytes,
  );
  check(
    JSON.stringify(readStatsFile(name, bytes)) === JSON.stringify(result),
    'reading is repeatable',
  );
  return result;
}

const NL = 0x0a;
const lines = (b: Uint8Array): Uint8Array[] => {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i === b.length || b[i] === NL) {
      out.push(b.subarray(start, i));
      start = i + 1;
    }
  }
  return out;
};
const joinLines = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(
    Math.max(
      0,
      parts.reduce((n, p) => n + p.length + 1, -1),
    ),
  );
  let at = 0;
  parts.forEach((p, i) => {
    out.set(p, at);
    at += p.length;
    if (i < parts.length - 1) out[at++] = NL;
  });
  return out;
};
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};
const enc = new TextEncoder();
const latin1 = new TextDecoder('latin1');

const numberText = fc.oneof(
  fc.constantFrom(
    '',
    '-',
    '-0',
    '0x1F',
    '1e5',
    'NaN',
    'Infinity',
    '1.',
    '.5',
    '+3',
    '٣',
    '1 2',
    ' 7 ',
  ),
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 6 }),
);

/** One edit of a file, as data so that a counterexample reads as what was done. */
type Mutation =
  | { op: 'set'; at: number; value: number }
  | { op: 'cut'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'swap-lines'; a: number; b: number }
  | { op: 'drop-line' | 'repeat-line'; a: number }
  | { op: 'field'; line: number; field: number; sep: string; text: string | undefined }
  | { op: 'line-ends'; crlf: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ maxLength: 40 }),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 60 }) }),
  fc.record({ op: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constantFrom('drop-line' as const, 'repeat-line' as const), a: fc.nat() }),
  // Delete one field of a line (text undefined), or replace it with odd or huge numbers or junk.
  fc.record({
    op: fc.constant('field' as const),
    line: fc.nat(),
    field: fc.nat(),
    sep: fc.constantFrom('\t', '\\', ' '),
    text: fc.option(numberText, { nil: undefined }),
  }),
  fc.record({ op: fc.constant('line-ends' as const), crlf: fc.boolean() }),
);

function mutate(b: Uint8Array, m: Mutation): Uint8Array {
  const at = (n: number) => (b.length === 0 ? 0 : n % (b.length + 1));
  const ls =
    m.op === 'swap-lines' || m.op === 'drop-line' || m.op === 'repeat-line' || m.op === 'field'
      ? lines(b)
      : [];
  switch (m.op) {
    case 'set':
      return b.map((x, i) => (i === at(m.at) ? m.value : x));
    case 'cut':
      return b.subarray(0, at(m.at));
    case 'insert':
      return concat(b.subarray(0, at(m.at)), m.bytes, b.subarray(at(m.at)));
    case 'delete':
      return concat(b.subarray(0, at(m.at)), b.subarray(at(m.at) + m.length));
    case 'swap-lines': {
      const i = m.a % ls.length;
      const j = m.b % ls.length;
      [ls[i], ls[j]] = [ls[j] as Uint8Array, ls[i] as Uint8Array];
      return joinLines(ls);
    }
    case 'drop-line':
      ls.splice(m.a % ls.length, 1);
      return joinLines(ls);
    case 'repeat-line':
      ls.splice(m.a % ls.length, 0, ls[m.a % ls.length] as Uint8Array);
      return joinLines(ls);
    case 'field': {
      const i = m.line % ls.length;
      const parts = latin1.decode(ls[i]).split(m.sep);
      const k = m.field % parts.length;
      if (m.text === undefined) parts.splice(k, 1);
      else parts[k] = m.text;
      ls[i] = enc.encode(parts.join(m.sep));
      return joinLines(ls);
    }
    case 'line-ends':
      return enc.encode(
        new TextDecoder().decode(b).replaceAll(m.crlf ? '\n' : '\r\n', m.crlf ? '\r\n' : '\n'),
      );
  }
}

const fileName = (original: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(original) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        original.replace('round-1', 'round-2'),
        original.replace(/-(\w+)-round/, '-radar-round'),
        original.replace(/^\d{4}/, '0000'),
        `${original}_ws.txt`,
      ),
    },
  );

describe('readStatsFile under fuzzing', () => {
  it('never throws, rejects with a line and a reason, and accepts only consistent rounds (8,000 mutated files)', () => {
    // The source is named by its pool index, so a counterexample stays short.
    const input = fc
      .nat({ max: pool.length - 1 })
      .chain((i) =>
        fc.tuple(
          fc.constant(i),
          fc.array(mutation, { maxLength: 4 }),
          fileName((pool[i] as { name: string }).name),
        ),
      );
    fc.assert(
      fc.property(input, ([source, mutations, name]) => {
        readChecked(name, mutations.reduce(mutate, (pool[source] as { bytes: Uint8Array }).bytes));
      }),
      { numRuns: 8000 },
    );
  });

  it('handles arbitrary bytes and names the same way (2,500 random inputs)', () => {
    const header = fc.constantFrom(
      'srv\\supply\\legacy6\\1\\1\\2\\12:00\\7:36\\456000\n',
      'srv\\supply\\\\1\\2\\0\\71:05\\0:00\n',
      '',
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.constant('2025-10-02-211808-supply-round-1.txt'), fc.string()),
        header,
        fc.uint8Array({ maxLength: 600 }),
        (name, head, body) => {
          readChecked(name, new Uint8Array([...enc.encode(head), ...body]));
        },
      ),
      { numRuns: 2500 },
    );
  });
});
