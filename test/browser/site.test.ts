// The website in a real browser: crawled from home over its links, every page type loaded in Chromium
// (structure, no console error, no failed request, no broken image, no markdown or emoji left as typed),
// every link found answered, axe-core on each page type, screenshots at phone and desktop widths, and a
// few compared with goldens.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  brokenImages,
  DESKTOP,
  launchChromium,
  openPage,
  PHONE,
  pageStructure,
  sameOriginLinks,
  seriousViolations,
  watchPage,
} from '../support/browser.ts';
import { BROWSER_OUT, compareWithGolden, MAX_CHANGED_SHARE } from '../support/goldens.ts';
import { expectedSessions, playersWithRounds } from './expected.ts';

const origin = new URL(inject('siteUrl')).origin;
const sessionOfFile = inject('sessionOfFile');
const sessions = expectedSessions();
const firstSession = sessionOfFile[sessions[0]?.firstFile as string];
const [player, other] = playersWithRounds();

/** Every kind of page the site has, named as pageType names them. */
const PAGE_TYPES = [
  'home',
  'sessions',
  'sessions/:x',
  'players',
  'players/:x',
  'top/:x',
  'maps',
  'maps/:x',
  'weapons',
  'weapons/:x',
  'seasons/:x',
  'compare/:x/:x',
];
// Pages the crawl starts from besides home: each list, and one of each kind the lists may not link.
const SEEDS = [
  '/',
  '/sessions',
  '/players',
  '/maps',
  '/weapons',
  `/sessions/${firstSession}`,
  `/players/${player}`,
  `/compare/${player}/${other}`,
  // A weapon's page directly: each type is checked whatever the lists link. Season pages are not
  // seeded: the crawl must reach them over the seasons' links.
  '/weapons/MP40',
];
/** Pages of one type loaded in the browser; the other links of that type are only fetched. */
const VISITS_PER_TYPE = 3;
/** A bound on the links fetched, so a page that links without end (a pager gone wrong) cannot hang the suite. */
const MAX_LINKS = 800;

/** What every page's nav links to (the leaderboards at any metric). */
const NAV_LINKS = ['/', '/sessions', '/players', '/top', '/maps', '/weapons'];
function navLinkTo(link: string, wanted: string): boolean {
  return wanted === '/' ? link === '/' : link === wanted || link.startsWith(`${wanted}/`);
}

/** `home`, `sessions`, `sessions/:x`, `compare/:x/:x`…: the path with its parameters blanked. */
function pageType(url: string): string {
  const [first, ...rest] = new URL(url).pathname.split('/').filter(Boolean);
  return first ? [first, ...rest.map(() => ':x')].join('/') : 'home';
}

let browser: Browser;
/** The first page of each type the crawl loaded (for axe and screenshots). */
const firstOfType = new Map<string, string>();

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(BROWSER_OUT, { recursive: true });
});
afterAll(() => browser?.close());

/** Loads `url` in a fresh page watched for problems; checks its answer and its structure. */
async function visit(url: string, problems: string[], viewport = DESKTOP): Promise<Page> {
  const page = await openPage(browser, viewport);
  await watchPage(page, origin, problems);
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response?.status() !== 200)
    problems.push(`${url}: answered ${response?.status() ?? 'nothing'}`);
  return page;
}

describe('the site in Chromium', () => {
  it('crawls from home: every page type loads cleanly, every link found answers', async () => {
    const problems: string[] = [];
    const queue = SEEDS.map((path) => `${origin}${path}`);
    const seen = new Set(queue);
    const visitsOfType = new Map<string, number>();
    let fetched = 0;
    while (queue.length > 0) {
      const url = queue.shift() as string;
      const type = pageType(url);
      const visits = visitsOfType.get(type) ?? 0;
      if (visits >= VISITS_PER_TYPE) {
        // Seen enough of this kind in the browser: the link must still lead to a page.
        fetched += 1;
        const response = await fetch(url);
        if (response.status !== 200) problems.push(`link ${url}: answered ${response.status}`);
        await response.body?.cancel();
        continue;
      }
      visitsOfType.set(type, visits + 1);
      if (!firstOfType.has(type)) firstOfType.set(type, url);
      const page = await visit(url, problems);
      const structure = await pageStructure(page);
      const where = `${url}:`;
      if (structure.doctype !== 'html') problems.push(`${where} no <!doctype html>`);
      if (structure.lang !== 'en') problems.push(`${where} <html lang> is ${structure.lang}`);
      if (!structure.title.trim()) problems.push(`${where} no <title>`);
      if (structure.h1 !== 1) problems.push(`${where} ${structure.h1} <h1> (one wanted)`);
      if (structure.main !== 1) problems.push(`${where} ${structure.main} <main> (one wanted)`);
      for (const wanted of NAV_LINKS)
        if (!structure.navLinks.some((link) => navLinkTo(link, wanted)))
          problems.push(`${where} the nav has no link to ${wanted}`);
      for (const image of await brokenImages(page)) problems.push(`${where} broken image ${image}`);
      // What a reader sees: the commands' markdown rendered (no ** or \_ left), no emoji glyph that
      // needs a colour-emoji font (no corpus name holds one).
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
      const shown = await page.innerText('main');
      if (shown.includes('**')) problems.push(`${where} Discord markdown shows as typed (**)`);
      if (/\\[_*~`#<>-]/.test(shown)) problems.push(`${where} a markdown escape shows`);
      if (/\p{Extended_Pictographic}/u.test(shown))
        problems.push(`${where} an emoji glyph is shown`);
      for (const link of await sameOriginLinks(page, origin)) {
        if (seen.has(link) || seen.size >= MAX_LINKS) continue;
        seen.add(link);
        queue.push(link);
      }
      await page.context().close();
    }
    expect(problems).toEqual([]);
    expect([...firstOfType.keys()].sort()).toEqual(expect.arrayContaining(PAGE_TYPES));
    expect([...seen].filter((url) => pageType(url) === 'seasons/:x').length).toBeGreaterThan(0);
    // The crawl did follow links: far more pages were reached than it started from.
    expect(seen.size).toBeGreaterThan(SEEDS.length + PAGE_TYPES.length);
    expect(fetched).toBeGreaterThan(0);
  });

  it('has no serious or critical accessibility violation (axe-core) on any page type', async () => {
    expect(firstOfType.size).toBeGreaterThanOrEqual(PAGE_TYPES.length);
    const violations: string[] = [];
    for (const [type, url] of firstOfType) {
      const problems: string[] = [];
      const page = await visit(url, problems);
      for (const violation of await seriousViolations(page))
        violations.push(`${type} (${url}): ${violation}`);
      await page.context().close();
      expect(problems).toEqual([]);
    }
    expect(violations).toEqual([]);
  });

  it('takes a screenshot of every page type at phone and desktop widths (in .browser-out/)', async () => {
    expect(firstOfType.size).toBeGreaterThanOrEqual(PAGE_TYPES.length);
    for (const [type, url] of firstOfType) {
      for (const [width, viewport] of [
        ['phone', PHONE],
        ['desktop', DESKTOP],
      ] as const) {
        const problems: string[] = [];
        const page = await visit(url, problems, viewport);
        const png = await page.screenshot({ fullPage: true });
        await page.context().close();
        const path = join(
          BROWSER_OUT,
          `${type.replaceAll('/', '_').replaceAll(':', '')}-${width}.png`,
        );
        writeFileSync(path, png);
        expect(png.length, path).toBeGreaterThan(1000);
        expect(problems).toEqual([]);
      }
    }
  });

  it.each([
    ['home-desktop', '/', DESKTOP],
    ['session-phone', `/sessions/${firstSession}`, PHONE],
    ['player-desktop', `/players/${player}`, DESKTOP],
    ['top-phone', '/top/kills', PHONE],
  ] as const)('looks like its golden image: %s', async (name, path, viewport) => {
    const problems: string[] = [];
    const page = await visit(`${origin}${path}`, problems, viewport);
    // The first screenful only: its size is the viewport's whatever the fonts do to the page's height.
    const png = await page.screenshot({ fullPage: false });
    await page.context().close();
    expect(problems).toEqual([]);
    const { changedShare, diffPath } = compareWithGolden(name, png);
    expect(
      changedShare ?? 0,
      `${name}: ${((changedShare ?? 0) * 100).toFixed(2)} % of the pixels changed (see ${diffPath}); ` +
        'after a deliberate change, UPDATE_GOLDENS=1 npm run test:browser rewrites the goldens',
    ).toBeLessThanOrEqual(MAX_CHANGED_SHARE);
  });
});
