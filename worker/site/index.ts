import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app.ts';
import { SLUG_PATTERN } from '../queries/communities.ts';
import { siteCommunities, siteCommunity } from '../queries/site.ts';
import { compareRoute, playerRoute, playersRoute } from './players.ts';
import {
  homeBoardsHtml,
  mapRoute,
  mapsRoute,
  topRoute,
  weaponRoute,
  weaponsRoute,
} from './boards.ts';
import { pageCache } from './cache.ts';
import { ogRoute } from './og.ts';
import { notFound, page, type SiteContext, type SiteEnv } from './context.ts';
import { html, pageText } from './html.ts';
import { pageHtml } from './layout.ts';
import { seasonRoute, seasonsNav } from './seasons.ts';
import { latestSessionHtml, sessionRoute, sessionsRoute } from './sessions.ts';
import { GUID_IN_PATH } from '../commands/kit/web-link.ts';

/**
 * Which community a page shows: `…/c/<slug>/…` names it; the plain paths show the only community of a
 * single-community deployment. With several, the plain home lists them and other plain paths say to
 * pick one. A community whose site is off answers 404 on every page.
 */
function siteScope(basePath: string): MiddlewareHandler<SiteEnv> {
  return async (c, next) => {
    const slug = c.req.param('slug');
    if (slug !== undefined && !SLUG_PATTERN.test(slug)) return c.notFound();
    const found = await siteCommunity(c.var.db, slug);
    const links = {
      root: slug ? `${basePath}c/${slug}/` : basePath,
      communityName: found && found !== 'several' ? found.name : 'etstats',
    };
    if (found === 'several') {
      const list = await siteCommunities(c.var.db);
      const items = list.map(
        (x) => html`<li><a href="${`${basePath}c/${x.slug}/`}">${pageText(x.name)}</a></li>`,
      );
      const atHome =
        new URL(c.req.url).pathname.replace(/(.)\/$/, '$1') === basePath.replace(/(.)\/$/, '$1');
      return c.html(
        pageHtml(
          links,
          { title: 'Communities' },
          html`${atHome ? '' : html`<p>This site holds several communities: pick one.</p>`}<ul>${items}</ul>`,
        ),
        atHome ? 200 : 404,
      );
    }
    if (!found?.siteEnabled) {
      const what = found
        ? `${found.name} has turned its stats website off.`
        : `There is no community "${slug ?? ''}".`;
      return c.html(pageHtml(links, { title: 'Not found' }, html`<p>${pageText(what)}</p>`), 404);
    }
    c.set('site', found);
    c.set('community', found);
    c.set('links', links);
    await next();
  };
}

async function homeRoute(c: SiteContext) {
  return page(
    c,
    { title: c.get('site').name, description: 'Sessions, leaderboards, players, maps and weapons' },
    html`${await latestSessionHtml(c)}${await homeBoardsHtml(c)}${await seasonsNav(c)}`,
  );
}

/** The pages, relative to one root (the base path, or the base path plus `c/<slug>/`). */
function pages(basePath: string) {
  return new Hono<SiteEnv>({ strict: false })
    .use(siteScope(basePath))
    .use(pageCache)
    .get('/', homeRoute)
    .get('/sessions', sessionsRoute)
    .get('/sessions/:id', sessionRoute)
    .get('/players', playersRoute)
    .get('/players/:guid', playerRoute)
    .get('/compare/:guid1', (c) => {
      const other = c.req.query('with') ?? '';
      return GUID_IN_PATH.test(other)
        ? c.redirect(
            `${c.get('links').root}compare/${c.req.param('guid1')}/${other.toUpperCase()}`,
            303,
          )
        : notFound(c, 'Give the other player’s 8-character GUID.');
    })
    .get('/compare/:guid1/:guid2', compareRoute)
    .get('/top', (c) => c.redirect(`${c.get('links').root}top/kills`, 303))
    .get('/top/:metric', topRoute)
    .get('/maps', mapsRoute)
    .get('/maps/:name', mapRoute)
    .get('/weapons', weaponsRoute)
    .get('/weapons/:name', weaponRoute)
    .get('/seasons/:season', seasonRoute)
    .get('/og/:path{.+\\.png}', ogRoute);
}

/** The website, mounted at the base path (SITE_BASE_PATH), each community's also under `c/<slug>/`. */
export function siteRoutes(basePath: string) {
  const site = new Hono<AppEnv>({ strict: false });
  const root = basePath === '/' ? '' : basePath.replace(/\/$/, '');
  site.route(`${root}/c/:slug`, pages(basePath) as unknown as Hono<AppEnv>);
  site.route(root || '/', pages(basePath) as unknown as Hono<AppEnv>);
  // Mounted at `/stats`, the home is `/stats` (as `/c/bravo` is a community's): its slashed form redirects.
  site.get(`${root}/c/:slug/`, (c) => c.redirect(`${root}/c/${c.req.param('slug')}`, 301));
  if (root !== '') site.get(`${root}/`, (c) => c.redirect(root, 301));
  return site;
}
