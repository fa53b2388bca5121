// Counts the SQL statements (round trips to the database) the code under test sends, per transaction:
// every statement an import sends while it holds the import lock makes every other import wait, so the
// importer's tests pin how many it sends.
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from '../../schema/index.ts';
import { gameServers } from '../../schema/index.ts';
import type { Database } from '../../worker/db/database.ts';
import { openPglite } from '../../worker/db/pglite.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { DEFAULT_COMMUNITY_ID } from '../../worker/queries/communities.ts';

export interface RoundTrips {
  /** The database, through a client that records each statement it sends. */
  readonly db: Database;
  /** Statements sent outside any transaction since the last `reset`, oldest first. */
  readonly outside: string[];
  /** Each transaction begun since the last `reset`: its statements (BEGIN and COMMIT not among them). */
  readonly transactions: string[][];
  reset(): void;
  close(): Promise<void>;
}

type Queries = Pick<PGlite, 'query' | 'exec'>;

/** `target` with its `query` and `exec` recording the statement text into `sink` first. */
function recording<T extends Queries>(target: T, sink: string[]): T {
  return new Proxy(target, {
    get(t, key) {
      if (key === 'query' || key === 'exec')
        return (text: string, ...rest: unknown[]) => {
          sink.push(text);
          return (t[key] as (...args: unknown[]) => unknown).call(t, text, ...rest);
        };
      // PGlite keeps private fields: its methods run on the object itself, never on the proxy.
      const value = Reflect.get(t, key, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/** An in-memory PGlite with every migration applied, whose statements are counted (`RoundTrips`). */
export async function openRoundTripCounter(): Promise<RoundTrips> {
  const handle = await openPglite();
  const outside: string[] = [];
  const transactions: string[][] = [];
  const client = handle.client;
  const counted = new Proxy(recording(client, outside), {
    get(t, key, receiver) {
      if (key === 'transaction')
        return <R>(work: (tx: PgliteTransaction) => Promise<R>) =>
          client.transaction((tx) => {
            const statements: string[] = [];
            transactions.push(statements);
            return work(recording(tx, statements));
          });
      return Reflect.get(t, key, receiver);
    },
  });
  return {
    db: drizzle({ client: counted, schema }) as unknown as Database,
    outside,
    transactions,
    reset() {
      outside.length = 0;
      transactions.length = 0;
    },
    close: () => handle.close(),
  };
}

/** What one import sent: statements inside its transaction (under the import lock) and outside it. */
export interface ImportRoundTrips {
  readonly file: string;
  readonly status: string;
  /** Transactions it ran (one for an import that stores a round). */
  readonly transactions: number;
  /** Statements in its transaction, the first one taking the lock (COMMIT not counted). */
  readonly locked: number;
  /** The first statement of its transaction: the one that takes the import lock. */
  readonly first: string;
  readonly outside: number;
}

/** Imports `files` in order into a fresh database of one game server, counting each import's statements. */
export async function importRoundTrips(
  files: readonly { readonly name: string; readonly bytes: Uint8Array }[],
): Promise<ImportRoundTrips[]> {
  const counter = await openRoundTripCounter();
  try {
    const [server] = await counter.db
      .insert(gameServers)
      .values({ communityId: DEFAULT_COMMUNITY_ID, name: 'counted' })
      .returning();
    const serverId = (server as { id: number }).id;
    const counts: ImportRoundTrips[] = [];
    for (const file of files) {
      counter.reset();
      const outcome = await importStatsFile(
        counter.db,
        { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
        { sessionGapMinutes: 60 },
      );
      counts.push({
        file: file.name,
        status: outcome.status,
        transactions: counter.transactions.length,
        locked: counter.transactions.reduce((n, t) => n + t.length, 0),
        first: counter.transactions[0]?.[0] ?? '',
        outside: counter.outside.length,
      });
    }
    return counts;
  } finally {
    await counter.close();
  }
}
