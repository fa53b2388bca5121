import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEAPON_NAMES, type WeaponCode, weaponLabel } from '../../stats/fields.ts';
import { loadTruth, TRUTH_INTEGER_KEYS, TRUTH_MINUTE_KEYS } from '../../test/support/corpus.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { nodeApp } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';

const truth = loadTruth();
let handle: DatabaseHandle;
// biome-ignore lint/suspicious/noExplicitAny: the answers are JSON, checked field by field against truth.json
let get: (path: string) => Promise<{ status: number; body: any }>;

beforeAll(async () => {
  handle = await openCorpusDatabase();
  const { app } = nodeApp(handle.db);
  get = async (path) => {
    const response = await app.request(path);
    return { status: response.status, body: await response.json() };
  };
});
afterAll(() => handle.close());

describe('GET /api/rounds?file=NAME', () => {
  it('answers every readable corpus file with the figures of that round alone, as truth.json has them', async () => {
    for (const round of truth.rounds) {
      const { status, body } = await get(`/api/rounds?file=${encodeURIComponent(round.file)}`);
      expect(status, round.file).toBe(200);
      expect(
        {
          map: body.map,
          round: body.round,
          match: body.match,
          defender: body.defender,
          winner: body.winner,
          timelimit: body.timelimit,
          orphan: body.orphan,
          legacy_header: body.legacy_header,
        },
        round.file,
      ).toEqual({
        map: round.map,
        round: round.round,
        match: round.match,
        defender: round.defender,
        winner: round.winner,
        timelimit: round.timelimit,
        orphan: round.orphan ?? false,
        legacy_header: round.legacy_header,
      });
      if (round.map_score) expect(body.map_score, round.file).toEqual(round.map_score);
      if (round.players === null) {
        expect(body.players, round.file).toBeNull();
        continue;
      }
      expect(Object.keys(body.players).sort(), round.file).toEqual(
        Object.keys(round.players).sort(),
      );
      for (const [guid, want] of Object.entries(round.players)) {
        const got = body.players[guid];
        for (const key of TRUTH_INTEGER_KEYS)
          expect(got[key], `${round.file} ${guid} ${key}`).toBe(want[key]);
        for (const key of TRUTH_MINUTE_KEYS)
          expect(Math.abs(got[key] - want[key])).toBeLessThanOrEqual(0.1 + 1e-9);
        expect({ name: got.name, team: got.team, bot: got.bot, weapons: got.weapons }).toEqual({
          name: want.name,
          team: want.team,
          bot: want.bot,
          weapons: want.weapons,
        });
      }
    }
  });

  it('says why a quarantined file has no round, and names a missing or absent parameter', async () => {
    const bad = await get('/api/rounds?file=2025-12-17-131500-supply-round-1.txt');
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatch(/line 2: .*not a whole number/);
    expect((await get('/api/rounds?file=nope.txt')).status).toBe(404);
    expect((await get('/api/rounds')).body.error).toMatch(/file name/);
    expect((await get('/api/rounds/abc')).status).toBe(400);
  });
});

describe('players, sessions and quarantine', () => {
  it('finds a player by any of their names and shows totals, maps, weapons and aliases', async () => {
    const [guid, info] = Object.entries(truth.players).find(([, p]) => p.names.length > 1) as [
      string,
      { names: string[] },
    ];
    const clean = (info.names[0] as string).replace(/\^./g, '');
    const { body } = await get(`/api/players?search=${encodeURIComponent(clean)}`);
    expect(body.players.map((p: { guid: string }) => p.guid)).toContain(guid);
    const profile = (await get(`/api/players/${guid}`)).body;
    expect(profile.aliases.map((a: { name_raw: string }) => a.name_raw).sort()).toEqual(
      [...info.names].sort(),
    );
    let kills = 0;
    for (const round of truth.rounds)
      kills += (round.players?.[guid]?.kills as number | undefined) ?? 0;
    expect(profile.totals.kills).toBe(kills);
    expect(profile.weapons.reduce((n: number, w: { kills: number }) => n + w.kills, 0)).toBe(kills);
    // Each weapon keeps its stable `WS_` code and carries the display name every command shows.
    for (const w of profile.weapons as { weapon: string; name: string }[])
      expect(w.name).toBe(weaponLabel(WEAPON_NAMES.indexOf(w.weapon as WeaponCode)));
    expect((await get('/api/players/NOPE0000')).status).toBe(404);
    expect((await get('/api/players/bad%20guid')).status).toBe(400);
  });

  it('matches a search literally, not as a LIKE pattern', async () => {
    expect((await get('/api/players?search=%25')).body.players).toEqual([]);
  });

  it('lists sessions newest first and details one with its lineup', async () => {
    const { body } = await get('/api/sessions?limit=100');
    expect(body.sessions).toHaveLength(truth.sessions.length);
    const oldest = body.sessions.at(-1);
    const detail = (await get(`/api/sessions/${oldest.id}`)).body;
    expect(detail.rounds.map((r: { file: string }) => r.file)).toEqual(truth.sessions[0]?.rounds);
    expect(detail.players.map((p: { guid: string }) => p.guid).sort()).toEqual(
      truth.sessions[0]?.players,
    );
  });

  it('lists the quarantined files with their reasons', async () => {
    const { body } = await get('/api/quarantine');
    expect(body.files.map((f: { file_name: string }) => f.file_name).sort()).toEqual(
      [...truth.malformed].sort(),
    );
    for (const f of body.files) expect(f.reason.length).toBeGreaterThan(5);
  });
});

describe('control characters in a query string', () => {
  it('are refused with 400, naming the parameter, before any query runs', async () => {
    for (const [path, error] of [
      [
        '/api/players?search=%00',
        'query parameter "search" holds the control character U+0000; remove it',
      ],
      [
        '/api/players?search=ab%1Bc&limit=3',
        'query parameter "search" holds the control character U+001B; remove it',
      ],
      [
        '/api/rounds?file=x-round-1.txt&server=a%C2%85b',
        'query parameter "server" holds the control character U+0085; remove it',
      ],
      [
        '/api/sessions?limit=1%0A',
        'query parameter "limit" holds the control character U+000A; remove it',
      ],
      ['/api/quarantine?a%00b=1', 'query parameter "a?b" has a control character in its name'],
    ] as const) {
      expect(await get(path), path).toEqual({ status: 400, body: { error } });
    }
  });

  it('leave every other character alone: a name with a space, accents or emoji is searched', async () => {
    const { status, body } = await get(`/api/players?search=${encodeURIComponent('é 😀')}`);
    expect(status).toBe(200);
    expect(body.players).toEqual([]);
  });
});
