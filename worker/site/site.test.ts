// The website in Node over the sample corpus (PGlite): every page type answers a whole page, the
// machine-findable figures are there, caching answers 304 and a new data version draws again.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { nodeApp, testConfig } from '../../test/support/node-app.ts';
import { rowsOf } from '../db/rows.ts';
import { setSiteEnabled } from '../jobs/site.ts';
import { recomputeAll } from '../recompute/index.ts';

let corpus: CorpusDatabase;
let app: ReturnType<typeof nodeApp>['app'];
const NOW = new Date('2025-12-01T12:00:00Z');

beforeAll(async () => {
  corpus = await openCorpusDatabase();
  await recomputeAll(corpus.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
  app = nodeApp(corpus.db, { now: () => NOW }).app;
}, 120_000);
afterAll(() => corpus?.close());

async function get(path: string, init?: RequestInit) {
  const response = await app.request(path, init);
  return { response, text: await response.text() };
}

async function aSession(): Promise<string> {
  const [row] = await rowsOf<{ id: string }>(
    corpus.db,
    sql`select id::text from gaming_sessions order by started_at desc limit 1`,
  );
  return row?.id as string;
}

describe('the website', () => {
  it('serves every page type as a whole page under 100 KB', async () => {
    const session = await aSession();
    const [player] = await rowsOf<{ guid: string }>(
      corpus.db,
      sql`select guid from players where not bot order by guid limit 2`,
    );
    const [map] = await rowsOf<{ map: string }>(
      corpus.db,
      sql`select map from rounds order by map limit 1`,
    );
    const paths = [
      '/',
      '/sessions',
      `/sessions/${session}`,
      '/players',
      '/players?filter=active',
      '/players?search=a',
      `/players/${player?.guid}`,
      '/top/kills?period=all',
      '/top/dpm?period=30d',
      '/top/rating',
      '/maps',
      `/maps/${map?.map}`,
      '/weapons',
      '/weapons/MP40',
      '/seasons/current',
    ];
    const sessions = await rowsOf<{ id: string }>(
      corpus.db,
      sql`select id::text from gaming_sessions`,
    );
    paths.push(...sessions.map((s) => `/sessions/${s.id}`));
    for (const path of paths) {
      const { response, text } = await get(path);
      expect(response.status, path).toBe(200);
      expect(text, path).toMatch(/^<!doctype html><html lang="en">/);
      expect(text.match(/<h1>/g)?.length, path).toBe(1);
      expect(text, path).toContain('<main>');
      expect(new TextEncoder().encode(text).length, path).toBeLessThan(100_000);
    }
  }, 120_000);

  it('shows a player’s totals as plain integers and the session’s map results', async () => {
    const [p] = await rowsOf<{ guid: string; kills: number }>(
      corpus.db,
      sql`select pr.guid, sum(pr.kills)::int as kills from player_rounds pr where not pr.bot group by pr.guid order by 2 desc limit 1`,
    );
    const { text } = await get(`/players/${p?.guid}`);
    expect(text).toMatch(/<dt>Kills<\/dt><dd data-value="\d+">\d+<\/dd>/);
    const session = await aSession();
    const page = (await get(`/sessions/${session}`)).text;
    expect(page).toMatch(
      /<table class="map-results">.*<td class="map">.*<td class="score">\d–\d<\/td>/s,
    );
  }, 60_000);

  it('renders the commands’ markdown: no **, backslash escape or emoji glyph on any session page', async () => {
    const sessions = await rowsOf<{ id: string }>(
      corpus.db,
      sql`select id::text from gaming_sessions`,
    );
    for (const path of ['/', ...sessions.map((s) => `/sessions/${s.id}`), '/seasons/current']) {
      const { text } = await get(path);
      const shown = text.replace(/<style>.*?<\/style>/s, '').replace(/<[^>]*>/g, '');
      expect(shown, path).not.toContain('**');
      expect(shown, path).not.toMatch(/\\[_*~`#<>-]/);
      // No corpus name holds an emoji: every one the commands wrote became text or was left out.
      expect(shown, path).not.toMatch(/\p{Extended_Pictographic}/u);
    }
    // The latest session's maps include braundorf_b4 and etl_adlernest: names with underscores.
    const page = (await get(`/sessions/${await aSession()}`)).text;
    expect(page).toMatch(/<strong>MVP: [^<*\\]+<\/strong>/);
    expect(page).toContain('<span class="medal gold" role="img" aria-label="gold medal">1</span>');
    expect(page).toMatch(/<h3>\d\. etl_adlernest · /);
    expect(page).toMatch(/<strong>\d\. braundorf_b4<\/strong>/);
  }, 60_000);

  it('answers 304 to the current ETag, and draws again once the data version moves', async () => {
    const first = await get('/maps');
    const etag = first.response.headers.get('ETag') as string;
    expect(etag).toMatch(/^"c1-v\d+-m\d+"$/);
    expect(first.response.headers.get('Cache-Control')).toBe('public, no-cache');
    const again = await get('/maps', { headers: { 'If-None-Match': etag } });
    expect(again.response.status).toBe(304);
    await recomputeAll(corpus.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
    const after = await get('/maps', { headers: { 'If-None-Match': etag } });
    expect(after.response.status).toBe(200);
    expect(after.response.headers.get('ETag')).not.toBe(etag);
  }, 60_000);

  it('draws again for a new deployment, the data version staying', async () => {
    const first = await get('/maps');
    const etag = first.response.headers.get('ETag') as string;
    const deployed = nodeApp(corpus.db, {
      now: () => NOW,
      config: testConfig({
        site: { basePath: '/', publicBaseUrl: undefined, deployment: 'next-version' },
      }),
    }).app;
    const after = await deployed.request('/maps', { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('ETag')).toBe(etag.replace(/"$/, '-next-version"'));
  });

  it('names a PNG og:image per player, session and comparison, and serves it', async () => {
    const session = await aSession();
    const { text } = await get(`/sessions/${session}`);
    const og =
      /<meta property="og:image" content="http:\/\/localhost(\/og\/sessions\/\d+\.png)">/.exec(
        text,
      );
    expect(og).not.toBeNull();
    const image = await app.request(og?.[1] as string);
    expect(image.status).toBe(200);
    expect(image.headers.get('Content-Type')).toBe('image/png');
    expect([...new Uint8Array(await image.arrayBuffer()).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect((await app.request('/og/players/NOPE0000.png')).status).toBe(404);
  }, 60_000);

  it('links every weapon and map of the lists to a page that answers', async () => {
    for (const list of ['/weapons', '/maps']) {
      const { text } = await get(list);
      const links = [...text.matchAll(/<li><a href="(\/(?:weapons|maps)\/[^"]+)">/g)].map(
        (m) => m[1] as string,
      );
      expect(links.length, list).toBeGreaterThan(3);
      for (const link of links)
        expect((await get(link.replace(/&amp;/g, '&'))).response.status, link).toBe(200);
    }
  }, 60_000);

  it('links every season with data from home, sessions and the season board, each to its page', async () => {
    const seasonLinks = (text: string) =>
      [...text.matchAll(/<a href="(\/seasons\/[^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => ({
        path: m[1] as string,
        name: m[2] as string,
      }));
    const home = seasonLinks((await get('/')).text);
    // The corpus spans 2025 Q3 and Q4: newest first.
    expect(home.map((l) => l.name)).toEqual(['2025 Q4', '2025 Q3']);
    for (const from of ['/sessions', '/top/kills?period=season'])
      expect(seasonLinks((await get(from)).text), from).toEqual(home);
    expect(seasonLinks((await get('/top/kills?period=all')).text)).toEqual([]);
    for (const { path, name } of home) {
      const { response, text } = await get(path);
      expect(response.status, path).toBe(200);
      expect(text, path).toContain(`<h1>Season ${name}</h1>`);
      expect(text, path).toContain(`<a href="${path}" aria-current="page">${name}</a>`);
    }
  }, 60_000);

  it('answers 404 with a clear page while the site is off', async () => {
    expect(await setSiteEnabled(corpus.db, 1, false)).toBe(true);
    const { response, text } = await get('/players');
    expect(response.status).toBe(404);
    expect(text).toContain('turned its stats website off');
    await setSiteEnabled(corpus.db, 1, true);
    expect((await get('/players')).response.status).toBe(200);
  });

  it('serves under a base path and per community slug', async () => {
    const based = nodeApp(corpus.db, {
      now: () => NOW,
      config: testConfig({ site: { basePath: '/stats/', publicBaseUrl: undefined } }),
    }).app;
    const home = await based.request('/stats');
    expect((await based.request('/stats/')).status).toBe(301);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('href="/stats/sessions"');
    expect((await based.request('/stats/c/default/maps')).status).toBe(200);
    expect((await based.request('/stats/c/nobody/maps')).status).toBe(404);
  });
});
