// stats.lua's push against the deployed Worker bundle in workerd (Neon driver → WebSocket bridge → served
// PGlite): gzip and plain bodies stored, the same round twice stored once, and every refusal answered
// with its status and a reason, nothing stored.
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../generator/index.ts';
import { statsLuaPayloads } from '../../generator/stats-lua.ts';
import type { LocalPostgres } from '../../scripts/lib/local-postgres.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { MAX_JSON_BYTES, MAX_WIRE_BYTES } from '../../worker/ingest/stats-lua-body.ts';
import { addServerToken, revokeServerTokens } from '../../worker/ingest/tokens.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';
import type { TestWorker } from '../support/workerd.ts';

const payloads = statsLuaPayloads(
  generateCorpus({ seed: 99, evenings: 1, players: 10, startDate: '2026-02-10' }).files,
);
const json = (i: number) => JSON.stringify((payloads[i] as (typeof payloads)[number]).payload);

let stack: LocalStack;
let local: LocalPostgres;
let worker: TestWorker;
let token: string;
let rotated: string;

beforeAll(async () => {
  stack = await startLocalStack(async (db) => {
    const made = await addServerToken(db.db, { communityId: 1, name: 'gather' });
    if (!made.ok) throw new Error(made.reason);
    token = made.value.token;
  });
  ({ local, worker } = stack);
}, 120_000);
afterAll(() => stack?.stop());

async function post(body: string | Uint8Array, headers: Record<string, string> = {}) {
  const response = await worker.fetch('/ingest/stats-lua', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body as BodyInit,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
const stored = async () =>
  (
    await rowsOf<{ n: number }>(
      local.db,
      sql`select count(*)::int as n from stats_files where file_name like 'stats-%'`,
    )
  )[0]?.n ?? 0;

async function refused(
  body: string | Uint8Array,
  headers: Record<string, string>,
  status: number,
  reason: RegExp,
) {
  const before = await stored();
  const answer = await post(body, headers);
  expect(answer.status).toBe(status);
  expect(String(answer.json.error)).toMatch(reason);
  expect(await stored()).toBe(before);
}

describe('stats.lua push in workerd', () => {
  it('stores a gzip body and a plain one, and shows them in /api/rounds', async () => {
    const first = await post(gzipSync(json(0)), { 'content-encoding': 'gzip' });
    expect(first).toMatchObject({ status: 201, json: { status: 'imported', round: 1 } });
    expect((await post(json(1))).status).toBe(201);
    const file = encodeURIComponent(String(first.json.fileName));
    const round = (await (await worker.fetch(`/api/rounds?file=${file}`)).json()) as {
      map: string;
      players: Record<string, unknown>;
    };
    expect(round.map).toBe(JSON.parse(json(0)).round_info.mapname);
    expect(Object.keys(round.players)).toHaveLength(
      Object.keys(JSON.parse(json(0)).player_stats).length,
    );
    expect(await stored()).toBe(2);
  });

  it('stores the same round posted twice once (200 duplicate)', async () => {
    expect(await post(json(0))).toMatchObject({ status: 200, json: { status: 'duplicate' } });
    expect(await stored()).toBe(2);
  });

  it('refuses an unknown token, a revoked one, and takes the rotated one (two valid at once)', async () => {
    await refused(json(2), { authorization: 'Bearer etsl_made_up' }, 401, /unknown token/);
    const second = await addServerToken(local.db, { communityId: 1, name: 'gather' });
    if (!second.ok) throw new Error(second.reason);
    rotated = second.value.token;
    await revokeServerTokens(local.db, {
      communityId: 1,
      name: 'gather',
      prefix: token.slice(0, 11),
      now: new Date(),
    });
    await refused(json(2), {}, 401, /revoked/);
    token = rotated;
    expect((await post(json(2))).status).toBe(201);
  });

  it('refuses an oversized body (413) and a gzip bomb (413)', async () => {
    await refused(new Uint8Array(MAX_WIRE_BYTES + 1024).fill(0x20), {}, 413, /over \d+ bytes/);
    const bomb = gzipSync(Buffer.alloc(MAX_JSON_BYTES * 8, 0x20), { level: 9 });
    await refused(bomb, { 'content-encoding': 'gzip' }, 413, /inflates to over/);
  });

  it('refuses malformed JSON (400), a wrong shape (422) and contradicting fields (422), naming them', async () => {
    await refused(json(3).slice(0, 100), {}, 400, /not JSON/);
    const shape = JSON.parse(json(3));
    shape.round_info.defenderteam = 'axis';
    await refused(JSON.stringify(shape), {}, 422, /round_info\.defenderteam/);
    const contradiction = JSON.parse(json(3));
    contradiction.metadata.matchID = 'other';
    await refused(
      JSON.stringify(contradiction),
      {},
      422,
      /metadata\.matchID "other" is not round_info\.matchID/,
    );
  });

  it('answers the match id stats.lua asks for, and that the version is not tracked', async () => {
    const id = await worker.fetch('/ingest/stats-lua/matchid/192.0.2.1/27960', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(id.status).toBe(200);
    expect(await id.json()).toEqual({ match_id: expect.any(String) });
    expect((await worker.fetch('/ingest/stats-lua/version')).status).toBe(404);
  });
});
