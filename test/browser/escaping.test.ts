// Names are text on every page: a player named `<script>alert(1)</script>` and one whose colour-coded name
// is an image tag with an event handler are shown as the characters they typed, no dialog opens and no
// element of theirs exists.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { watchedBrowserPage } from '../support/browser.ts';
import {
  COLOUR_GUID,
  COLOUR_NAME_SHOWN,
  MARKUP_SOURCES,
  SCRIPT_GUID,
  SCRIPT_NAME,
} from '../support/markup-name-rounds.ts';

const origin = new URL(inject('siteUrl')).origin;
const sessionId = inject('sessionOfFile')[MARKUP_SOURCES[0][1]];

let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  ({ browser, page } = await watchedBrowserPage(origin, problems));
});
afterAll(() => browser?.close());

/** What of the names' markup became markup: scripts, the image, event-handler attributes. */
function injected(page: Page) {
  return page.evaluate(() => ({
    scripts: [...document.scripts].filter((s) => s.textContent?.includes('alert(')).length,
    images: document.querySelectorAll('img[src="x"]').length,
    handlers: [...document.querySelectorAll('*')].filter((el) => el.hasAttribute('onerror')).length,
    // What a reader sees: an escaped name is visible text, a name that became a <script> is not.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
    text: document.body.innerText,
  }));
}

describe('markup in player names', () => {
  it.each([
    ['the home page (their session is the latest)', '/', [SCRIPT_NAME, COLOUR_NAME_SHOWN]],
    ['their session', `/sessions/${sessionId}`, [SCRIPT_NAME, COLOUR_NAME_SHOWN]],
    ['the players list', '/players', [SCRIPT_NAME, COLOUR_NAME_SHOWN]],
    ['the script player’s page', `/players/${SCRIPT_GUID}`, [SCRIPT_NAME]],
    ['the colour player’s page', `/players/${COLOUR_GUID}`, [COLOUR_NAME_SHOWN]],
    [
      'their comparison',
      `/compare/${SCRIPT_GUID}/${COLOUR_GUID}`,
      [SCRIPT_NAME, COLOUR_NAME_SHOWN],
    ],
  ] as const)('shows them as text on %s', async (_, path, names) => {
    expect(sessionId, 'the markup rounds form no session').toBeDefined();
    const response = await page.goto(`${origin}${path}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const found = await injected(page);
    for (const name of names) expect(found.text, path).toContain(name);
    expect({ scripts: found.scripts, images: found.images, handlers: found.handlers }).toEqual({
      scripts: 0,
      images: 0,
      handlers: 0,
    });
    // A dialog (the script's alert, the image's onerror) is recorded as a problem by watchPage.
    expect(problems).toEqual([]);
  });
});
