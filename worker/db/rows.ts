import { entityKind, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Queryable } from './database.ts';

/** Rows of a raw SQL query; every driver (PGlite, pg, Neon) answers `{ rows }`. Cast counts with `::int`. */
export async function rowsOf<T>(db: Queryable, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
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
 * `rowsOf` for a statement every import runs, whose text never varies (every value a parameter, lists
 * through `intArray`). On node-postgres, whose connections outlive a request (CLI import, rebuild, CI),
 * it is a named statement, parsed and planned once per connection rather than every time. Elsewhere it
 * is plain `rowsOf`: a Worker's Neon connection lasts one request, and PGlite has no named statements.
 */
export async function reusedRowsOf<T>(db: Queryable, query: SQL): Promise<T[]> {
  const session = db._.session;
  if ((session.constructor as { [entityKind]?: string })[entityKind] !== 'NodePgSession') return rowsOf<T>(db, query);
  const built = dialect.sqlToQuery(query);
  const result = await session.prepareQuery(built, undefined, statementName(built.sql), false).execute();
  return (result as { rows: T[] }).rows;
}
