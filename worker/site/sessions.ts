import { parseMonth, sessionsMessage } from '../commands/session/sessions.ts';
import { sessionCharts, type SessionChart } from '../commands/session/session.ts';
import {
  SESSION_VIEWS,
  SESSION_VIEW_LABELS,
  sessionMessage,
} from '../commands/session/session-views.ts';
import { type SessionReport, latestSessionId, sessionReport } from '../queries/session-report.ts';
import { sessionPage } from '../queries/session-list.ts';
import { notFound, page, type SiteContext } from './context.ts';
import { type Html, html, joined, pageText } from './html.ts';
import { href } from './layout.ts';
import { messageHtml } from './message-html.ts';
import { ogImageUrl } from './og.ts';
import { seasonsNav } from './seasons.ts';

/** A map's stopwatch points as the commands count them: 2–0 to the winner, 1–1 for a double fullhold. */
function scoreOf(play: SessionReport['maps'][number]): string {
  if (play.points) return `${play.points.A}–${play.points.B}`;
  if (play.firstAttackersPoints !== null && play.firstDefendersPoints !== null)
    return `${play.firstAttackersPoints}–${play.firstDefendersPoints}`;
  return play.orphan ? 'R2 only' : 'R1 only';
}

/** One row per map play: the machine-findable result table (map name as in files, score). */
export function mapResultsTable(c: SiteContext, report: SessionReport): Html {
  const links = c.get('links');
  const rows = report.maps.map(
    (m) =>
      html`<tr><td class="num">${m.order}</td><td class="map"><a href="${href(links, `maps/${encodeURIComponent(m.map)}`)}">${pageText(m.map)}</a></td><td class="score">${scoreOf(m)}</td></tr>`,
  );
  const caption = report.maps.some((m) => m.points)
    ? 'Map results (team A–team B, stopwatch map points)'
    : 'Map results (first attackers–first defenders, stopwatch map points)';
  return html`<table class="map-results"><caption>${caption}</caption><thead><tr><th scope="col">#</th><th scope="col">Map</th><th scope="col">Score</th></tr></thead><tbody>${rows}</tbody></table>`;
}

// The weapons and combat views' tables say what the weapons and efficiency charts would: a session of
// twenty players then stays under the page's 100 KB (bench site measures the largest).
const ALL_CHARTS: readonly SessionChart[] = ['results', 'performance', 'timeline'];

/** Every view /session has, one after the other, and each chart once. */
async function sessionBody(c: SiteContext, report: SessionReport, latest: boolean): Promise<Html> {
  const { db, deps } = c.var;
  const teams = report.players.some((p) => p.team !== null);
  const kinds =
    report.players.length === 0 ? [] : ALL_CHARTS.filter((k) => k !== 'results' || teams);
  const charts = await sessionCharts(
    db,
    c.get('site').id,
    report,
    kinds,
    deps.config.serverTimeZone,
  );
  const views: Html[] = [];
  for (const view of SESSION_VIEWS) {
    const message = sessionMessage(report, view, { latest });
    const { label } = SESSION_VIEW_LABELS[view];
    views.push(
      html`<section id="${view}"><h2>${label}</h2>${await messageHtml({ embeds: (message.embeds ?? []).map(({ title: _, ...e }) => e) }, [], deps.renderer)}</section>`,
    );
  }
  const toc = SESSION_VIEWS.map(
    (v) => html`<li><a href="#${v}">${SESSION_VIEW_LABELS[v].label}</a></li>`,
  );
  return html`${mapResultsTable(c, report)}<nav aria-label="Views"><ul>${toc}</ul></nav>${views}<section id="charts"><h2>Charts</h2>${await messageHtml({}, charts, deps.renderer)}</section>`;
}

export async function sessionRoute(c: SiteContext) {
  const id = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(id))
    return notFound(c, `"${id.slice(0, 40)}" is not a session id (yyyymmddHHMM).`);
  const report = await sessionReport(c.var.db, c.get('site').id, Number(id), {
    weapons: true,
    rounds: true,
  });
  if (!report)
    return notFound(
      c,
      `There is no session #${id}.`,
      html`<p><a href="${href(c.get('links'), 'sessions')}">Every session</a></p>`,
    );
  return page(
    c,
    {
      title: `Session #${id}`,
      ogImage: ogImageUrl(c, `sessions/${id}`),
      description: `${report.session.map_count} maps, ${report.players.length} players`,
    },
    await sessionBody(c, report, false),
  );
}

/** The latest session in full, for the home page. */
export async function latestSessionHtml(c: SiteContext): Promise<Html> {
  const id = await latestSessionId(c.var.db, c.get('site').id);
  if (id === null) return html`<p>No session has been played yet.</p>`;
  const report = await sessionReport(c.var.db, c.get('site').id, id, {
    weapons: false,
    rounds: false,
  });
  if (!report) return html`<p>No session has been played yet.</p>`;
  const summary = sessionMessage(report, 'summary', { latest: true });
  const charts =
    report.players.length === 0
      ? []
      : await sessionCharts(
          c.var.db,
          c.get('site').id,
          report,
          ['results'],
          c.var.deps.config.serverTimeZone,
        );
  return html`<h2><a href="${href(c.get('links'), `sessions/${id}`)}">Latest session: #${id}</a></h2>${mapResultsTable(c, report)}${await messageHtml({ embeds: (summary.embeds ?? []).map(({ title: _, ...e }) => e) }, charts, c.var.deps.renderer)}`;
}

const PAGE_SIZE = 10;

/** `/sessions?page=N&month=YYYY-MM`: ten a page, newest first, with links to each and to the pages around. */
export async function sessionsRoute(c: SiteContext) {
  const links = c.get('links');
  const pageNo = Math.max(0, Number.parseInt(c.req.query('page') ?? '0', 10) || 0);
  const monthText = c.req.query('month');
  const month = monthText ? parseMonth(monthText) : null;
  if (monthText && !month)
    return notFound(c, `"${monthText.slice(0, 20)}" is not a month: use YYYY-MM, e.g. 2025-10.`);
  const scope = month ? { month, timeZone: c.var.deps.config.serverTimeZone } : undefined;
  const message = await sessionsMessage(c.var.db, c.get('site').id, pageNo, scope);
  if (!message) return notFound(c, `No session was played in ${month}.`);
  const { sessions, total } = await sessionPage(
    c.var.db,
    c.get('site').id,
    pageNo,
    PAGE_SIZE,
    scope,
  );
  const rows = sessions.map(
    (s) =>
      html`<tr><td><a href="${href(links, `sessions/${s.id}`)}">#${s.id}</a></td><td>${s.started_at.slice(0, 16).replace('T', ' ')} UTC</td><td class="num">${s.round_count}</td><td class="num">${s.map_count}</td><td class="num">${s.player_count}</td></tr>`,
  );
  const query = (p: number) => `sessions?page=${p}${month ? `&month=${month}` : ''}`;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pager = joined([
    pageNo > 0 ? html`<a href="${href(links, query(pageNo - 1))}" rel="prev">Newer</a>` : '',
    `page ${Math.min(pageNo, pages - 1) + 1} of ${pages}`,
    pageNo + 1 < pages
      ? html`<a href="${href(links, query(pageNo + 1))}" rel="next">Older</a>`
      : '',
  ]);
  const form = html`<form method="get" action="${href(links, 'sessions')}"><label>Month <input name="month" placeholder="YYYY-MM" value="${month ?? ''}" pattern="\\d{4}-\\d{2}"></label> <button>Show</button></form>`;
  const table = html`<table><thead><tr><th scope="col">Session</th><th scope="col">Started</th><th scope="col" class="num">Rounds</th><th scope="col" class="num">Maps</th><th scope="col" class="num">Players</th></tr></thead><tbody>${rows}</tbody></table>`;
  return page(
    c,
    { title: month ? `Sessions of ${month}` : 'Sessions' },
    html`${await seasonsNav(c)}${form}${table}<p>${pager}</p>${await messageHtml(message, [], c.var.deps.renderer)}`,
  );
}
