// The figures the pages show, read in Chromium and held to truth.json: every player's totals on
// /players/:guid, every session's maps in play order with their stopwatch scores on /sessions/:id.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { watchedBrowserPage } from '../support/browser.ts';
import { expectedSessions, expectedTotals, playersWithRounds, TOTALS_SHOWN } from './expected.ts';

const origin = new URL(inject('siteUrl')).origin;
const sessionOfFile = inject('sessionOfFile');

let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  ({ browser, page } = await watchedBrowserPage(origin, problems));
});
afterAll(() => browser?.close());

async function load(path: string): Promise<void> {
  const response = await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
}

/** A shown count as a number: its `data-value` when it has one, else its digits ("1,234" → 1234). */
function countOf(text: string, dataValue: string | null): number {
  const raw = dataValue ?? text;
  const digits = raw.replace(/[^\d-]/g, '');
  return digits === '' ? Number.NaN : Number(digits);
}

describe('figures on the pages, from truth.json', () => {
  it('shows every player’s kills, deaths, damage given and rounds on /players/:guid', async () => {
    const players = playersWithRounds();
    expect(players.length).toBeGreaterThan(20);
    for (const guid of players) {
      await load(`/players/${guid}`);
      const shown = await page.$$eval('dl.totals dt', (terms) =>
        terms.map((dt) => {
          const dd = dt.nextElementSibling;
          return {
            label: dt.textContent?.trim() ?? '',
            text: dd?.tagName === 'DD' ? (dd.textContent ?? '') : '',
            value: dd?.tagName === 'DD' ? dd.getAttribute('data-value') : null,
          };
        }),
      );
      const want = expectedTotals(guid);
      for (const label of Object.keys(TOTALS_SHOWN) as (keyof typeof TOTALS_SHOWN)[]) {
        const figure = shown.find((f) => f.label === label);
        expect(figure, `${guid}: no <dt>${label}</dt> in dl.totals`).toBeDefined();
        expect(countOf(figure?.text ?? '', figure?.value ?? null), `${guid} ${label}`).toBe(
          want[label],
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists every session’s maps in play order with their stopwatch scores on /sessions/:id', async () => {
    const sessions = expectedSessions();
    for (const session of sessions) {
      const id = sessionOfFile[session.firstFile];
      expect(id, `no session holds ${session.firstFile}`).toBeDefined();
      await load(`/sessions/${id}`);
      const rows = await page.$$eval('table.map-results tr', (trs) =>
        trs
          .filter((tr) => tr.querySelector('td.map'))
          .map((tr) => ({
            map: tr.querySelector('td.map')?.textContent?.trim() ?? '',
            score: tr.querySelector('td.score')?.textContent?.trim() ?? '',
          })),
      );
      const where = `/sessions/${id} (${session.firstFile})`;
      expect(
        rows.map((row) => row.map),
        where,
      ).toEqual(session.maps.map((m) => expect.stringContaining(m.map)));
      for (const [i, map] of session.maps.entries()) {
        if (!map.score) continue;
        // "2–0", "1–1", "0 : 2"…: the two points, in whichever order the page puts the teams.
        const points = ((rows[i]?.score ?? '').match(/\d+/g) ?? []).map(Number);
        expect(points.sort(), `${where} ${map.map} score "${rows[i]?.score}"`).toEqual(
          [...map.score].sort(),
        );
      }
    }
    // The corpus has complete maps (scored) and ones that are not: both kinds were looked at.
    const maps = sessions.flatMap((s) => s.maps);
    expect(maps.some((m) => m.score) && maps.some((m) => !m.score)).toBe(true);
    expect(problems).toEqual([]);
  });
});
