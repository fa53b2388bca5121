import { once } from 'node:events';
import { connect } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PgliteServer, readyStatus, servePglite } from './pglite-server.ts';

let db: PGlite;
let server: PgliteServer;
const clients: pg.Client[] = [];

async function client(): Promise<pg.Client> {
  const c = new pg.Client(server.url);
  c.on('error', () => {});
  await c.connect();
  clients.push(c);
  return c;
}

beforeAll(async () => {
  db = new PGlite();
  await db.exec('create table t (id int primary key, v text)');
  server = await servePglite(db);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => {})));
  await server.close();
  await db.close();
});

beforeEach(async () => {
  await db.exec('truncate t');
});

/** Resolves after `ms`, to let a competing query get as far as it can. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('servePglite', () => {
  it('keeps concurrent clients’ parameterised queries apart (no interleaved Parse/Bind/Execute)', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => client()));
    const wrong: string[] = [];
    await Promise.all(
      all.map(async (c, i) => {
        for (let j = 0; j < 40; j++) {
          const { rows } = await c.query('select $1::int as a, $2::text as b', [
            i * 1000 + j,
            `client ${i}`,
          ]);
          if (rows[0]?.a !== i * 1000 + j || rows[0]?.b !== `client ${i}`)
            wrong.push(`${i}/${j}: ${JSON.stringify(rows)}`);
        }
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('runs another client’s query only after an open transaction ends, never inside it', async () => {
    const [a, b] = [await client(), await client()];
    await a.query('begin');
    await a.query('insert into t values (1, $1)', ['uncommitted']);
    const seenByB = b.query('select count(*)::int as n from t');
    await pause(50);
    await a.query('rollback');
    expect((await seenByB).rows[0].n).toBe(0);
  });

  it('queues socket clients behind an in-process PGlite transaction', async () => {
    const c = await client();
    let seen: Promise<pg.QueryResult> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('insert into t values (2, $1)', ['in process']);
      seen = c.query('select count(*)::int as n from t');
      await pause(50);
      await tx.rollback();
    });
    expect((await seen!).rows[0].n).toBe(0);
  });

  it('rolls back the transaction of a client that disconnects in the middle of it', async () => {
    const [a, b] = [await client(), await client()];
    await a.query('begin');
    await a.query('insert into t values (3, $1)', ['abandoned']);
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const { rows } = await b.query('select count(*)::int as n from t');
    expect(rows[0].n).toBe(0);
    expect(db.isInTransaction()).toBe(false);
  });

  it('reports errors to the client and stays usable', async () => {
    const c = await client();
    await expect(c.query('select * from no_such_table')).rejects.toThrow(/no_such_table/);
    await c.query('insert into t values (4, $1)', ['after error']);
    expect((await db.query<{ v: string }>('select v from t')).rows).toEqual([{ v: 'after error' }]);
  });

  it('declines TLS with N so clients continue in plain text', async () => {
    const socket = connect({ host: '127.0.0.1', port: server.port });
    await once(socket, 'connect');
    const request = Buffer.alloc(8);
    request.writeInt32BE(8, 0);
    request.writeInt32BE(80877103, 4);
    socket.write(request);
    const [answer] = (await once(socket, 'data')) as [Buffer];
    socket.destroy();
    expect(answer.toString()).toBe('N');
  });
});

describe('readyStatus', () => {
  it('reads the transaction status of the last ReadyForQuery message', () => {
    const commandComplete = Buffer.from([0x43, 0, 0, 0, 9, 0x42, 0x45, 0x47, 0x49, 0]);
    const ready = (status: string) => Buffer.from([0x5a, 0, 0, 0, 5, status.charCodeAt(0)]);
    expect(readyStatus(Buffer.concat([commandComplete, ready('T')]))).toBe('T');
    expect(readyStatus(Buffer.concat([ready('T'), commandComplete, ready('I')]))).toBe('I');
    expect(readyStatus(commandComplete)).toBeUndefined();
  });
});
