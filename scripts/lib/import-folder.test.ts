import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { openPglite } from '../../worker/db/pglite.ts';
import { ensureGameServer, givenTimeZone } from './import-folder.ts';
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
