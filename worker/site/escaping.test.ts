// Pages are written with Hono's `html` template: what players chose (a name that is a script tag, one
// that is an image tag in colour codes) and what a visitor types (a search, a path) reach the page as
// text, in Node over the sample corpus plus the two rounds of markup names.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGameServer } from '../../scripts/lib/import-folder.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../test/support/corpus-database.ts';
import {
  COLOUR_GUID,
  importMarkupNameRounds,
  MARKUP_ROUNDS_NOW,
  SCRIPT_GUID,
} from '../../test/support/markup-name-rounds.ts';
import { nodeApp } from '../../test/support/node-app.ts';
import { rowsOf } from '../db/rows.ts';
import { recomputeAll } from '../recompute/index.ts';
import { chartHtml } from './message-html.ts';

let corpus: CorpusDatabase;
let app: ReturnType<typeof nodeApp>['app'];

beforeAll(async () => {
  corpus = await openCorpusDatabase();
  const serverId = await ensureGameServer(corpus.db, { communityId: 1, name: 'corpus' });
  await importMarkupNameRounds(corpus.db, serverId);
  await recomputeAll(corpus.db, { sessionGapMinutes: 60, seasons: QUARTERS }, MARKUP_ROUNDS_NOW);
  app = nodeApp(corpus.db, { now: () => MARKUP_ROUNDS_NOW }).app;
}, 120_000);
afterAll(() => corpus?.close());

async function get(path: string) {
  const response = await app.request(path);
  return { status: response.status, text: await response.text() };
}

/** The script name and the colour name (codes dropped, its `&amp;` shown as typed), escaped once. */
const SCRIPT_SHOWN = '&lt;script&gt;alert(1)&lt;/script&gt;';
const COLOUR_SHOWN = '&lt;img src=x onerror=alert(2)&gt;&amp;amp;';

describe('escaping on the pages', () => {
  it('shows the markup names as text on every page that names them', async () => {
    const [session] = await rowsOf<{ id: string }>(
      corpus.db,
      sql`select id::text from gaming_sessions order by started_at desc limit 1`,
    );
    const pages = [
      ['/', [SCRIPT_SHOWN, COLOUR_SHOWN]],
      [`/sessions/${session?.id}`, [SCRIPT_SHOWN, COLOUR_SHOWN]],
      ['/players', [SCRIPT_SHOWN, COLOUR_SHOWN]],
      [`/players/${SCRIPT_GUID}`, [SCRIPT_SHOWN]],
      [`/players/${COLOUR_GUID}`, [COLOUR_SHOWN]],
      [`/compare/${SCRIPT_GUID}/${COLOUR_GUID}`, [SCRIPT_SHOWN, COLOUR_SHOWN]],
    ] as const;
    for (const [path, names] of pages) {
      const { status, text } = await get(path);
      expect(status, path).toBe(200);
      expect(text, path).not.toMatch(/<script|<img|\^1|\^7/i);
      for (const name of names) expect(text, path).toContain(name);
    }
    expect((await get(`/players/${SCRIPT_GUID}`)).text).toContain(`<title>${SCRIPT_SHOWN} · `);
  }, 60_000);

  it('shows what a visitor typed as text: a search, a path, a month', async () => {
    const search = await get(`/players?search=${encodeURIComponent('<b>"x\'&')}`);
    expect(search.status).toBe(200);
    expect(search.text).toContain('value="&lt;b&gt;&quot;x&#39;&amp;"');
    const weapon = await get(`/weapons/${encodeURIComponent('<i>x')}`);
    expect(weapon.status).toBe(404);
    expect(weapon.text).toContain('There is no weapon &quot;&lt;i&gt;x&quot;.');
    const month = await get(`/sessions?month=${encodeURIComponent('<u>')}`);
    expect(month.status).toBe(404);
    expect(month.text).toContain('&quot;&lt;u&gt;&quot; is not a month');
    for (const page of [search, weapon, month]) expect(page.text).not.toMatch(/<[biu]>/);
  });

  it('escapes a chart’s text alternative and inlines the chart kit’s SVG as drawn', async () => {
    const image = {
      name: 'x.png',
      description: 'Kills of "<a>" & co',
      chart: { tree: null, width: 10, height: 10 },
    } as unknown as Parameters<typeof chartHtml>[1];
    const svg =
      '<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>';
    const drawn = String(await chartHtml({ renderSvg: async () => svg } as never, image));
    const label = 'Kills of &quot;&lt;a&gt;&quot; &amp; co';
    expect(drawn).toBe(
      `<figure class="chart"><svg role="img" aria-label="${label}" preserveAspectRatio="xMinYMin meet" width="10" height="10" xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg><figcaption>${label}</figcaption></figure>`,
    );
    const undrawn = String(await chartHtml(undefined, image));
    expect(undrawn).toBe(`<figure class="chart"><p>${label}</p></figure>`);
  });
});
