// Node only: a real PostgreSQL server through `pg` (CI, scripts pointed at DATABASE_URL, benchmarks).
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '../../schema/index.ts';
import type { Database, DatabaseHandle } from './database.ts';

export function openNodePostgres(url: string, options: { max?: number } = {}): DatabaseHandle & { pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  return { db, pool, close: () => pool.end() };
}
