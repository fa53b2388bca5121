import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, importSigningKey } from '../ingest-protocol/keys.ts';
import { parseAgentConfig } from './config.ts';
import { intakeOf } from './intake.ts';
import { uploadFile } from './upload.ts';

const DUMP = 'stats-1772395800-2026-03-01-201003-supply-round-1.json';
const bytes = new TextEncoder().encode('{\n  "round_info": {}\n}\n');

async function target(statsLuaToken?: string) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fake = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify({ status: 'imported', fileName: 'x' }), { status: 201 });
  }) as unknown as typeof fetch;
  const keys = [await importSigningKey(await generateKeyPair())];
  return {
    calls,
    target: {
      url: 'https://etstats.example/ingest',
      keys,
      fetch: fake,
      timeoutMs: 1000,
      ...(statsLuaToken ? { statsLuaToken } : {}),
    },
  };
}

describe('the agent and the round JSON stats.lua dumps (DUMP_STATS_DATA)', () => {
  it('takes stats-*.json dumps, and still skips other .json files', () => {
    expect(intakeOf(DUMP)).toEqual({ take: true, kind: 'stats-lua' });
    expect(intakeOf('stats.log')).toMatchObject({ take: false });
    expect(intakeOf('team_data.json')).toMatchObject({ take: false });
  });

  it('sends a dump gzipped to /ingest/stats-lua with the server’s bearer token', async () => {
    const { calls, target: t } = await target('etsl_secret_token_value');
    const result = await uploadFile(t, { fileName: DUMP, bytes }, new Date());
    expect(result).toMatchObject({ kind: 'delivered', httpStatus: 201 });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('https://etstats.example/ingest/stats-lua');
    expect(call?.init.headers).toMatchObject({
      authorization: 'Bearer etsl_secret_token_value',
      'content-encoding': 'gzip',
    });
    expect(new Uint8Array(gunzipSync(call?.init.body as Uint8Array))).toEqual(bytes);
  });

  it('without a token keeps the dump and says which setting is missing', async () => {
    const { calls, target: t } = await target();
    const result = await uploadFile(t, { fileName: DUMP, bytes }, new Date());
    expect(result).toMatchObject({
      kind: 'retry',
      reason: expect.stringMatching(/"statsLuaToken"/),
    });
    expect(calls).toHaveLength(0);
  });

  it('reads statsLuaToken from the config, and refuses a malformed one', () => {
    const base = {
      url: 'https://etstats.example/ingest',
      gamestatsDir: 'g',
      spoolDir: 's',
      since: '2026-01-01T00:00:00Z',
      keys: [{ publicKey: 'p', privateKey: 'k' }],
    };
    const ok = parseAgentConfig({ ...base, statsLuaToken: 'etsl_abcdefgh' }, '/');
    expect(ok.ok && ok.config.statsLuaToken).toBe('etsl_abcdefgh');
    expect(parseAgentConfig({ ...base, statsLuaToken: 'a b' }, '/')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/"statsLuaToken"/),
    });
  });
});
