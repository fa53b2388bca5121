import type { Context } from 'hono';
import type { AppEnv, AppVariables } from '../app.ts';
import type { SiteCommunity } from '../queries/site.ts';
import { type Html, html, pageText } from './html.ts';
import { pageHtml, type PageMeta, type SiteLinks } from './layout.ts';

export type SiteEnv = {
  Variables: AppVariables & { site: SiteCommunity; links: SiteLinks };
};
export type SiteContext = Context<SiteEnv>;

/** A page: its meta and body, answered as HTML with `status`. */
export const page = (c: SiteContext, meta: PageMeta, body: Html, status: 200 | 404 = 200) =>
  c.html(pageHtml(c.get('links'), meta, body), status);

/** The page for something that is not there, saying what was asked and where to look instead. */
export const notFound = (c: SiteContext, what: string, next: Html | '' = '') =>
  page(c, { title: 'Not found' }, html`<p>${pageText(what)}</p>${next}`, 404);

export type { AppEnv };
