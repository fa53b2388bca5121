import { type Html, html, pageText, raw } from './html.ts';
import { ICON_CSS } from './icons.ts';

/** Where a page's links point: the base path and, with several communities, `c/<slug>/`. */
export interface SiteLinks {
  /** The prefix every page path is joined to, ending in `/`: `/`, `/stats/`, `/c/bravo/`… */
  readonly root: string;
  /** The community shown, for the title and the footer. */
  readonly communityName: string;
}

/**
 * A page path under the site's root: `href(links, 'players/EF8ACD12')`. Parts are URL-encoded by the
 * caller; the `html` template escapes the whole when it is put in an attribute.
 */
export const href = (links: SiteLinks, path = '') =>
  path === '' ? links.root.replace(/(.)\/$/, '$1') : `${links.root}${path}`;

/** A path part (a map name, a search) encoded for a URL. */
export const part = (text: string) => encodeURIComponent(text);

// One small stylesheet inline: no request besides the page, dark theme with AA contrast (text
// #e6e6e6 on #15171c is 14:1, links #8ab4ff 8:1, muted #b0b4bc 8:1).
const CSS = `
:root{color-scheme:dark}
body{margin:0;background:#15171c;color:#e6e6e6;font:16px/1.5 system-ui,sans-serif}
a{color:#8ab4ff}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
nav ul{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:12px 0;margin:0;border-bottom:1px solid #33363d}
nav a{text-decoration:none;font-weight:600}
h1{font-size:1.6rem;margin:16px 0 8px}
h2{font-size:1.25rem;margin:24px 0 8px}
h3{font-size:1rem;margin:12px 0 4px}
pre{overflow-x:auto;background:#1e2128;padding:8px;font-size:13px;line-height:1.35}
table{border-collapse:collapse;margin:8px 0}
th,td{padding:4px 10px;border-bottom:1px solid #33363d;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.fields{display:flex;flex-wrap:wrap;gap:0 24px}
.field{flex:1 1 100%}
.field.inline{flex:1 1 200px}
.note{color:#b0b4bc;font-size:.9rem}
figure.chart{margin:16px 0}
figure.chart svg{max-width:100%;height:auto;display:block}
figcaption{color:#b0b4bc;font-size:.85rem}
dl.totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px}
dl.totals div{background:#1e2128;padding:8px}
dl.totals dt{color:#b0b4bc;font-size:.85rem}
dl.totals dd{margin:0;font-size:1.3rem;font-weight:700}
form{margin:8px 0}
input,select,button{font:inherit;background:#1e2128;color:#e6e6e6;border:1px solid #555a64;padding:4px 8px}
footer{color:#b0b4bc;font-size:.85rem;padding:24px 16px}
`.replace(/\n/g, '');

const NAV: readonly [string, string][] = [
  ['', 'Home'],
  ['sessions', 'Sessions'],
  ['players', 'Players'],
  ['top/kills', 'Top'],
  ['maps', 'Maps'],
  ['weapons', 'Weapons'],
];

export interface PageMeta {
  readonly title: string;
  /** Shown in link previews (Discord, chat apps). */
  readonly description?: string;
  /** Absolute URL of the page's Open Graph image, when it has one. */
  readonly ogImage?: string;
}

/** The one page shell: doctype, language, title, nav, one `<h1>`, `<main>` holding `body`. */
export function pageHtml(links: SiteLinks, meta: PageMeta, body: Html): Html {
  // Titles may hold what the visitor typed (a weapon's name in the path): no control reaches the page.
  const title = pageText(meta.title);
  const community = pageText(links.communityName);
  const nav = NAV.map(
    ([path, label]) => html`<li><a href="${href(links, path)}">${label}</a></li>`,
  );
  const description = meta.description
    ? html`<meta property="og:description" content="${pageText(meta.description)}"><meta name="description" content="${pageText(meta.description)}">`
    : '';
  const image = meta.ogImage
    ? html`<meta property="og:image" content="${meta.ogImage}"><meta name="twitter:card" content="summary_large_image">`
    : '';
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · ${community}</title><meta property="og:title" content="${title}"><meta property="og:site_name" content="${community}">${description}${image}<style>${raw(CSS + ICON_CSS)}</style></head><body><header><nav aria-label="Site"><ul>${nav}</ul></nav></header><main><h1>${title}</h1>${body}</main><footer>${community} · Wolfenstein: Enemy Territory statistics</footer></body></html>`;
}
