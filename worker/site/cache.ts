import type { MiddlewareHandler } from 'hono';
import type { SiteEnv } from './context.ts';

/** What clients are told: keep the page, but ask each time (a new round must show at once). */
export const PAGE_CACHE_CONTROL = 'public, no-cache';
/** How long the Workers cache keeps a page: it is keyed by the data version, so it can never be stale. */
const STORED_CACHE_CONTROL = 'public, max-age=604800';

/** The Workers Cache API's default cache in workerd; absent in Node (tests, scripts). */
function defaultCache(): Cache | undefined {
  return (globalThis as { caches?: { default?: Cache } }).caches?.default;
}

/** The page's ETag: one community's data version. The same data draws the same page. */
export const etagOf = (communityId: number, version: number) => `"c${communityId}-v${version}"`;

/**
 * HTTP and Workers caching of pages, keyed by the community's data version (bumped by each import,
 * recompute, correction and link): `If-None-Match` with the current ETag answers 304 without drawing
 * anything; otherwise a page cached under this version is served as stored, and a page drawn now is
 * stored under it. A new version changes both the ETag and the cache key, so nothing old is served.
 */
export const pageCache: MiddlewareHandler<SiteEnv> = async (c, next) => {
  const site = c.get('site');
  const etag = etagOf(site.id, site.dataVersion);
  const headers = { ETag: etag, 'Cache-Control': PAGE_CACHE_CONTROL };
  const asked = c.req.header('If-None-Match') ?? '';
  if (asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag))
    return new Response(null, { status: 304, headers });
  const cache = defaultCache();
  const key = new URL(c.req.url);
  key.searchParams.set('__version', `${site.id}-${site.dataVersion}`);
  const keyText = key.toString();
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
