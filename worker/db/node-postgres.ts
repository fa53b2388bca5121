// Node only: a real PostgreSQL server through `pg` (CI, scripts pointed at DATABASE_URL, benchmarks).
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '../../schema/index.ts';
import type { Database, DatabaseHandle } from './database.ts';
import { nameStatementsOn, parseInt8 } from './rows.ts';

// drizzle reads other types through pg's global parsers, so the int8 one is set there (process-wide).
pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8);

/**
 * `namedStatements`: false when the server behind `url` is PGlite served to several clients (one backend
 * shared by every connection, so a statement name prepared by one is taken for the next).
 */
export function openNodePostgres(
  url: string,
  options: { max?: number; namedStatements?: boolean } = {},
): DatabaseHandle & { pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
  if (options.namedStatements ?? true) nameStatementsOn(pool);
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  return { db, pool, close: () => pool.end() };
}
