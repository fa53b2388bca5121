import { MIN_RATED_MAPS } from '../../stats/rating/display.ts';
import { mapPredictions, ratingTable } from '../queries/rating.ts';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { sql } from 'drizzle-orm';
import { cors } from 'hono/cors';
import type { AppEnv } from '../app.ts';
import { rowsOf } from '../db/rows.ts';
import { type Community, communityBySlug, SLUG_PATTERN } from '../queries/communities.ts';
import { playerProfile, searchPlayers } from '../queries/players.ts';
import { listQuarantine, quarantinedByName } from '../queries/quarantine.ts';
import { roundIdsByFileName, roundViews } from '../queries/round-view.ts';
import { sessionHolding } from '../queries/session-list.ts';
import { listSessions, sessionDetail } from '../queries/sessions.ts';
import { roundEvents } from './round-events.ts';

/** A positive integer from a path or query parameter, or undefined when it is not one. */
function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
}

/** A session id from a path or query parameter (`yyyymmddHHMM`, twelve digits), or undefined. */
function sessionIdParam(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The first query parameter whose name or value holds a control character (C0, DEL or C1), with why:
 * no name, GUID, file name or search needs one, and PostgreSQL refuses a NUL in text outright.
 */
export function controlInQuery(query: Readonly<Record<string, readonly string[]>>): string | null {
  for (const [name, values] of Object.entries(query)) {
    const shown = JSON.stringify(name.replace(new RegExp(CONTROL, 'g'), '?').slice(0, 40));
    if (CONTROL.test(name)) return `query parameter ${shown} has a control character in its name`;
    for (const value of values) {
      const bad = CONTROL.exec(value);
      if (!bad) continue;
      const code = (bad[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
      return `query parameter ${shown} holds the control character U+${code}; remove it`;
    }
  }
  return null;
}

/**
 * Whose data an API request reads: `/c/<slug>/api/…` names the community; plain `/api/…` is the only
 * community of a single-community deployment (with several, it asks for the slug).
 */
const communityScope: MiddlewareHandler<AppEnv> = async (c, next) => {
  const slug = c.req.param('slug');
  const db = c.get('db');
  let community: Community | null;
  if (slug !== undefined) {
    if (!SLUG_PATTERN.test(slug))
      return c.json({ error: `"${slug.slice(0, 40)}" is not a community slug` }, 400);
    community = await communityBySlug(db, slug);
    if (!community) return c.json({ error: `no community "${slug}"` }, 404);
  } else {
    const only = await rowsOf<Community>(
      db,
      sql`select id, slug, name from communities order by id limit 2`,
    );
    if (only.length !== 1)
      return c.json(
        {
          error:
            'this deployment holds several communities: use /c/<community>/api/… (the slug is in /admin community)',
        },
        404,
      );
    const [row] = only as [Community];
    community = { id: Number(row.id), slug: row.slug, name: row.name };
  }
  c.set('community', community);
  await next();
};

const scoped = (c: Context<AppEnv>) => c.get('community').id;

/**
 * The read-only JSON API community websites build on (documented in README.md), one community's data
 * per request. Field names of per-round figures are those of the corpus's truth.json; keep them stable.
 */
export const apiRoutes = new Hono<AppEnv>()
  .use(cors({ origin: '*', allowMethods: ['GET'] }))
  .use(async (c, next) => {
    const refused = controlInQuery(c.req.queries());
    if (refused) return c.json({ error: refused }, 400);
    await next();
  })
  .use(communityScope)
  .get('/players', async (c) => {
    const search = c.req.query('search') ?? '';
    if (search.length > 64) return c.json({ error: 'search is longer than 64 characters' }, 400);
    const limit = positiveInt(c.req.query('limit')) ?? 25;
    return c.json({
      players: await searchPlayers(c.get('db'), scoped(c), search, Math.min(limit, 100)),
    });
  })
  .get('/players/:guid', async (c) => {
    const guid = c.req.param('guid');
    if (!/^[A-Za-z0-9]{1,32}$/.test(guid))
      return c.json(
        { error: `"${guid.slice(0, 40)}" is not a GUID (1-32 letters and digits)` },
        400,
      );
    const profile = await playerProfile(c.get('db'), scoped(c), guid);
    return profile ? c.json(profile) : c.json({ error: `no player with GUID ${guid}` }, 404);
  })
  .get('/rounds', async (c) => {
    const file = c.req.query('file');
    if (!file)
      return c.json(
        {
          error:
            'give the stats file name: /api/rounds?file=2025-10-02-211808-etl_adlernest-round-1.txt',
        },
        400,
      );
    const server = c.req.query('server');
    const found = (await roundIdsByFileName(c.get('db'), scoped(c), file)).filter(
      (r) => server === undefined || r.server === server,
    );
    if (found.length > 1) {
      return c.json(
        {
          error: `${found.length} servers sent a file named ${file}; add &server=NAME`,
          servers: found.map((r) => r.server),
        },
        409,
      );
    }
    if (found.length === 0) {
      const bad = await quarantinedByName(c.get('db'), scoped(c), file);
      if (bad)
        return c.json(
          { error: `${file} could not be read: line ${bad.line}: ${bad.reason}`, quarantined: bad },
          422,
        );
      return c.json({ error: `no round was read from a file named ${file}` }, 404);
    }
    const [view] = await roundViews(c.get('db'), scoped(c), [(found[0] as { id: number }).id]);
    return c.json(view);
  })
  .get('/rounds/:id/events', roundEvents)
  .get('/rounds/:id', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return c.json({ error: 'a round id is a positive whole number' }, 400);
    const [view] = await roundViews(c.get('db'), scoped(c), [id]);
    return view ? c.json(view) : c.json({ error: `no round ${id}` }, 404);
  })
  .get('/sessions', async (c) => {
    const limit = positiveInt(c.req.query('limit'));
    const before = sessionIdParam(c.req.query('before'));
    return c.json({ sessions: await listSessions(c.get('db'), scoped(c), { limit, before }) });
  })
  .get('/sessions/:id', async (c) => {
    const id = sessionIdParam(c.req.param('id'));
    if (id === undefined)
      return c.json({ error: 'a session id is a positive whole number, e.g. 202510132015' }, 400);
    const detail = await sessionDetail(c.get('db'), scoped(c), id);
    if (detail) return c.json(detail);
    // An id that changed (a round that started earlier joined its session): point to the session now.
    const now = await sessionHolding(c.get('db'), scoped(c), id);
    return now === null
      ? c.json({ error: `no session ${id}` }, 404)
      : c.json(
          { error: `no session ${id}: its rounds are now in session ${now}`, session_id: now },
          404,
        );
  })
  .get('/ratings', async (c) =>
    c.json({
      min_rated_maps: MIN_RATED_MAPS,
      players: await ratingTable(c.get('db'), scoped(c), new Date()),
    }),
  )
  .get('/ratings/maps', async (c) => {
    const limit = Math.min(positiveInt(c.req.query('limit')) ?? 100, 1000);
    return c.json({ maps: await mapPredictions(c.get('db'), scoped(c), limit) });
  })
  .get('/quarantine', async (c) => c.json({ files: await listQuarantine(c.get('db'), scoped(c)) }));
