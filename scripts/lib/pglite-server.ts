// Node only: serves an in-process PGlite over the Postgres wire protocol on loopback, so `pg`, Neon's driver
// (through the WebSocket bridge) and the in-process drizzle handle can all share one embedded database.
//
// Why not pglite-socket's server: it queues single protocol messages from all connections together, so one
// client's Parse/Bind/Execute interleave with another's in PGlite's single backend and results get lost.
// Here a connection holds the database from its first message until PGlite reports it idle again
// (ReadyForQuery 'I'): a whole extended-protocol exchange, or a whole transaction, runs alone. The lock is
// PGlite's own transaction mutex, so the in-process `db.query`/`db.transaction` callers queue behind it too.
// The price: a client idle inside a transaction holds up everyone else (fine for one developer's machine).
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

export interface PgliteServer {
  readonly port: number;
  /** A `postgres://` URL for `pg` (any user and password are accepted). */
  readonly url: string;
  close(): Promise<void>;
}

type Lock = <T>(work: () => Promise<T>) => Promise<T>;

interface PgliteInternals {
  _runExclusiveTransaction?: (work: () => Promise<unknown>) => Promise<unknown>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
const TERMINATE = 0x58;

function queryMessage(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`);
  const header = Buffer.alloc(5);
  header.write('Q', 0);
  header.writeInt32BE(text.length + 4, 1);
  return Buffer.concat([header, text]);
}

/** The transaction status of the last ReadyForQuery in a backend reply ('I', 'T', 'E'), if any. */
export function readyStatus(reply: Uint8Array): string | undefined {
  let status: string | undefined;
  const view = Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength);
  for (let at = 0; at + 5 <= view.length; at += 1 + view.readInt32BE(at + 1)) {
    if (view[at] === 0x5a && at + 5 < view.length) status = String.fromCharCode(view[at + 5]!);
  }
  return status;
}

function sessionLock(db: PGlite): Lock {
  const lock = (db as unknown as PgliteInternals)._runExclusiveTransaction;
  if (typeof lock !== 'function') {
    throw new Error(
      'This PGlite version has no _runExclusiveTransaction: update scripts/lib/pglite-server.ts for it.',
    );
  }
  return <T>(work: () => Promise<T>) => lock.call(db, work) as Promise<T>;
}

function serveConnection(socket: Socket, db: PGlite, lock: Lock): void {
  let buffered = Buffer.alloc(0);
  let started = false;
  let closed = false;
  let pumping = false;
  const inbox: Buffer[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  const next = async (): Promise<Buffer | undefined> => {
    while (inbox.length === 0 && !closed) await new Promise<void>((resolve) => (wake = resolve));
    return closed ? undefined : inbox.shift();
  };
  const run = async (message: Uint8Array) => db.runExclusive(() => db.execProtocolRaw(message));

  // A client gone mid-exchange or mid-transaction must not leave the single backend inside it.
  const abandon = async () => {
    if (readyStatus(await run(SYNC)) !== 'I') await run(queryMessage('ROLLBACK'));
  };

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (inbox.length > 0 && !closed) {
        await lock(async () => {
          for (;;) {
            const message = await next();
            if (!message) return abandon();
            const reply = await run(message);
            if (reply.length > 0 && !socket.destroyed) socket.write(reply);
            if (readyStatus(reply) === 'I') return;
          }
        });
      }
    } catch (error) {
      console.error('pglite server: connection failed', error);
      socket.destroy();
    } finally {
      pumping = false;
    }
  };

  const take = () => {
    for (;;) {
      if (!started) {
        if (buffered.length < 8) return;
        const length = buffered.readInt32BE(0);
        if (length < 8 || length > 10_000) return void socket.destroy();
        if (buffered.length < length) return;
        const code = buffered.readInt32BE(4);
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) socket.write('N');
        else if (code === CANCEL_REQUEST) socket.destroy();
        else {
          started = true;
          inbox.push(Buffer.from(message));
        }
        continue;
      }
      if (buffered.length < 5) return;
      const length = 1 + buffered.readInt32BE(1);
      if (length < 5) return void socket.destroy();
      if (buffered.length < length) return;
      const message = Buffer.from(buffered.subarray(0, length));
      buffered = buffered.subarray(length);
      if (message[0] === TERMINATE) {
        socket.end();
        return;
      }
      inbox.push(message);
    }
  };

  socket.setNoDelay(true);
  socket.on('data', (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    take();
    notify();
    void pump();
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    closed = true;
    notify();
  });
}

/** Serves `db` on 127.0.0.1 (`port` 0 or omitted: a free port). Close it before closing `db`. */
export async function servePglite(
  db: PGlite,
  options: { port?: number } = {},
): Promise<PgliteServer> {
  const lock = sessionLock(db);
  await db.waitReady;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, db, lock);
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
