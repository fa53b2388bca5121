import { describe, expect, it } from 'vitest';
import { corpusFiles, loadTruth } from '../test/support/corpus.ts';
import { EXTENDED_FIELDS, WEAPON_NAMES } from './fields.ts';
import { readFileName, readStatsFile } from './read.ts';
import type { ParsedRound, ReadResult } from './round.ts';
import { TRUTH_EXTENDED_KEYS } from '../generator/truth.ts';

const NAME = '2025-10-02-211808-supply-round-1.txt';
const HEADER = 'srv\\supply\\legacy6\\1\\1\\2\\12:00\\7:36\\456321';
const encoder = new TextEncoder();

/** The 38 extended fields, field i holding i unless `over` says otherwise. */
function extended(over: Record<number, string> = {}, count = 38): string {
  return Array.from({ length: count }, (_, i) => over[i] ?? String(i)).join('\t');
}

function line(
  p: {
    guid?: string;
    name?: string;
    rounds?: string;
    team?: string;
    weapons?: string;
    ext?: string;
  } = {},
): string {
  return `${p.guid ?? 'ABCDEF01'}\\${p.name ?? '^1Play^7er'}\\${p.rounds ?? '0'}\\${p.team ?? '1'}\\${p.weapons ?? '16 10 40 2 1 3'} \t${p.ext ?? extended()}`;
}

const file = (...lines: string[]) => encoder.encode(`${lines.join('\n')}\n`);

function readOk(bytes: Uint8Array, name = NAME): ParsedRound {
  const result = readStatsFile(name, bytes);
  if (!result.ok) throw new Error(`expected a round, got line ${result.line}: ${result.reason}`);
  return result.round;
}

function rejection(bytes: Uint8Array, name = NAME): { line: number; reason: string } {
  const result: ReadResult = readStatsFile(name, bytes);
  if (result.ok) throw new Error('expected a rejection, the file was read');
  return { line: result.line, reason: result.reason };
}

describe('readFileName', () => {
  it('reads time, map (with "_", "-" and digits) and round', () => {
    expect(readFileName('2025-10-02-211808-etl_adlernest-round-1.txt')).toEqual({
      fileName: '2025-10-02-211808-etl_adlernest-round-1.txt',
      localTime: '2025-10-02T21:18:08',
      map: 'etl_adlernest',
      round: 1,
    });
    expect(readFileName('2025-01-31-000000-tc_base-b2-round-2.txt')?.map).toBe('tc_base-b2');
    expect(readFileName('2025-01-31-000000-1944_beach-round-2.txt')?.round).toBe(2);
  });

  it.each([
    'not-a-stats-file.txt',
    '2025-10-02-211808-supply-round-3.txt',
    '2025-10-02-211808-supply-round-1_ws.txt',
    '2025-02-30-211808-supply-round-1.txt',
    '2025-10-02-246000-supply-round-1.txt',
    '2025-10-02-2118-supply-round-1.txt',
    '2025-10-02-211808--round-1.txt',
  ])('returns null for %s', (name) => {
    expect(readFileName(name)).toBeNull();
  });
});

describe('readStatsFile: header', () => {
  it('reads a 9-field (mod v8) header, field 9 in milliseconds', () => {
    expect(
      readOk(file('^1ET^7 #1\\supply\\legacy6\\1\\1\\2\\12:00\\7:36\\456321', line())).header,
    ).toEqual({
      serverName: '^1ET^7 #1',
      map: 'supply',
      config: 'legacy6',
      round: 1,
      defender: 1,
      winner: 2,
      timeLimitS: 720,
      nextTimeLimitS: 456,
      playtimeS: 456,
      legacyHeader: false,
    });
  });

  it('reads an 8-field (mod v7) header: no measured playtime, and an empty config', () => {
    const { header } = readOk(file('srv\\supply\\\\1\\2\\0\\12:00\\12:00', line()));
    expect(header).toMatchObject({
      config: '',
      defender: 2,
      winner: 0,
      playtimeS: null,
      legacyHeader: true,
    });
  });

  it.each([
    ['456321', 456],
    ['456', 456],
    ['10000', 10_000],
    ['10001', 10],
    ['0', null],
    ['-1', null],
  ])(
    'field 9 %s means %s seconds (above 10000 it is ms, at or below 0 unknown)',
    (raw, seconds) => {
      expect(
        readOk(file(`srv\\supply\\legacy6\\1\\1\\2\\12:00\\7:36\\${raw}`, line())).header.playtimeS,
      ).toBe(seconds);
    },
  );

  it.each([
    ['0:00', 0],
    ['7:05', 425],
    ['12:00', 720],
    ['71:05', 4265],
    ['120:5', 7205],
  ])('reads the clock %s as %i seconds', (clock, seconds) => {
    const { header } = readOk(file(`srv\\supply\\legacy6\\1\\1\\2\\${clock}\\${clock}\\1`, line()));
    expect(header.timeLimitS).toBe(seconds);
    expect(header.nextTimeLimitS).toBe(seconds);
  });

  it.each([
    ['srv\\supply\\legacy6\\1\\1\\2', /header has 6 fields/],
    ['srv\\supply\\legacy6\\1\\1\\2\\12:00\\7:36\\1\\2', /header has 10 fields/],
    [
      'srv\\radar\\legacy6\\1\\1\\2\\12:00\\7:36\\1',
      /header map "radar" differs from the file name's "supply"/,
    ],
    [
      'srv\\supply\\legacy6\\2\\1\\2\\12:00\\7:36\\1',
      /header round 2 differs from the file name's round 1/,
    ],
    ['srv\\supply\\legacy6\\x\\1\\2\\12:00\\7:36\\1', /header round is not a whole number: "x"/],
    ['srv\\supply\\legacy6\\1\\3\\2\\12:00\\7:36\\1', /defending side is 3/],
    ['srv\\supply\\legacy6\\1\\1\\3\\12:00\\7:36\\1', /winning side is 3/],
    ['srv\\supply\\legacy6\\1\\1\\2\\12m\\7:36\\1', /time limit is not a M:SS time: "12m"/],
    ['srv\\supply\\legacy6\\1\\1\\2\\12:00\\:36\\1', /next time limit is not a M:SS time/],
    ['srv\\supply\\legacy6\\1\\1\\2\\12:00\\7:36\\4.5', /playtime is not a whole number/],
  ])('rejects header %j on line 1', (header, reason) => {
    const r = rejection(file(header, line()));
    expect(r.line).toBe(1);
    expect(r.reason).toMatch(reason);
  });
});

describe('readStatsFile: player lines', () => {
  it('decodes the weapon mask: five numbers per set bit, in ascending weapon id', () => {
    const mask = 2 ** 0 + 2 ** 5 + 2 ** 27;
    const [p] = readOk(
      file(HEADER, line({ weapons: `${mask} 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15` })),
    ).players;
    expect(p?.weapons).toEqual([
      { weapon: 0, hits: 1, shots: 2, kills: 3, deaths: 4, headshots: 5 },
      { weapon: 5, hits: 6, shots: 7, kills: 8, deaths: 9, headshots: 10 },
      { weapon: 27, hits: 11, shots: 12, kills: 13, deaths: 14, headshots: 15 },
    ]);
  });

  it('accepts several spaces between weapon numbers', () => {
    const [p] = readOk(file(HEADER, line({ weapons: '16  1   2 3 4 5' }))).players;
    expect(p?.weapons).toEqual([
      { weapon: 4, hits: 1, shots: 2, kills: 3, deaths: 4, headshots: 5 },
    ]);
  });

  it.each([
    ['16 1 2 3 4', /weapon mask 16 lists 1 weapons \(5 numbers\) but 4 numbers follow/],
    ['16 1 2 3 4 5 6', /lists 1 weapons \(5 numbers\) but 6 numbers follow/],
    ['48 1 2 3 4 5', /lists 2 weapons \(10 numbers\) but 5 numbers follow/],
    ['268435456 1 2 3 4 5', /weapon mask 268435456 names weapons beyond id 27/],
    ['-1 1 2 3 4 5', /names weapons beyond id 27/],
    ['16 1 2 x 4 5', /WS_MP40 kills is not a whole number: "x"/],
    ['', /weapon mask is not a whole number/],
  ])('rejects the weapons %j with the line and the reason', (weapons, reason) => {
    const r = rejection(file(HEADER, line({ guid: 'AAAA0001' }), line({ weapons })));
    expect(r.line).toBe(3);
    expect(r.reason).toMatch(reason);
  });

  it('maps extended field i to its own key, in file order, keeping one decimal', () => {
    // Field 20 holds the sum of the line's weapon shots (40), so the file carries bullets fired.
    const [p] = readOk(
      file(HEADER, line({ ext: extended({ 8: '81.8', 20: '40', 22: '10.5', 25: '0.1' }) })),
    ).players;
    EXTENDED_FIELDS.forEach((f, i) => {
      const expected = i === 8 ? 81.8 : i === 20 ? 40 : i === 22 ? 10.5 : i === 25 ? 0.1 : i;
      expect(p?.extended[f.key], f.key).toBe(expected);
    });
    expect(Object.keys(p?.extended ?? {})).toEqual(EXTENDED_FIELDS.map((f) => f.key));
    expect(p?.extendedCount).toBe(38);
  });

  const unknownIn = (count: number) =>
    Object.entries(
      readOk(file(HEADER, line({ ext: extended({ 20: '40' }, count) }))).players[0]?.extended ?? {},
    )
      .filter(([, v]) => v === null)
      .map(([k]) => k);

  it('reads each older layout by its field count, leaving what it lacks unknown (null), never 0', () => {
    expect(unknownIn(38)).toEqual([]);
    expect(unknownIn(37)).toEqual(['revives_given']);
    expect(unknownIn(36)).toEqual(['denied_playtime', 'repairs_constructions', 'revives_given']);
    const late = ['denied_playtime', 'useless_kills', 'full_selfkills', 'repairs_constructions'];
    expect(unknownIn(33)).toEqual([...late, 'revives_given']);
    const multikills = [
      'multikill_2x',
      'multikill_3x',
      'multikill_4x',
      'multikill_5x',
      'multikill_6x',
    ];
    for (const other of [28, 30, 34, 35])
      expect(unknownIn(other), `${other} fields`).toEqual([
        'denied_playtime',
        ...multikills,
        ...late.slice(1),
        'revives_given',
      ]);
  });

  it('reads the 2024 33-field layout with its multi-kills at 28–32, not as denied time', () => {
    const [p] = readOk(
      file(HEADER, line({ ext: extended({ 20: '40', 28: '3', 29: '1', 32: '0' }, 33) })),
    ).players;
    expect(p?.extendedCount).toBe(33);
    expect(p?.extended).toMatchObject({
      useful_kills: 27,
      denied_playtime: null,
      multikill_2x: 3,
      multikill_3x: 1,
      multikill_4x: 30,
      multikill_5x: 31,
      multikill_6x: 0,
      useless_kills: null,
    });
  });

  it('rejects a line with fewer than the 28 extended fields every layout writes', () => {
    expect(rejection(file(HEADER, line({ ext: extended({}, 27) })))).toEqual({
      line: 2,
      reason: 'player line has 27 extended fields after the TAB; every layout writes at least 28',
    });
    expect(rejection(file(HEADER, 'ABCDEF01\\x\\0\\1\\16 1 2 3 4 5'))).toMatchObject({
      line: 2,
      reason: expect.stringMatching(/has 0 extended fields/),
    });
  });

  it('reads an empty last field as a trailing blank: the line simply has one field less', () => {
    const [p] = readOk(file(HEADER, line({ ext: extended({ 37: '' }) }))).players;
    expect(p?.extendedCount).toBe(37);
    expect(p?.extended.revives_given).toBeNull();
  });

  it('knows bullets fired (field 20) only where it is the sum of shots on every line of the file', () => {
    const good = line({ guid: 'AAAA0001', ext: extended({ 20: '40' }) });
    const round = readOk(
      file(HEADER, good, line({ guid: 'AAAA0002', ext: extended({ 20: '40' }) })),
    );
    expect(round.bulletsKnown).toBe(true);
    expect(round.players.map((p) => p.extended.bullets_fired)).toEqual([40, 40]);
    // One line off (the buggy mods' snapshots add up shots again) and the field means nothing anywhere.
    const noisy = readOk(
      file(HEADER, good, line({ guid: 'AAAA0002', ext: extended({ 20: '4000' }) })),
    );
    expect(noisy.bulletsKnown).toBe(false);
    expect(noisy.players.map((p) => p.extended.bullets_fired)).toEqual([null, null]);
    expect(noisy.players.map((p) => p.extended.damage_given)).toEqual([0, 0]);
  });

  it('counts fields beyond the 38 (a newer mod) without reading them', () => {
    const [p] = readOk(file(HEADER, line({ ext: `${extended()}\t99\tjunk` }))).players;
    expect(p?.extendedCount).toBe(40);
    expect(p?.extended.revives_given).toBe(37);
    expect(readOk(file(HEADER, line({ ext: `${extended()}\t99` }))).extFields).toEqual([39]);
  });

  it.each([
    [{ 0: 'x' }, /field 0 \(damage_given\) is not a whole number: "x"/],
    [{ 9: '1.5' }, /field 9 \(xp\) is not a whole number: "1.5"/],
    [{ 22: '5.' }, /field 22 \(time_played_min\) is not a number: "5."/],
    [{ 30: '' }, /field 30 \(multikill_3x\) is not a whole number: ""/],
    [{ 3: '1234567890123456' }, /field 3 \(team_damage_received\) is not a whole number/],
    [{ 4: '1e5' }, /field 4 \(gibs\) is not a whole number/],
  ])('rejects a non-numeric extended field %j', (over, reason) => {
    const r = rejection(file(HEADER, line({ ext: extended(over) })));
    expect(r).toEqual({ line: 2, reason: expect.stringMatching(reason) });
  });

  it('trims blanks around extended fields and accepts 15-digit numbers', () => {
    const [p] = readOk(
      file(
        HEADER,
        line({ ext: extended({ 0: ' 123456789012345 ', 8: '-0.5', 21: '1.234567890123456' }) }),
      ),
    ).players;
    expect(p?.extended.damage_given).toBe(123_456_789_012_345);
    expect(p?.extended.time_alive_pct).toBe(-0.5);
    expect(p?.extended.mod_dpm).toBe(1.234567890123456);
  });

  it('keeps the raw name with colour codes and strips them for display', () => {
    const [p] = readOk(file(HEADER, line({ name: '^1**Bo^7ld** @everyone' }))).players;
    expect(p?.nameRaw).toBe('^1**Bo^7ld** @everyone');
    expect(p?.name).toBe('**Bold** @everyone');
  });

  it('keeps a backslash inside a name: the last three fields are counted from the end', () => {
    const [p] = readOk(file(HEADER, line({ name: 'a\\b\\c' }))).players;
    expect(p).toMatchObject({ nameRaw: 'a\\b\\c', rounds: 0, team: 1 });
  });

  it('reads UTF-8 names, and Latin-1 names line by line', () => {
    const latin1 = new Uint8Array([
      ...encoder.encode(`${HEADER}\n${line({ guid: 'AAAA0001', name: 'J' })}`),
    ]);
    const at = latin1.indexOf(0x5c, HEADER.length + 10);
    const bytes = new Uint8Array([
      ...latin1.subarray(0, at),
      0xf6,
      ...latin1.subarray(at),
      ...encoder.encode(`\n${line({ name: 'Jörg 😀' })}\n`),
    ]);
    const players = readOk(bytes).players;
    expect(players.map((p) => p.nameRaw)).toEqual(['Jö', 'Jörg 😀']);
  });

  it('reads a \\r\\n file, and trailing blanks and blank lines, exactly as the plain file', () => {
    const lines = [HEADER, line({ guid: 'AAAA0001' }), line({ guid: 'AAAA0002', team: '2' })];
    const plain = readOk(file(...lines));
    expect(readOk(encoder.encode(`${lines.join('\r\n')}\r\n`))).toEqual(plain);
    expect(readOk(encoder.encode(`${lines.join(' \t\n')}  \n\n \n`))).toEqual(plain);
  });

  it('rejects a last line without its line end, even a complete one: its last number may be cut', () => {
    const cut = 'last line has no line end: the file was cut off while the server wrote it';
    const complete = `${HEADER}\n${line({ guid: 'AAAA0001' })}\n${line()}`;
    expect(rejection(encoder.encode(complete))).toEqual({ line: 3, reason: cut });
    const short = `${HEADER}\n${line({ guid: 'AAAA0001' })}\n${line().split('\t').slice(0, 20).join('\t')}`;
    expect(rejection(encoder.encode(short))).toEqual({ line: 3, reason: cut });
    expect(rejection(encoder.encode(HEADER))).toEqual({ line: 1, reason: cut });
  });

  it('rejects NUL and other control characters, which no stats file holds, naming the line', () => {
    const nul = line({ name: 'Pla\u0000yer' });
    expect(rejection(file(HEADER, line({ guid: 'AAAA0001' }), nul))).toEqual({
      line: 3,
      reason: 'line holds the control character U+0000, which a stats file never has',
    });
    expect(rejection(file(`srv\u001b\\supply\\x\\1\\1\\2\\12:00\\7:36`, line()))).toMatchObject({
      line: 1,
    });
  });

  it('refuses a NUL, DEL or lone CR in any line, before its name, yet takes TAB and CR LF', () => {
    const control = (code: string, at: number) => ({
      line: at,
      reason: `line holds the control character U+${code}, which a stats file never has`,
    });
    const lines = [HEADER, line({ guid: 'AAAA0001' }), line({ guid: 'AAAA0002' })];
    const poisoned = (at: number, byte: number) => {
      const bytes = file(...lines);
      const spot = bytes.indexOf(0x5c, lines.slice(0, at - 1).join('\n').length + 1) + 2;
      return new Uint8Array([...bytes.subarray(0, spot), byte, ...bytes.subarray(spot)]);
    };
    expect(rejection(poisoned(3, 0x00))).toEqual(control('0000', 3));
    expect(rejection(poisoned(1, 0x7f))).toEqual(control('007F', 1));
    expect(rejection(poisoned(2, 0x0d))).toEqual(control('000D', 2));
    // Kept in quarantine under a companion's name, it is refused for its bytes when read again.
    expect(rejection(poisoned(2, 0x00), 'x-round-1-endstats.txt')).toEqual(control('0000', 2));
    expect(readOk(encoder.encode(`${lines.join('\r\n')}\r\n`)).players).toHaveLength(2);
  });

  it('rejects a second line for the same GUID, naming both lines', () => {
    const r = rejection(file(HEADER, line(), line({ guid: 'AAAA0001' }), line()));
    expect(r).toEqual({ line: 4, reason: 'GUID ABCDEF01 already has a line (line 2)' });
  });

  it('flags omni-bots by GUID and by a [BOT] name, even with colour codes inside', () => {
    const players = readOk(
      file(
        HEADER,
        line({ guid: 'OMNIBOT3', name: 'Sarge' }),
        line({ guid: 'AAAA0001', name: '[^mB^yO^qT]Chuck' }),
        line({ guid: 'AAAA0002', name: 'BOTtom' }),
      ),
    ).players;
    expect(players.map((p) => p.bot)).toEqual([true, true, false]);
  });

  it('accepts a spectator (team 3) and rejects other team numbers', () => {
    expect(readOk(file(HEADER, line({ team: '3' }))).players[0]?.team).toBe(3);
    expect(rejection(file(HEADER, line({ team: '4' })))).toEqual({
      line: 2,
      reason: expect.stringMatching(/player team is 4/),
    });
  });

  it.each([
    ['ABCDEF01\\name\\0\\1', /player line has 4 fields/],
    [line({ guid: 'ABC-DEF' }), /player GUID "ABC-DEF" is not 1-32 letters and digits/],
    [line({ guid: '' }), /player GUID "" is not/],
    [line({ rounds: 'one' }), /player rounds is not a whole number: "one"/],
  ])('rejects the player line %j on its line', (text, reason) => {
    const r = rejection(file(HEADER, line({ guid: 'AAAA0001' }), '', text));
    expect(r.line).toBe(4);
    expect(r.reason).toMatch(reason);
  });
});

describe('readStatsFile: whole files', () => {
  it('rejects a bad file name on line 0, before reading anything', () => {
    expect(rejection(file(HEADER, line()), 'supply.txt')).toEqual({
      line: 0,
      reason: expect.stringMatching(/file name "supply.txt" is not/),
    });
  });

  it('rejects an empty file, and reads a header-only file as an empty round (an idle public round)', () => {
    expect(rejection(new Uint8Array(0))).toEqual({ line: 1, reason: 'file is empty' });
    for (const bytes of [file(HEADER), file(HEADER, '', '  ')]) {
      const round = readOk(bytes);
      expect(round.players).toEqual([]);
      expect(round).toMatchObject({ bulletsKnown: false, extFields: [] });
      expect(round.header.map).toBe('supply');
    }
  });

  it('rejects garbage with a line number and a reason', () => {
    const garbage = new Uint8Array(300).map((_, i) => (i * 97 + 13) % 256);
    const r = rejection(garbage);
    expect(Number.isInteger(r.line) && r.line >= 0).toBe(true);
    expect(r.reason.length).toBeGreaterThan(0);
  });

  it('reads the same bytes the same way every time (no state kept between files)', () => {
    const a = file(HEADER, line({ weapons: '16 1 2 3 4 5', ext: extended({}, 30) }));
    const b = file(HEADER, line({ weapons: `${2 ** 27 + 1} 9 9 9 9 9 8 8 8 8 8` }));
    const first = readStatsFile(NAME, a);
    readStatsFile(NAME, b);
    expect(readStatsFile(NAME, a)).toEqual(first);
  });
});

describe('readStatsFile over the sample corpus (../shared/corpus)', () => {
  const truth = loadTruth();
  const files = corpusFiles();
  const results = new Map(files.map((f) => [f.name, readStatsFile(f.name, f.bytes)]));

  it('reads every file truth.json lists as a round and rejects every malformed one, with a line and a reason', () => {
    expect(files).toHaveLength(truth.rounds.length + truth.malformed.length);
    for (const round of truth.rounds) expect(results.get(round.file)?.ok, round.file).toBe(true);
    for (const name of truth.malformed) {
      const result = results.get(name);
      expect(result?.ok, name).toBe(false);
      if (result && !result.ok) {
        expect(Number.isInteger(result.line) && result.line >= 0, name).toBe(true);
        expect(result.reason, name).not.toBe('');
      }
    }
  });

  it('reads each header as truth.json says', () => {
    for (const round of truth.rounds) {
      const { header, file } = readOk(
        files.find((f) => f.name === round.file)?.bytes ?? new Uint8Array(),
        round.file,
      );
      const clock = `${Math.floor(header.timeLimitS / 60)}:${String(header.timeLimitS % 60).padStart(2, '0')}`;
      expect(
        {
          map: file.map,
          round: header.round,
          defender: header.defender,
          winner: header.winner,
          timelimit: clock,
          legacy_header: header.legacyHeader,
        },
        round.file,
      ).toEqual({
        map: round.map,
        round: round.round,
        defender: round.defender,
        winner: round.winner,
        timelimit: round.timelimit,
        legacy_header: round.legacy_header,
      });
      if (header.playtimeS !== null) expect(header.playtimeS, round.file).toBe(round.duration_s);
    }
  });

  it('gets every R1 player figure exactly as truth.json says (R1 files are written as played)', () => {
    let compared = 0;
    for (const round of truth.rounds.filter((r) => r.round === 1)) {
      const result = results.get(round.file);
      if (!result?.ok || !round.players)
        throw new Error(`${round.file} should be a readable R1 with players`);
      expect(result.round.players.map((p) => p.guid).sort(), round.file).toEqual(
        Object.keys(round.players).sort(),
      );
      for (const p of result.round.players) {
        const expected = round.players[p.guid] as Record<string, unknown>;
        const where = `${round.file} ${p.guid}`;
        const sum = (k: 'kills' | 'deaths' | 'hits' | 'shots' | 'headshots') =>
          p.weapons.reduce((n, w) => n + w[k], 0);
        expect({ name: p.nameRaw, team: p.team, bot: p.bot }, where).toEqual({
          name: expected.name,
          team: expected.team,
          bot: expected.bot,
        });
        expect(
          [sum('kills'), sum('deaths'), sum('hits'), sum('shots'), sum('headshots')],
          where,
        ).toEqual([
          expected.kills,
          expected.deaths,
          expected.hits,
          expected.shots,
          expected.headshot_hits,
        ]);
        for (const key of TRUTH_EXTENDED_KEYS)
          expect(p.extended[key], `${where} ${key}`).toBe(expected[key]);
        const weapons = Object.fromEntries(
          p.weapons.map(({ weapon, ...w }) => [WEAPON_NAMES[weapon], w]),
        );
        expect(weapons, `${where} weapons`).toEqual(expected.weapons);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(800);
  });
});
