import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles } from '../../test/support/corpus.ts';

type CorpusFile = ReturnType<typeof corpusFiles>[number];
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { openPglite } from '../../worker/db/pglite.ts';
import { ensureGameServer, givenTimeZone, importFolder } from './import-folder.ts';
import { readScriptSettings } from './settings.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
});
afterAll(() => handle.close());

const zoneOf = async (name: string) =>
  (await handle.db.query.gameServers.findFirst({ where: (s, { eq }) => eq(s.name, name) }))
    ?.timeZone;

describe('npm run import: the game server’s clock zone', () => {
  it('takes --time-zone, else SERVER_TIME_ZONE when set, else nothing', () => {
    const unset = readScriptSettings({});
    const berlin = readScriptSettings({ SERVER_TIME_ZONE: 'Europe/Berlin' });
    expect(givenTimeZone('Asia/Tokyo', berlin)).toEqual({
      zone: 'Asia/Tokyo',
      setting: '--time-zone',
    });
    expect(givenTimeZone(undefined, berlin)).toEqual({
      zone: 'Europe/Berlin',
      setting: 'SERVER_TIME_ZONE',
    });
    expect(givenTimeZone(undefined, unset)).toBeUndefined();
  });

  it('registers a new server in the zone given, else UTC', async () => {
    await ensureGameServer(
      handle.db,
      { communityId: 1, name: 'eu' },
      { zone: 'europe/berlin', setting: '--time-zone' },
    );
    expect(await zoneOf('eu')).toBe('Europe/Berlin');
    await ensureGameServer(handle.db, { communityId: 1, name: 'plain' });
    expect(await zoneOf('plain')).toBe('UTC');
  });

  it('imports into an existing server in its zone, given it again or none', async () => {
    const id = await ensureGameServer(handle.db, { communityId: 1, name: 'eu' });
    expect(
      await ensureGameServer(
        handle.db,
        { communityId: 1, name: 'eu' },
        { zone: 'Europe/Berlin', setting: '--time-zone' },
      ),
    ).toBe(id);
  });

  it('refuses another zone for an existing server, saying how to change it', async () => {
    await expect(
      ensureGameServer(
        handle.db,
        { communityId: 1, name: 'eu' },
        { zone: 'UTC', setting: '--time-zone' },
      ),
    ).rejects.toThrow(
      'game server "eu" keeps its clock in Europe/Berlin, but --time-zone says UTC. To change the ' +
        'server\'s zone (and re-time its rounds), run: npm run server -- set-time-zone "eu" UTC; ' +
        'to import in the zone it has, pass --time-zone Europe/Berlin.',
    );
    await expect(
      ensureGameServer(
        handle.db,
        { communityId: 1, name: 'plain' },
        { zone: 'Europe/Berlin', setting: 'SERVER_TIME_ZONE' },
      ),
    ).rejects.toThrow(
      /^game server "plain" keeps its clock in UTC, but SERVER_TIME_ZONE says Europe\/Berlin\./,
    );
    expect(await zoneOf('eu')).toBe('Europe/Berlin');
  });

  it('refuses a zone that is not an IANA name, registering nothing', async () => {
    await expect(
      ensureGameServer(
        handle.db,
        { communityId: 1, name: 'new' },
        { zone: 'CEST', setting: '--time-zone' },
      ),
    ).rejects.toThrow('--time-zone "CEST" is not an IANA time zone name, e.g. Europe/Berlin');
    expect(await zoneOf('new')).toBeUndefined();
  });
});

describe('npm run import: a file that fails', () => {
  it('is reported in one short line and the rest of the folder goes on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'etstats-import-'));
    try {
      const files = corpusFiles().filter((f) => f.name.endsWith('-round-1.txt'));
      const [first, failing, last] = files as [CorpusFile, CorpusFile, CorpusFile];
      for (const f of [first, failing, last]) await writeFile(join(dir, f.name), f.bytes);
      // A NUL in a companion is quarantined, never a failure.
      await writeFile(
        join(dir, first.name.replace('.txt', '-endstats.txt')),
        'Most kills\tBob\u0000\t12\n',
      );
      // The database failing on one file the way an unavailable one does (not a refused value).
      const map = failing.name.replace(/^\d{4}-\d\d-\d\d-\d{6}-(.+)-round-1\.txt$/, '$1');
      await handle.db.execute(
        sql.raw(`create function unavailable() returns trigger
        language plpgsql as $$ begin if new.map = '${map}' then raise exception
        'terminating connection due to administrator command' using errcode = '57P01';
        end if; return new; end $$`),
      );
      await handle.db.execute(
        sql`create trigger unavailable before insert on rounds for each row execute function unavailable()`,
      );
      const failures: string[] = [];
      const serverId = await ensureGameServer(handle.db, { communityId: 1, name: 'failing' });
      const report = await importFolder(
        handle.db,
        dir,
        serverId,
        { sessionGapMinutes: 60 },
        () => {},
        (name, reason) => failures.push(`${name}: ${reason}`),
      );
      await handle.db.execute(sql`drop trigger unavailable on rounds`);
      expect(failures).toEqual([
        `${failing.name}: terminating connection due to administrator command (SQLSTATE 57P01)`,
      ]);
      expect(report.failed).toEqual([
        {
          file: failing.name,
          reason: 'terminating connection due to administrator command (SQLSTATE 57P01)',
        },
      ]);
      expect(report.imported.sort()).toEqual([first.name, last.name].sort());
      expect(report.quarantined).toEqual([
        {
          file: first.name.replace('.txt', '-endstats.txt'),
          line: 1,
          reason: 'line holds the control character U+0000, which a stats file never has',
        },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
