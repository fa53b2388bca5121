// The Worker's database: Neon's serverless Pool (Postgres over a WebSocket) under drizzle. Safe in the
// Worker bundle: no Node-only imports. Node callers import `./neon-node.ts` first to supply a WebSocket.
import { neonConfig, Pool, types } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import * as schema from '../../schema/index.ts';
import type { Database, DatabaseHandle } from './database.ts';
import { parseInt8 } from './rows.ts';

// drizzle reads other types through the driver's global parsers, so the int8 one is set there.
const INT8_OID = 20;
types.setTypeParser(INT8_OID, parseInt8);

export interface NeonOptions {
  /**
   * Outside Cloudflare: `host:port` of the WebSocket→TCP bridge in front of a plain Postgres. The bridge
   * speaks ws:// on loopback and Postgres itself has no TLS there, so the Neon-only shortcuts (pipelined
   * TLS and password) must be off too.
   */
  wsProxy?: string | undefined;
  /** Pool size; one request rarely needs more than a few connections. */
  max?: number;
}

function useBridge(wsProxy: string): void {
  neonConfig.wsProxy = wsProxy;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

/** Opens a Neon Pool for `url`; close it when the request (and its background work) is done. */
export function openNeon(url: string, options: NeonOptions = {}): DatabaseHandle {
  // neonConfig is process-wide: one Worker isolate (or one Node process) talks to one kind of endpoint.
  if (options.wsProxy) useBridge(options.wsProxy);
  const pool = new Pool({ connectionString: url, max: options.max ?? 5 });
  // A dropped idle connection must not crash the isolate; the next query opens a new one.
  pool.on('error', (error: Error) => console.error('database pool error', error));
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  return { db, close: () => pool.end() };
}
