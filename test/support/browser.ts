// Node only, tests: headless Chromium from the operating system's packages, driven by playwright-core (no
// browser download), and what every page of the site is held to in it: no console error, no failed or
// foreign request, no broken image, no dialog, no serious accessibility violation.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's package; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium calls home at start, which a closed network refuses
// (and logs as errors); --disable-quic keeps loopback fetches on plain HTTP.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A page of its own context: fixed zone, locale and pixel ratio, so screenshots do not depend on the machine. */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
    colorScheme: 'light',
  });
  return context.newPage();
}

/**
 * Records on `problems` everything that must not happen on a page of `origin`: a console error, an uncaught
 * exception, a dialog (alert, confirm…), a failed request, a response of 400 or more, a request that leaves
 * the site (which is also blocked and so never reaches the network).
 */
export async function watchPage(page: Page, origin: string, problems: string[]): Promise<void> {
  const where = () => page.url();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${where()}: console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${where()}: uncaught: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`${where()}: a ${dialog.type()} dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('requestfailed', (request) =>
    problems.push(`${where()}: request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.push(`${where()}: ${response.url()} answered ${response.status()}`);
  });
  await page.route(
    (url) => url.origin !== origin && url.protocol !== 'data:',
    (route) => {
      problems.push(`${where()}: external resource requested: ${route.request().url()}`);
      return route.abort();
    },
  );
}

/** Chromium and one watched page in it, for a test file that loads page after page. */
export async function watchedBrowserPage(
  origin: string,
  problems: string[],
): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const page = await openPage(browser);
  await watchPage(page, origin, problems);
  return { browser, page };
}

/** Every `<img>` of the page that did not decode (its natural width is 0). */
export function brokenImages(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.images]
      .filter((img) => !img.complete || img.naturalWidth === 0)
      .map((img) => img.currentSrc || img.src || img.outerHTML.slice(0, 80)),
  );
}

/** What every page must be: doctype, language, title, one h1, a main, and the nav's links. */
export interface PageStructure {
  doctype: string | null;
  lang: string | null;
  title: string;
  h1: number;
  main: number;
  navLinks: string[];
}

export function pageStructure(page: Page): Promise<PageStructure> {
  return page.evaluate(() => ({
    doctype: document.doctype ? document.doctype.name : null,
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main').length,
    navLinks: [...document.querySelectorAll('nav a[href]')].map(
      (a) => new URL((a as HTMLAnchorElement).href).pathname,
    ),
  }));
}

/** Every same-origin link of the page (absolute, without its fragment). */
export function sameOriginLinks(page: Page, origin: string): Promise<string[]> {
  return page.evaluate(
    (origin) =>
      [...document.querySelectorAll('a[href]')]
        .map((a) => new URL((a as HTMLAnchorElement).href))
        .filter((url) => url.origin === origin)
        .map((url) => `${url.origin}${url.pathname}${url.search}`),
    origin,
  );
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page, one line each (rule, help, first elements). */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated over the DevTools protocol rather than added as a <script>: a Content-Security-Policy that
  // forbids inline scripts (as it should) does not stop it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => JSON.stringify(n.target))
          .join(', ')}`,
    );
}
