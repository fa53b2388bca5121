import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../worker/db/database.ts';
import { openPglite } from '../worker/db/pglite.ts';
import { generateKeyPair } from '../ingest-protocol/keys.ts';
import { corpusFiles } from '../test/support/corpus.ts';
import { rowsOf } from '../worker/db/rows.ts';
import { importStatsFile } from '../worker/importer/import-file.ts';
import { sql } from 'drizzle-orm';
import { runServerCommand } from './server.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
});
afterAll(() => handle.close());

async function server(...argv: string[]) {
  let out = '';
  const write = (text: string) => {
    out += text;
  };
  const code = await runServerCommand(
    argv,
    handle.db,
    write,
    () => new Date('2025-10-03T10:00:00Z'),
  );
  return { code, out };
}

describe('npm run server', () => {
  it('adds, lists and revokes a game server and its keys', async () => {
    const first = (await generateKeyPair()).publicKey;
    const second = (await generateKeyPair()).publicKey;
    expect(
      await server('add', '--name', 'EU #1', '--public-key', first, '--time-zone', 'Europe/Berlin'),
    ).toEqual({
      code: 0,
      out: 'registered server "EU #1" (id 1, clock Europe/Berlin); its agent can push now\n',
    });
    expect(await server('add-key', '--name', 'EU #1', '--public-key', second)).toEqual({
      code: 0,
      out: 'added a key to "EU #1"\n',
    });
    expect(await server('revoke', '--public-key', first)).toEqual({
      code: 0,
      out: 'revoked 1 key(s) of "EU #1"\n',
    });
    const listed = await server('list');
    expect(listed.out).toMatch(
      new RegExp(
        `^EU #1 \\(id 1, clock Europe/Berlin, since .*\\)\\n  ${first.replaceAll('+', '\\+')}  revoked 2025-10-03T10:00:00.000Z\\n  ${second.replaceAll('+', '\\+')}  active\\n$`,
      ),
    );
    expect(await server('revoke', '--name', 'EU #1')).toEqual({
      code: 0,
      out: 'revoked 1 key(s) of "EU #1"\n',
    });
  });

  it('says what is wrong, with a non-zero exit code', async () => {
    expect(await server('add', '--name', 'x')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/^add needs --public-key/),
    });
    expect(await server('add', '--name', 'x', '--public-key', 'abc')).toEqual({
      code: 1,
      out: 'error: public key is not base64 (paste the key `etstats-agent init` printed)\n',
    });
    expect(await server('revoke')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/^revoke needs --public-key or --name/),
    });
    expect(await server('launch')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/^unknown command "launch"/),
    });
  });

  it('refuses a time zone that is not an IANA name, naming the option', async () => {
    const key = (await generateKeyPair()).publicKey;
    expect(
      await server('add', '--name', 'EU #9', '--public-key', key, '--time-zone', 'Berlin'),
    ).toEqual({
      code: 1,
      out: 'error: --time-zone "Berlin" is not an IANA time zone name, e.g. Europe/Berlin\n',
    });
    expect(await server('add', '--name', 'EU #9', '--public-key', key, '--time-zone', '')).toEqual({
      code: 1,
      out: 'error: --time-zone is empty: give an IANA time zone name, e.g. Europe/Berlin\n',
    });
  });

  it('sets a server’s time zone and re-times its rounds', async () => {
    const key = (await generateKeyPair()).publicKey;
    const added = await server('add', '--name', 'EU #2', '--public-key', key);
    expect(added.out).toMatch(/clock UTC/);
    const [row] = await rowsOf<{ id: number }>(
      handle.db,
      sql`select id from game_servers where name = 'EU #2'`,
    );
    for (const file of corpusFiles().slice(0, 4))
      await importStatsFile(
        handle.db,
        { serverId: row!.id, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
        { sessionGapMinutes: 60 },
      );
    expect(await server('set-time-zone', 'EU #2', 'Europe/Berlin')).toEqual({
      code: 0,
      out: '"EU #2" keeps its clock in Europe/Berlin now (was UTC): 4 of 4 rounds re-timed; pairs, sessions and leaderboards re-derived\n',
    });
    const [first] = await rowsOf<{ ended_at: string }>(
      handle.db,
      sql`select to_json(min(ended_at))#>>'{}' as ended_at from rounds where server_id = ${row!.id}`,
    );
    expect(first?.ended_at).toBe('2025-09-04T18:27:28+00:00');
    expect(await server('set-time-zone', 'EU #2', 'Europe/Berlin')).toEqual({
      code: 0,
      out: '"EU #2" keeps its clock in Europe/Berlin already; nothing changed\n',
    });
    expect(await server('list')).toMatchObject({
      out: expect.stringContaining('EU #2 (id 2, clock Europe/Berlin'),
    });
  });

  it('says what is wrong with a time zone change', async () => {
    expect(await server('set-time-zone', 'EU #2', 'Europe/Berlinn')).toEqual({
      code: 1,
      out: 'error: the zone "Europe/Berlinn" is not an IANA time zone name, e.g. Europe/Berlin\n',
    });
    expect(await server('set-time-zone', 'nowhere', 'UTC')).toEqual({
      code: 1,
      out: 'error: there is no game server named "nowhere"\n',
    });
    expect(await server('set-time-zone', 'EU #2')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/^set-time-zone needs a server name and a zone/),
    });
  });
});
