import { weaponLabel } from '../../stats/fields.ts';
import { mapAnswer, mapData, resolveMap } from '../commands/map.ts';
import { mapsAnswer, mapsData } from '../commands/maps.ts';
import { topAnswer } from '../commands/top.ts';
import { ratingTopMessage } from '../commands/top-rating.ts';
import { weaponAnswer, weaponData, resolveWeapon } from '../commands/weapon.ts';
import { weaponsAnswer, weaponsData } from '../commands/weapons.ts';
import type { ChartedMessage } from '../commands/kit/chart-reply.ts';
import { boardPeriod } from '../queries/leaderboards-read.ts';
import { allTime, isPeriodId, PERIOD_IDS, PERIOD_NAMES } from '../queries/period.ts';
import { ratingTable } from '../queries/rating.ts';
import { METRIC_IDS, METRICS, isMetricId } from '../recompute/metrics.ts';
import { notFound, page, type SiteContext } from './context.ts';
import { type Html, html, pageText } from './html.ts';
import { href } from './layout.ts';
import { messageHtml } from './message-html.ts';
import { seasonsNav } from './seasons.ts';

const answerHtml = async (c: SiteContext, answer: ChartedMessage) =>
  messageHtml(answer.message, answer.charts ? await answer.charts() : [], c.var.deps.renderer);

/** The attribute marking the page's own link in a menu. */
const current = (yes: boolean) => (yes ? html` aria-current="page"` : '');

/** Links to every board and period, the current one marked. */
function boardMenu(c: SiteContext, metric: string, period: string): Html {
  const links = c.get('links');
  const metrics = [
    ...METRIC_IDS.map((id) => [id, METRICS[id].label] as const),
    ['rating', 'Rating'] as const,
  ];
  const m = metrics.map(
    ([id, label]) =>
      html`<li><a href="${href(links, `top/${id}?period=${period}`)}"${current(id === metric)}>${label}</a></li>`,
  );
  const p = PERIOD_IDS.map(
    (id) =>
      html`<li><a href="${href(links, `top/${metric}?period=${id}`)}"${current(id === period)}>${PERIOD_NAMES[id]}</a></li>`,
  );
  return html`<nav aria-label="Boards"><ul>${m}</ul></nav><nav aria-label="Periods"><ul>${p}</ul></nav>`;
}

/** The leaderboards' text for the home page: a few boards, all time. */
export async function homeBoardsHtml(c: SiteContext): Promise<Html> {
  const out: Html[] = [];
  for (const metric of ['kills', 'dpm', 'kd'] as const) {
    const answer = await topAnswer(
      c.var.db,
      c.get('site').id,
      metric,
      { id: 'all', option: 'all', label: PERIOD_NAMES.all },
      0,
      null,
      false,
    );
    out.push(await messageHtml(answer.message, [], c.var.deps.renderer));
  }
  return html`<h2><a href="${href(c.get('links'), 'top/kills')}">Leaderboards</a></h2>${out}`;
}

/** `/top/:metric?period=all|season|30d|session&page=N`, each board's minimum activity stated. */
export async function topRoute(c: SiteContext) {
  const metric = c.req.param('metric') ?? 'kills';
  const periodId = c.req.query('period') ?? 'all';
  const pageNo = Math.max(0, Number.parseInt(c.req.query('page') ?? '0', 10) || 0);
  const community = c.get('site').id;
  if (metric === 'rating') {
    const table = await ratingTable(c.var.db, community, c.var.deps.now());
    return page(
      c,
      { title: 'Top: Rating' },
      html`${boardMenu(c, metric, 'all')}${await messageHtml(ratingTopMessage(table, null), [], c.var.deps.renderer)}`,
    );
  }
  if (!isMetricId(metric))
    return notFound(
      c,
      `There is no "${metric.slice(0, 30)}" leaderboard.`,
      boardMenu(c, 'kills', 'all'),
    );
  if (!isPeriodId(periodId))
    return notFound(
      c,
      `"${periodId.slice(0, 20)}" is not a period: use ${PERIOD_IDS.join(', ')}.`,
      boardMenu(c, metric, 'all'),
    );
  const period = await boardPeriod(
    c.var.db,
    community,
    periodId,
    c.var.deps.now(),
    c.var.deps.config.seasons,
  );
  if (!period.ok)
    return page(
      c,
      { title: `Top: ${METRICS[metric].label}` },
      html`${boardMenu(c, metric, periodId)}${periodId === 'season' ? await seasonsNav(c) : ''}<p>${period.reason}</p>`,
    );
  const answer = await topAnswer(c.var.db, community, metric, period.period, pageNo, null, true);
  return page(
    c,
    { title: `Top: ${METRICS[metric].label}`, description: period.period.label },
    html`${boardMenu(c, metric, periodId)}${periodId === 'season' ? await seasonsNav(c) : ''}${await answerHtml(c, answer)}`,
  );
}

export async function mapsRoute(c: SiteContext) {
  const data = await mapsData(c.var.db, allTime(c.get('site').id));
  const links = c.get('links');
  const list = data.maps.map(
    (m) =>
      html`<li><a href="${href(links, `maps/${encodeURIComponent(m.map)}`)}">${pageText(m.map)}</a></li>`,
  );
  return page(c, { title: 'Maps' }, html`<ul>${list}</ul>${await answerHtml(c, mapsAnswer(data))}`);
}

export async function mapRoute(c: SiteContext) {
  const name = c.req.param('name') ?? '';
  const resolved = await resolveMap(c.var.db, c.get('site').id, name);
  if (!resolved.ok || resolved.map !== name)
    return notFound(c, `No map named "${name.slice(0, 40)}" was played here.`);
  const period = allTime(c.get('site').id);
  const detail = await mapData(c.var.db, resolved.map, period);
  if (!detail) return notFound(c, `No map named "${name.slice(0, 40)}" was played here.`);
  return page(c, { title: `Map: ${resolved.map}` }, await answerHtml(c, mapAnswer(detail, period)));
}

export async function weaponsRoute(c: SiteContext) {
  const data = await weaponsData(c.var.db, allTime(c.get('site').id));
  const links = c.get('links');
  const list = data.weapons.map((w) => {
    const label = weaponLabel(w.weapon);
    return html`<li><a href="${href(links, `weapons/${encodeURIComponent(label)}`)}">${label}</a></li>`;
  });
  return page(
    c,
    { title: 'Weapons' },
    html`<ul>${list}</ul>${await answerHtml(c, weaponsAnswer(data))}`,
  );
}

export async function weaponRoute(c: SiteContext) {
  const name = c.req.param('name') ?? '';
  const resolved = resolveWeapon(name);
  if (!resolved.ok) return notFound(c, `There is no weapon "${name.slice(0, 40)}".`);
  const period = allTime(c.get('site').id);
  const detail = await weaponData(c.var.db, resolved.weapon, period);
  if (!detail) return notFound(c, `Nobody used "${name.slice(0, 40)}" here.`);
  return page(
    c,
    { title: `Weapon: ${name}` },
    await answerHtml(c, weaponAnswer(resolved.weapon, detail, period)),
  );
}
