import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorpusDatabase, openCorpusDatabase } from '../../../test/support/corpus-database.ts';
import { testConfig } from '../../../test/support/node-app.ts';
import { setSiteEnabled } from '../../jobs/site.ts';
import type { CommandServices } from '../../services.ts';
import { withWebLink } from './web-link.ts';

let corpus: CorpusDatabase;
beforeAll(async () => {
  corpus = await openCorpusDatabase();
}, 120_000);
afterAll(() => corpus?.close());

const services = (publicBaseUrl: string | undefined): CommandServices => ({
  db: corpus.db,
  config: testConfig({ site: { basePath: '/', publicBaseUrl } }),
  community: { id: 1, slug: 'default', name: 'Default' },
});
const answer = { message: { content: 'figures' } };
const urls = (a: Awaited<ReturnType<typeof withWebLink>>) =>
  (a.message.components ?? []).flatMap((row) =>
    'components' in row ? row.components.map((c) => ('url' in c ? c.url : null)) : [],
  );

describe('"View on the web"', () => {
  it('links to the page when PUBLIC_BASE_URL is set and the site is on', async () => {
    const linked = await withWebLink(services('https://stats.example.org'), answer, 'sessions/1');
    expect(urls(linked)).toEqual(['https://stats.example.org/c/default/sessions/1']);
  });

  it('is left out without PUBLIC_BASE_URL, and while the site is off', async () => {
    expect(urls(await withWebLink(services(undefined), answer, 'sessions/1'))).toEqual([]);
    await setSiteEnabled(corpus.db, 1, false);
    expect(urls(await withWebLink(services('https://s.example.org'), answer, 'x'))).toEqual([]);
    await setSiteEnabled(corpus.db, 1, true);
  });
});
