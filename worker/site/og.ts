import { compareAnswer, compareData } from '../commands/compare.ts';
import type { ChartImage } from '../commands/kit/chart-reply.ts';
import { GUID_IN_PATH } from '../commands/kit/web-link.ts';
import { sessionCharts } from '../commands/session/session.ts';
import { statsAnswer, statsData } from '../commands/stats.ts';
import { playerByGuid } from '../queries/links.ts';
import { allTime } from '../queries/period.ts';
import { sessionReport } from '../queries/session-report.ts';
import type { SiteContext } from './context.ts';

/** The absolute address of a page's Open Graph image (PUBLIC_BASE_URL when set, else this request's origin). */
export function ogImageUrl(c: SiteContext, path: string): string {
  const origin = c.var.deps.config.site.publicBaseUrl ?? new URL(c.req.url).origin;
  return `${origin}${c.get('links').root}og/${path}.png`;
}

async function png(c: SiteContext, image: ChartImage | undefined) {
  const renderer = c.var.deps.renderer;
  if (!image || !renderer) return c.body('no image for this page', 404);
  const bytes = await renderer.renderPng(image.chart.tree, image.chart);
  return c.body(bytes, 200, { 'Content-Type': 'image/png' });
}

/**
 * PNG images for link previews (Discord, chat apps unfurl `og:image`, which must be a raster): the
 * player card, the session's results (or performance) card, the compare radar. Pages show SVG.
 */
export async function ogRoute(c: SiteContext) {
  const [kind, a, b] = (c.req.param('path') ?? '').replace(/\.png$/, '').split('/');
  const community = c.get('site').id;
  const valid = (g: string | undefined): g is string => g !== undefined && GUID_IN_PATH.test(g);
  if (kind === 'players' && valid(a)) {
    const player = await playerByGuid(c.var.db, community, a);
    const data = player && (await statsData(c.var.db, player.guid, allTime(community)));
    const answer = data ? statsAnswer(data) : undefined;
    return png(c, answer?.charts ? (await answer.charts())[0] : undefined);
  }
  if (kind === 'sessions' && a && /^\d{1,15}$/.test(a)) {
    const report = await sessionReport(c.var.db, community, Number(a), {
      weapons: false,
      rounds: false,
    });
    if (!report || report.players.length === 0) return png(c, undefined);
    const kind = report.players.some((p) => p.team !== null) ? 'results' : 'performance';
    const [image] = await sessionCharts(
      c.var.db,
      community,
      report,
      [kind],
      c.var.deps.config.serverTimeZone,
    );
    return png(c, image);
  }
  if (kind === 'compare' && valid(a) && valid(b)) {
    const [x, y] = await Promise.all([
      playerByGuid(c.var.db, community, a),
      playerByGuid(c.var.db, community, b),
    ]);
    if (!x || !y) return png(c, undefined);
    const answer = compareAnswer(await compareData(c.var.db, x, y, allTime(community)));
    return png(c, answer.charts ? (await answer.charts())[0] : undefined);
  }
  return png(c, undefined);
}
