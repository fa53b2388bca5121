import type { MiddlewareHandler } from 'hono';
import type { SiteEnv } from './context.ts';

/** What clients are told: keep the page, but ask each time (a new round must show at once). */
export const PAGE_CACHE_CONTROL = 'public, no-cache';
/** How long the Workers cache keeps a page: it is keyed by the data and code versions, so it can never be stale. */
const STORED_CACHE_CONTROL = 'public, max-age=604800';

/** The Workers Cache API's default cache in workerd; absent in Node (tests, scripts). */
function defaultCache(): Cache | undefined {
  return (globalThis as { caches?: { default?: Cache } }).caches?.default;
}

/**
 * The pages' code version, part of every ETag and cache key: bump it with any change to what a page
 * shows for the same data (markup, CSS, the text the pages take from the commands). On Cloudflare each
 * deployment's own version id (CF_VERSION_METADATA) is added to it, so a deployment never serves pages
 * the code before it drew, even when nobody bumped this.
 */
export const SITE_MARKUP_VERSION = 2;

/** `m2`, or `m2-<deployment id>` on Cloudflare: what code drew a page. */
export const codeVersion = (deployment: string | undefined) => {
  const id = deployment?.replace(/[^A-Za-z0-9-]/g, '').slice(0, 64);
  return id ? `m${SITE_MARKUP_VERSION}-${id}` : `m${SITE_MARKUP_VERSION}`;
};

/** The page's ETag: one community's data version and the code's. The same data and code draw the same page. */
export const etagOf = (communityId: number, version: number, code: string) =>
  `"c${communityId}-v${version}-${code}"`;

/** Where the Workers cache keeps a page: its URL plus the data version and the code's. */
export function cacheKeyOf(url: string, communityId: number, version: number, code: string) {
  const key = new URL(url);
  key.searchParams.set('__version', `${communityId}-${version}-${code}`);
  return key.toString();
}

/**
 * HTTP and Workers caching of pages, keyed by the community's data version (bumped by each import,
 * recompute, correction and link) and the code's: `If-None-Match` with the current ETag answers 304
 * without drawing anything; otherwise a page cached under these versions is served as stored, and a
 * page drawn now is stored under them. A new data version or a new deployment changes both the ETag
 * and the cache key, so nothing old is served.
 */
export const pageCache: MiddlewareHandler<SiteEnv> = async (c, next) => {
  const site = c.get('site');
  const code = codeVersion(c.var.deps.config.site.deployment);
  const etag = etagOf(site.id, site.dataVersion, code);
  const headers = { ETag: etag, 'Cache-Control': PAGE_CACHE_CONTROL };
  const asked = c.req.header('If-None-Match') ?? '';
  if (asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag))
    return new Response(null, { status: 304, headers });
  const cache = defaultCache();
  const keyText = cacheKeyOf(c.req.url, site.id, site.dataVersion, code);
  if (cache) {
    const hit = await cache.match(keyText);
    if (hit) {
      const response = new Response(hit.body, hit);
      response.headers.set('Cache-Control', PAGE_CACHE_CONTROL);
      response.headers.set('X-Site-Cache', 'hit');
      return response;
    }
  }
  await next();
  if (c.res.status !== 200) return;
  for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  if (cache) {
    const stored = c.res.clone();
    const copy = new Response(stored.body, stored);
    copy.headers.set('Cache-Control', STORED_CACHE_CONTROL);
    c.get('background')(cache.put(keyText, copy));
  }
  c.res.headers.set('X-Site-Cache', 'miss');
};
