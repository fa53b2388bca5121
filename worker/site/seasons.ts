import { seasonData, seasonMessage } from '../commands/season.ts';
import { seasonsWithData } from '../queries/season-history.ts';
import { notFound, page, type SiteContext } from './context.ts';
import { type Html, html, pageText } from './html.ts';
import { href } from './layout.ts';
import { messageHtml } from './message-html.ts';

/**
 * Links to every season with data, newest first, the one shown marked: how a visitor reaches the
 * season pages (home, sessions, a season's board and each season page carry it). '' with no season.
 */
export async function seasonsNav(
  c: SiteContext,
  shownKey: string | null = null,
): Promise<Html | ''> {
  const seasons = await seasonsWithData(c.var.db, c.get('site').id);
  if (seasons.length === 0) return '';
  const links = c.get('links');
  const items = seasons
    .toReversed()
    .map(
      (s) =>
        html`<li><a href="${href(links, `seasons/${encodeURIComponent(s.key)}`)}"${s.key === shownKey ? html` aria-current="page"` : ''}>${pageText(s.name)}</a></li>`,
    );
  return html`<nav aria-label="Seasons"><ul><li>Seasons:</li>${items}</ul></nav>`;
}

/** `/seasons/:season`: /season for a season's name, number or start date, or `current`. */
export async function seasonRoute(c: SiteContext) {
  const typed = c.req.param('season') ?? '';
  const found = await seasonData(
    c.var.db,
    c.var.deps.config,
    c.get('site').id,
    typed === 'current' ? undefined : typed,
    c.var.deps.now(),
  );
  if (!found.ok) return notFound(c, found.reason.replace(/`/g, ''), await seasonsNav(c));
  const { season } = found.answer.overview;
  return page(
    c,
    { title: `Season ${season.name}` },
    html`${await seasonsNav(c, season.key)}${await messageHtml(seasonMessage(found.answer), [], c.var.deps.renderer)}`,
  );
}
