// Node only, tests and benchmarks: a real PostgreSQL to test against. Either the server in TEST_DATABASE_URL
// (a fresh database is created in it), or a throwaway cluster started from the local PostgreSQL binaries.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { appendFile, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../scripts/lib/free-port.ts';

export interface TestPostgres {
  /** A fresh, empty database of its own. */
  readonly url: string;
  readonly port: number;
  /** The throwaway cluster's server log (its ERROR lines, e.g. serialization failures); none on TEST_DATABASE_URL. */
  readonly logFile?: string;
  /** Stops the cluster and deletes its files (or drops the database on a TEST_DATABASE_URL server). */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Keep fsync and full-page writes on, as in production (benchmarks); tests turn them off for speed. */
  durable?: boolean;
  env?: NodeJS.ProcessEnv;
}

const run = promisify(execFile);
const NOT_INSTALLED =
  'PostgreSQL is not installed: apt-get install -y postgresql (or set TEST_PG_BIN to its bin folder, or TEST_DATABASE_URL to a server).';

/** The folder holding initdb and pg_ctl: TEST_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin. */
export function findPgBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.TEST_PG_BIN
    ? [env.TEST_PG_BIN]
    : existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .filter((version) => /^\d+$/.test(version))
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => `/usr/lib/postgresql/${version}/bin`)
      : [];
  return candidates.find(
    (bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')),
  );
}

/** Creates an empty database with a unique name on the server of `url`; `drop` removes it. */
export async function freshDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `etstats_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client(url);
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return {
    url: fresh.toString(),
    drop: () => admin(`drop database if exists "${name}" with (force)`),
  };
}

/** initdb refuses to run as root, so as root the cluster belongs to the `postgres` user the Debian package made. */
function clusterUser(): {
  wrap: (command: string, args: string[]) => [string, string[]];
  uid?: number;
  gid?: number;
} {
  if (process.getuid?.() !== 0) return { wrap: (command, args) => [command, args] };
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      `Running as root but there is no "postgres" user to run the cluster as. ${NOT_INSTALLED}`,
    );
  }
  return {
    wrap: (command, args) => ['runuser', ['-u', 'postgres', '--', command, ...args]],
    uid: Number(uid.stdout.trim()),
    gid: Number(gid.stdout.trim()),
  };
}

async function startCluster(bin: string, options: StartPostgresOptions): Promise<TestPostgres> {
  const user = clusterUser();
  const dir = await mkdtemp(join(tmpdir(), 'etstats-pg-'));
  if (user.uid !== undefined && user.gid !== undefined) await chown(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const exec = async (tool: string, args: string[]) => {
    const [command, finalArgs] = user.wrap(join(bin, tool), args);
    try {
      await run(command, finalArgs, { cwd: dir });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${tool} ${args.join(' ')} failed: ${stderr || stdout || String(error)}`);
    }
  };
  const pgCtlStop = () =>
    spawnSync(...user.wrap(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']), {
      cwd: dir,
    });
  // A test process that dies without calling stop() must not leave a postmaster running.
  const onExit = () => {
    pgCtlStop();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    await exec('initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    const speed = options.durable
      ? []
      : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off'];
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const settings = [
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        ...speed,
      ];
      // Appended lines win over earlier ones, so a retry on a new port just appends again.
      await appendFile(join(data, 'postgresql.conf'), `\n${settings.join('\n')}\n`);
      try {
        await exec('pg_ctl', [
          '-D',
          data,
          '-l',
          join(dir, 'server.log'),
          '-w',
          '-t',
          '60',
          'start',
        ]);
        break;
      } catch (error) {
        if (attempt >= 3) throw error; // someone else took the port between freePort() and the start
      }
    }
    // The whole cluster goes away on stop, so its database needs no drop.
    const { url } = await freshDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`);
    return {
      url,
      port,
      logFile: join(dir, 'server.log'),
      stop: async () => {
        process.removeListener('exit', onExit);
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.removeListener('exit', onExit);
    onExit();
    throw error;
  }
}

/**
 * A PostgreSQL database for one test file (or benchmark): in TEST_DATABASE_URL's server when set, else in a
 * throwaway cluster on a free loopback port. Fails with how to install PostgreSQL when neither is available.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestPostgres> {
  const env = options.env ?? process.env;
  if (env.TEST_DATABASE_URL) {
    const database = await freshDatabase(env.TEST_DATABASE_URL);
    return {
      url: database.url,
      port: Number(new URL(database.url).port || 5432),
      stop: database.drop,
    };
  }
  const bin = findPgBin(env);
  if (!bin) throw new Error(NOT_INSTALLED);
  return startCluster(bin, options);
}
