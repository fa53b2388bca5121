import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Queryable } from './database.ts';

/** Rows of a raw SQL query; every driver (PGlite, pg, Neon) answers `{ rows }`. Cast counts with `::int`. */
export async function rowsOf<T>(db: Queryable, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * An int8 as the drivers' text, as a number: PGlite answers numbers, `pg` and Neon text, and session ids
 * (`yyyymmddHHMM`), file ids and counts stay far below 2^53. Wired in by `worker/db/node-postgres.ts` and
 * `worker/db/neon.ts`, so raw rows look the same on every driver.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new Error(`int8 ${text} is past 2^53; read it as text (::text) in that query`);
  return value;
}

/** A timestamptz as ISO-8601 UTC text: drivers disagree on how they return raw timestamps. */
export const isoTime = (column: SQL | string) =>
  sql`to_char(${typeof column === 'string' ? sql.raw(column) : column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** Integers as one array parameter (`= any(...)`): a statement's text then does not vary with how many. */
export const intArray = (values: readonly number[]) => sql`${`{${values.join(',')}}`}::int[]`;

const dialect = new PgDialect();

/** FNV-1a of a statement's text: its prepared statement's name. */
function statementName(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `etstats_${(hash >>> 0).toString(36)}_${text.length.toString(36)}`;
}

/**
 * Connections (node-postgres pools and their clients) whose named statements are theirs alone: a real
 * PostgreSQL server's. PGlite served to several clients is one backend, where a second client's Parse of
 * the same name would fail.
 */
const ownStatements = new WeakSet<object>();

/** Lets `reusedRowsOf` name its statements on this pool's connections (worker/db/node-postgres.ts). */
export function nameStatementsOn(pool: {
  on(event: 'connect', listener: (client: object) => void): unknown;
}): void {
  ownStatements.add(pool);
  pool.on('connect', (client) => ownStatements.add(client));
}

/**
 * `rowsOf` for a statement every import runs, whose text never varies (every value a parameter, lists
 * through `intArray`). On a node-postgres pool marked with `nameStatementsOn` (CLI import and rebuild
 * against PostgreSQL, CI), whose connections outlive a request, it is a named statement, parsed and
 * planned once per connection rather than every time. Elsewhere it is plain `rowsOf`: a Worker's Neon
 * connection lasts one request, and PGlite has no statements of its own per client.
 */
export async function reusedRowsOf<T>(db: Queryable, query: SQL): Promise<T[]> {
  const session = db._.session;
  // drizzle's node-postgres session keeps its pool, or in a transaction its pool client, as `client`.
  const client = (session as unknown as { client?: object }).client;
  if (!client || !ownStatements.has(client)) return rowsOf<T>(db, query);
  const built = dialect.sqlToQuery(query);
  const result = await session
    .prepareQuery(built, undefined, statementName(built.sql), false)
    .execute();
  return (result as { rows: T[] }).rows;
}
