// The checks the site is held to can fail: a page that does each forbidden thing, served from a plain
// HTTP server, is caught by each of them in Chromium.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brokenImages,
  launchChromium,
  openPage,
  pageStructure,
  seriousViolations,
  watchPage,
} from '../support/browser.ts';

const BAD_PAGE = `<!doctype html><html><head></head><body>
<h1>one</h1><h1>two</h1>
<img src="/missing.png" width="10" height="10">
<img src="http://203.0.113.9/elsewhere.png" width="10" height="10">
<p style="color:#eee;background:#fff">faint text</p>
<a href="/x"></a>
<script>console.error('it broke'); alert('hi');</script>
</body></html>`;

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(BAD_PAGE);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the browser checks', () => {
  it('catch a console error, a dialog, a 404, an external request, a broken image, a bad structure', async () => {
    const problems: string[] = [];
    const page = await openPage(browser);
    await watchPage(page, origin, problems);
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    const text = problems.join('\n');
    expect(text).toContain('console error: it broke');
    expect(text).toContain('a alert dialog opened: hi');
    expect(text).toContain(`${origin}/missing.png answered 404`);
    expect(text).toContain('external resource requested: http://203.0.113.9/elsewhere.png');
    expect(await brokenImages(page)).toEqual(
      expect.arrayContaining([`${origin}/missing.png`, 'http://203.0.113.9/elsewhere.png']),
    );
    expect(await pageStructure(page)).toMatchObject({ lang: null, title: '', h1: 2, main: 0 });

    const violations = (await seriousViolations(page)).join('\n');
    for (const rule of ['image-alt', 'color-contrast', 'link-name', 'html-has-lang'])
      expect(violations).toContain(rule);
    await page.context().close();
  });
});
