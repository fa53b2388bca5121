import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCorpus } from '../../generator/index.ts';
import { statsLuaPayloads } from '../../generator/stats-lua.ts';
import { createBaseApp } from '../app.ts';
import { readConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { TOKEN_RATE_LIMIT } from '../ingest/bearer.ts';
import { MAX_JSON_BYTES, MAX_WIRE_BYTES } from '../ingest/stats-lua-body.ts';
import { addServerToken, revokeServerTokens, tokenHash } from '../ingest/tokens.ts';
import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { statsLuaRoutes } from './stats-lua.ts';

const config = readConfig({
  DATABASE_URL: 'postgres://unused',
  DISCORD_PUBLIC_KEY: 'unused',
  DISCORD_APPLICATION_ID: 'unused',
});
const corpus = generateCorpus({ seed: 7, evenings: 1, players: 10 });
const payloads = statsLuaPayloads(corpus.files);
const json = (i: number) => JSON.stringify((payloads[i] as (typeof payloads)[number]).payload);

let handle: DatabaseHandle;
let token: string;
let clock = new Date('2025-09-05T00:00:00Z');
const background: Promise<unknown>[] = [];
let app: ReturnType<typeof createBaseApp>;

beforeAll(async () => {
  handle = await openPglite();
  app = createBaseApp({
    config,
    openDatabase: () => ({ db: handle.db, close: async () => {} }),
    now: () => clock,
    fetch,
    waitUntil: (task) => void background.push(task),
  });
  app.route('/', statsLuaRoutes());
  const made = await addServerToken(handle.db, {
    communityId: DEFAULT_COMMUNITY_ID,
    name: 'gather #1',
  });
  if (!made.ok) throw new Error(made.reason);
  token = made.value.token;
});
afterAll(() => handle.close());

async function post(
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  path = '/ingest/stats-lua',
) {
  const response = await app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body as BodyInit,
  });
  await Promise.all(background.splice(0));
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const storedFiles = async () =>
  (await rowsOf<{ n: number }>(handle.db, sql`select count(*)::int as n from stats_files`))[0]?.n;
const refusals = async (reason: string) =>
  (
    await rowsOf<{ n: number }>(
      handle.db,
      sql`select coalesce(sum(count), 0)::int as n from token_refusals where reason = ${reason}`,
    )
  )[0]?.n;

describe('POST /ingest/stats-lua', () => {
  it('stores a plain JSON round (201) and the same round again once (200 duplicate)', async () => {
    const first = await post(json(0));
    expect(first).toMatchObject({ status: 201, json: { status: 'imported', round: 1 } });
    expect(first.json.fileName).toMatch(
      /^stats-gen\.\d+-\d{4}-\d{2}-\d{2}-\d{6}-.+-round-1\.json$/,
    );
    const again = await post(json(0));
    expect(again).toMatchObject({ status: 200, json: { status: 'duplicate' } });
    expect(await storedFiles()).toBe(1);
  });

  it('takes a gzip body (Content-Encoding: gzip) and the /submit path, and pairs R2 with its R1', async () => {
    const r2 = await post(
      gzipSync(json(1)),
      { 'content-encoding': 'gzip' },
      '/ingest/stats-lua/submit',
    );
    expect(r2).toMatchObject({ status: 201, json: { status: 'imported', round: 2 } });
    const [round] = await rowsOf<{ orphan: boolean; match_id: number | null }>(
      handle.db,
      sql`select orphan, match_id from rounds where round = 2`,
    );
    expect(round).toMatchObject({ orphan: false, match_id: expect.any(Number) });
  });

  it('stores the JSON as sent and files its players under their 8-character GUID', async () => {
    const [file] = await rowsOf<{ bytes: Uint8Array }>(
      handle.db,
      sql`select bytes from stats_files order by id limit 1`,
    );
    expect(new TextDecoder().decode(file?.bytes)).toBe(json(0));
    const guids = await rowsOf<{ guid: string }>(
      handle.db,
      sql`select distinct guid from player_rounds`,
    );
    expect(guids.length).toBeGreaterThan(0);
    for (const { guid } of guids) expect(guid).toMatch(/^([0-9A-F]{8}|OMNIBOT\d+)$/);
  });
});

describe('one parse per request', () => {
  it('parses the inflated body once, and still stores its bytes as sent', async () => {
    const body = json(payloads.length - 1);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const answer = await post(gzipSync(body), { 'content-encoding': 'gzip' });
      expect(answer).toMatchObject({ status: 201, json: { status: 'imported' } });
      expect(parse.mock.calls.filter(([text]) => text === body)).toHaveLength(1);
    } finally {
      parse.mockRestore();
    }
    const [file] = await rowsOf<{ bytes: Uint8Array }>(
      handle.db,
      sql`select bytes from stats_files order by id desc limit 1`,
    );
    expect(new TextDecoder().decode(file?.bytes)).toBe(body);
  });
});

describe('refusals: nothing is stored', () => {
  const refused = async (
    body: string | Uint8Array,
    headers: Record<string, string>,
    status: number,
    reason: RegExp,
  ) => {
    const before = await storedFiles();
    const answer = await post(body, headers);
    expect(answer.status).toBe(status);
    expect(String(answer.json.error)).toMatch(reason);
    expect(await storedFiles()).toBe(before);
  };

  it('an unknown token, or none: 401, counted', async () => {
    const counted = await refusals('unknown');
    await refused(json(2), { authorization: 'Bearer etsl_nothing' }, 401, /unknown token/);
    await refused(json(2), { authorization: '' }, 401, /no bearer token/);
    expect(await refusals('unknown')).toBe((counted ?? 0) + 2);
  });

  it('rotation: two tokens valid at once, a third refused; a revoked one is refused (401) and counted', async () => {
    const second = await addServerToken(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'gather #1',
    });
    expect(second.ok).toBe(true);
    const third = await addServerToken(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'gather #1',
    });
    expect(third).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already has 2 valid tokens/),
    });
    if (!second.ok) return;
    const old = token;
    token = second.value.token;
    expect((await post(json(2))).status).toBe(201);
    const prefix = old.slice(0, 11);
    const revoked = await revokeServerTokens(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'gather #1',
      prefix,
      now: clock,
    });
    expect(revoked).toMatchObject({ ok: true, value: { revoked: [prefix] } });
    await refused(json(3), { authorization: `Bearer ${old}` }, 401, /revoked/);
    expect(await refusals('revoked')).toBe(1);
  });

  it('stores only the token hash', async () => {
    const rows = await rowsOf<{ token_hash: string }>(
      handle.db,
      sql`select token_hash from server_tokens`,
    );
    expect(rows.map((r) => r.token_hash)).toContain(await tokenHash(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('a body over the wire limit: 413', async () => {
    await refused('x'.repeat(MAX_WIRE_BYTES + 1), {}, 413, /over \d+ bytes/);
  });

  it('a gzip bomb: 413 as soon as it inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_JSON_BYTES * 4, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(MAX_WIRE_BYTES);
    await refused(bomb, { 'content-encoding': 'gzip' }, 413, /inflates to over/);
  });

  it('bytes that are not gzip under Content-Encoding: gzip: 400', async () => {
    await refused(json(3), { 'content-encoding': 'gzip' }, 400, /not valid gzip/);
  });

  it('malformed JSON, or JSON nested too deep: 400', async () => {
    await refused(json(3).slice(0, -2), {}, 400, /not JSON/);
    await refused(`${'['.repeat(40)}${']'.repeat(40)}`, {}, 400, /nests deeper/);
  });

  it('JSON without stats.lua shape: 422 naming the field', async () => {
    const payload = JSON.parse(json(3));
    payload.round_info.round = 3;
    await refused(JSON.stringify(payload), {}, 422, /round_info\.round/);
    const noStats = JSON.parse(json(3));
    delete noStats.player_stats;
    await refused(JSON.stringify(noStats), {}, 422, /player_stats/);
  });

  it('fields that contradict each other: 422 naming them', async () => {
    const payload = JSON.parse(json(3));
    payload.metadata.matchID = 'another';
    await refused(
      JSON.stringify(payload),
      {},
      422,
      /metadata\.matchID "another" is not round_info\.matchID/,
    );
    const ended = JSON.parse(json(3));
    ended.round_info.round_end = ended.round_info.round_start - 1;
    await refused(
      JSON.stringify(ended),
      {},
      422,
      /round_info\.round_end .* is before round_info\.round_start/,
    );
    const guid = JSON.parse(json(3));
    const [key] = Object.keys(guid.player_stats);
    guid.player_stats[key as string].guid = 'FFFFFFFF';
    await refused(JSON.stringify(guid), {}, 422, /guid "FFFFFFFF" is not the first 8 characters/);
    const mask = JSON.parse(json(3));
    mask.player_stats[key as string].weaponStats.push('1');
    await refused(JSON.stringify(mask), {}, 422, /weaponStats has \d+ numbers; its mask names/);
    const noLog = JSON.parse(json(3));
    delete noLog.gamelog;
    await refused(JSON.stringify(noLog), {}, 422, /gamelog is missing/);
  });

  it('another encoding: 415', async () => {
    await refused(json(3), { 'content-encoding': 'br' }, 415, /not taken/);
  });

  it('past the per-token rate limit: 429 with Retry-After', async () => {
    clock = new Date(clock.getTime() + 120_000);
    let last = { status: 0, json: {} as Record<string, unknown> };
    for (let i = 0; i <= TOKEN_RATE_LIMIT; i++) last = await post('{', {});
    expect(last.status).toBe(429);
    expect(String(last.json.error)).toMatch(/retry in \d+ s/);
    clock = new Date(clock.getTime() + 61_000);
    expect((await post('{', {})).status).toBe(400);
  });
});

describe('GET /ingest/stats-lua/matchid/<ip>/<port>', () => {
  it("answers the R1's match id while its R2 is to come, and a new one after an R2", async () => {
    const get = async () =>
      (await (
        await app.request('/ingest/stats-lua/matchid/192.0.2.1/27960', {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { match_id: string };
    clock = new Date(clock.getTime() + 3_600_000);
    const fresh = (await get()).match_id;
    expect(fresh).toMatch(/^\d+\.\d+$/);
    const r1 = payloads.findIndex((p, i) => i > 3 && p.name.endsWith('-round-1.json'));
    expect((await post(json(r1))).status).toBe(201);
    expect((await get()).match_id).toBe(JSON.parse(json(r1)).metadata.matchID);
  });

  it('refuses an unknown token (401)', async () => {
    const response = await app.request('/ingest/stats-lua/matchid/192.0.2.1/27960', {
      headers: { authorization: 'Bearer nope' },
    });
    expect(response.status).toBe(401);
  });
});
