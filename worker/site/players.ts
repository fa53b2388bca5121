import { compareAnswer, compareData } from '../commands/compare.ts';
import { playersData } from '../commands/players.ts';
import { statsAnswer, statsData } from '../commands/stats.ts';
import { playerByGuid } from '../queries/links.ts';
import { allTime } from '../queries/period.ts';
import { PLAYER_FILTERS, type PlayerFilter, searchPlayers } from '../queries/players.ts';
import { notFound, page, type SiteContext } from './context.ts';
import { type Html, html, joined, nameText, pageText } from './html.ts';
import { href } from './layout.ts';
import { messageHtml } from './message-html.ts';
import { ogImageUrl } from './og.ts';
import { GUID_IN_PATH, guidInPath } from '../commands/kit/web-link.ts';

/** GUIDs are shown as the 8-character prefix the stats files use; in full only for one kept apart from it. */
export const shortGuid = guidInPath;

const GUID = GUID_IN_PATH;

/** `/players?search=…&filter=linked|unlinked|active&page=N`. */
export async function playersRoute(c: SiteContext) {
  const links = c.get('links');
  const search = (c.req.query('search') ?? '').trim().slice(0, 64);
  const filterText = c.req.query('filter') ?? 'all';
  const filter: PlayerFilter = (PLAYER_FILTERS as readonly string[]).includes(filterText)
    ? (filterText as PlayerFilter)
    : 'all';
  const pageNo = Math.max(0, Number.parseInt(c.req.query('page') ?? '0', 10) || 0);
  const options = PLAYER_FILTERS.map(
    (f) => html`<option value="${f}"${f === filter ? html` selected` : ''}>${f}</option>`,
  );
  const form = html`<form method="get" action="${href(links, 'players')}"><label>Name or GUID <input name="search" value="${pageText(search)}" maxlength="64"></label> <label>Show <select name="filter">${options}</select></label> <button>Search</button></form>`;
  const row = (guid: string, name: string, rounds: number, last: string, linked: boolean | null) =>
    html`<tr><td><a href="${href(links, `players/${shortGuid(guid)}`)}">${nameText(name)}</a></td><td><code>${shortGuid(guid)}</code></td><td class="num">${rounds}</td><td>${last.slice(0, 10)}</td>${linked === null ? '' : html`<td>${linked ? 'yes' : 'no'}</td>`}</tr>`;
  let rows: Html[];
  let pager: Html | '' = '';
  let linkedColumn = true;
  if (search !== '') {
    linkedColumn = false;
    const found = await searchPlayers(c.var.db, c.get('site').id, search, 50);
    rows = found
      .filter((p) => !p.bot)
      .map((p) => row(p.guid, p.name, p.rounds, p.last_seen_at, null));
  } else {
    const data = await playersData(c.var.db, c.get('site').id, filter, pageNo, c.var.deps.now());
    rows = data.players.map((p) =>
      row(p.guid, p.name, p.rounds, p.last_played_at, p.user_id !== null),
    );
    const at = (p: number) => href(links, `players?filter=${filter}&page=${p}`);
    pager = html`<p>${joined([
      data.page > 0 ? html`<a href="${at(data.page - 1)}" rel="prev">Previous</a>` : '',
      `page ${data.page + 1} of ${data.pageCount} (${data.total} players)`,
      data.page + 1 < data.pageCount
        ? html`<a href="${at(data.page + 1)}" rel="next">Next</a>`
        : '',
    ])}</p>`;
  }
  const head = html`<tr><th scope="col">Name</th><th scope="col">GUID</th><th scope="col" class="num">Rounds</th><th scope="col">Last played</th>${linkedColumn ? html`<th scope="col">Linked</th>` : ''}</tr>`;
  const table =
    rows.length > 0
      ? html`<table><thead>${head}</thead><tbody>${rows}</tbody></table>`
      : html`<p>No player matches.</p>`;
  return page(c, { title: 'Players' }, html`${form}${table}${pager}`);
}

/** The figures a browser test (or a person) looks for first, as plain integers. */
function totalsList(totals: {
  kills: number;
  deaths: number;
  damage_given: number;
  rounds: number;
}) {
  const item = (label: string, value: number) =>
    html`<div><dt>${label}</dt><dd data-value="${value}">${value}</dd></div>`;
  return html`<dl class="totals">${item('Kills', totals.kills)}${item('Deaths', totals.deaths)}${item('Damage given', totals.damage_given)}${item('Rounds', totals.rounds)}</dl>`;
}

/** `/players/:guid`: the /stats answer over all time (card, totals, maps, weapons, names, trend). */
export async function playerRoute(c: SiteContext) {
  const guid = c.req.param('guid') ?? '';
  if (!GUID.test(guid))
    return notFound(
      c,
      `"${guid.slice(0, 40)}" is not a GUID: use the 8 characters the stats files show (or a stats.lua player's 32).`,
    );
  const player = await playerByGuid(c.var.db, c.get('site').id, guid);
  if (!player || player.bot)
    return notFound(c, `No player with GUID ${guid.toUpperCase()} played here.`);
  const data = await statsData(c.var.db, player.guid, allTime(c.get('site').id));
  if (!data) return notFound(c, `No player with GUID ${guid.toUpperCase()} played here.`);
  const answer = statsAnswer(data);
  const charts = answer.charts ? await answer.charts() : [];
  const links = c.get('links');
  const others = html`<p>Compare with: <form method="get" action="${href(links, `compare/${shortGuid(player.guid)}`)}" style="display:inline"><label>GUID <input name="with" maxlength="32" pattern="[A-Za-z0-9]{8}|[0-9A-Fa-f]{32}"></label> <button>Compare</button></form></p>`;
  return page(
    c,
    {
      title: nameText(data.player.name),
      ogImage: ogImageUrl(c, `players/${shortGuid(player.guid)}`),
      description: `${data.totals.kills} kills, ${data.totals.deaths} deaths in ${data.totals.rounds} rounds`,
    },
    html`<p>GUID <code>${shortGuid(player.guid)}</code></p>${totalsList(data.totals)}${others}${await messageHtml(answer.message, charts, c.var.deps.renderer)}`,
  );
}

/** `/compare/:guid1/:guid2`: the /compare answer over all time, with its radar chart. */
export async function compareRoute(c: SiteContext) {
  const a = c.req.param('guid1') ?? '';
  const b = c.req.param('guid2') ?? c.req.query('with') ?? '';
  for (const guid of [a, b])
    if (!GUID.test(guid))
      return notFound(
        c,
        `"${guid.slice(0, 40)}" is not a GUID: use the 8 characters the stats files show (or a stats.lua player's 32).`,
      );
  const community = c.get('site').id;
  const [first, second] = await Promise.all([
    playerByGuid(c.var.db, community, a),
    playerByGuid(c.var.db, community, b),
  ]);
  if (!first || !second)
    return notFound(c, `No player with GUID ${(first ? b : a).toUpperCase()} played here.`);
  const answer = compareAnswer(await compareData(c.var.db, first, second, allTime(community)));
  const charts = answer.charts ? await answer.charts() : [];
  const links = c.get('links');
  const title = `${nameText(first.name)} vs ${nameText(second.name)}`;
  return page(
    c,
    {
      title,
      ogImage: ogImageUrl(c, `compare/${shortGuid(first.guid)}/${shortGuid(second.guid)}`),
      description: 'Side by side, and their record with and against each other',
    },
    html`<p><a href="${href(links, `players/${shortGuid(first.guid)}`)}">${nameText(first.name)}</a> · <a href="${href(links, `players/${shortGuid(second.guid)}`)}">${nameText(second.name)}</a></p>${await messageHtml(answer.message, charts, c.var.deps.renderer)}`,
  );
}
