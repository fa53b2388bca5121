// The website in the deployed Worker bundle (workerd, Neon's driver over the WebSocket bridge) over the
// sample corpus plus two sessions whose players are named to break a page: a bidi/control-character name
// and `^1<script>alert(1)</script>`. Every page shows them as text; the Workers cache serves a page
// again until the data version moves, and the ETag answers 304.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGameServer } from '../../scripts/lib/import-folder.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { recomputeAll } from '../../worker/recompute/index.ts';
import { CORPUS_DIR } from '../support/corpus.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';
import {
  importUnsafeNameRounds,
  UNSAFE_CHARACTERS,
  UNSAFE_GUID,
  UNSAFE_NAME,
  UNSAFE_NAME_SHOWN,
  UNSAFE_ROUNDS_NOW,
} from '../support/unsafe-name-rounds.ts';

const SCRIPT_GUID = '20B6A846';
const SCRIPT_NAME = '^1<script>alert(1)</script>';
const SCRIPT_FILES = [
  ['2025-10-13-203233-etl_adlernest-round-1.txt', '2025-12-19-203233-etl_adlernest-round-1.txt'],
  ['2025-10-13-204137-etl_adlernest-round-2.txt', '2025-12-19-204137-etl_adlernest-round-2.txt'],
] as const;

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack(async (local) => {
    const serverId = await ensureGameServer(local.db, { communityId: 1, name: 'corpus' });
    await importUnsafeNameRounds(local.db, serverId);
    for (const [source, name] of SCRIPT_FILES) {
      const text = readFileSync(`${CORPUS_DIR}/${source}`, 'utf8');
      // The bidi player keeps his name in these later files too: both names are each one's latest.
      const changed = text
        .replace(/^20B6A846\\[^\\]*\\/m, `${SCRIPT_GUID}\\${SCRIPT_NAME}\\`)
        .replace(/^6147DB98\\[^\\]*\\/m, `${UNSAFE_GUID}\\${UNSAFE_NAME}\\`);
      expect(changed).not.toBe(text);
      const bytes = new TextEncoder().encode(changed);
      await importStatsFile(
        local.db,
        { serverId, fileName: name, bytes, receivedAt: UNSAFE_ROUNDS_NOW },
        { sessionGapMinutes: 60 },
      );
    }
    await recomputeAll(local.db, { sessionGapMinutes: 60, seasons: QUARTERS }, UNSAFE_ROUNDS_NOW);
  });
}, 180_000);

afterAll(() => stack?.stop());

const page = async (path: string, init?: RequestInit) => {
  const response = await stack.worker.fetch(path, init);
  return { response, text: await response.text() };
};

describe('the website in workerd', () => {
  it('shows a player named <script>… and one with bidi and control characters as text', async () => {
    const sessions = await rowsOf<{ id: string }>(
      stack.local.db,
      sql`select id::text from gaming_sessions where started_at > '2025-12-01' order by id`,
    );
    expect(sessions.length).toBe(2); // the bidi name's session and the <script> one's
    const paths = [
      '/',
      '/players',
      '/players?search=script',
      `/players/${SCRIPT_GUID}`,
      `/players/${UNSAFE_GUID}`,
      `/compare/${SCRIPT_GUID}/${UNSAFE_GUID}`,
      '/top/kills?period=30d',
      '/maps/etl_adlernest',
      ...sessions.map((s) => `/sessions/${s.id}`),
    ];
    for (const path of paths) {
      const { response, text } = await page(path);
      expect(response.status, path).toBe(200);
      expect(text, path).not.toMatch(/<script/i);
      expect(text, path).not.toContain('^1');
      for (const ch of UNSAFE_CHARACTERS)
        expect(text.includes(ch), `${path} ${JSON.stringify(ch)}`).toBe(false);
    }
    const script = (await page(`/players/${SCRIPT_GUID}`)).text;
    expect(script).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(script).toMatch(/<title>&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    expect((await page(`/players/${UNSAFE_GUID}`)).text).toContain(`<h1>${UNSAFE_NAME_SHOWN}</h1>`);
  }, 120_000);

  it('inlines charts as SVG with their text alternative', async () => {
    const { text } = await page(`/players/${SCRIPT_GUID}`);
    expect(text).toMatch(/<figure class="chart"><svg role="img" aria-label="[^"]+"/);
    expect(text).not.toMatch(/<img [^>]*src="data:image\/png/);
  });

  it('serves a page from the Workers cache until the data version moves, and 304 to its ETag', async () => {
    const first = await page('/maps');
    const etag = first.response.headers.get('ETag') as string;
    expect(first.response.status).toBe(200);
    // The deployment's version id (wrangler.toml's version metadata binding) is part of the key.
    expect(etag).toMatch(/^"c1-v\d+-m\d+-[0-9a-f-]{8,}"$/);
    let cached = '';
    for (let i = 0; i < 50 && cached !== 'hit'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      cached = (await page('/maps')).response.headers.get('X-Site-Cache') ?? '';
    }
    expect(cached).toBe('hit');
    expect((await page('/maps', { headers: { 'If-None-Match': etag } })).response.status).toBe(304);
    await stack.local.db.execute(sql`update communities set data_version = data_version + 1`);
    const after = await page('/maps', { headers: { 'If-None-Match': etag } });
    expect(after.response.status).toBe(200);
    expect(after.response.headers.get('X-Site-Cache')).toBe('miss');
    expect(after.response.headers.get('ETag')).not.toBe(etag);
  }, 30_000);
});
