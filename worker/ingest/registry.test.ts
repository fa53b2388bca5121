import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { generateKeyPair } from '../../ingest-protocol/keys.ts';
import { addServer, addServerKey, listServers, lookupIngestKeys, revokeKeys } from './registry.ts';
import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
});
afterAll(() => handle.close());

const NOW = new Date('2025-10-03T12:00:00Z');

describe('game server registry', () => {
  it('registers a server with its key, lists it, and finds the key for verification', async () => {
    const { publicKey } = await generateKeyPair();
    const added = await addServer(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: ' Community #1 ',
      publicKey,
      timeZone: 'Europe/Ljubljana',
    });
    expect(added).toMatchObject({
      ok: true,
      value: { name: 'Community #1', timeZone: 'Europe/Ljubljana' },
    });
    const listed = (await listServers(handle.db, DEFAULT_COMMUNITY_ID)).find(
      (s) => s.name === 'Community #1',
    );
    expect(listed?.keys).toEqual([{ publicKey, createdAt: expect.any(Date), revokedAt: null }]);
    expect(await lookupIngestKeys(handle.db)([publicKey])).toEqual([
      {
        publicKey,
        serverId: listed?.id,
        serverName: 'Community #1',
        timeZone: 'Europe/Ljubljana',
        revokedAt: null,
      },
    ]);
  });

  it('refuses a duplicate name, a reused key, a malformed key and an unknown time zone, saying why', async () => {
    const { publicKey } = await generateKeyPair();
    expect(
      await addServer(handle.db, { communityId: DEFAULT_COMMUNITY_ID, name: 'dup', publicKey }),
    ).toMatchObject({ ok: true });
    const other = (await generateKeyPair()).publicKey;
    expect(
      await addServer(handle.db, {
        communityId: DEFAULT_COMMUNITY_ID,
        name: 'dup',
        publicKey: other,
      }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already exists.*add-key/),
    });
    expect(
      await addServer(handle.db, { communityId: DEFAULT_COMMUNITY_ID, name: 'dup2', publicKey }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already registered/),
    });
    expect(
      await addServer(handle.db, {
        communityId: DEFAULT_COMMUNITY_ID,
        name: 'dup3',
        publicKey: 'not a key',
      }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not base64/),
    });
    expect(
      await addServer(handle.db, {
        communityId: DEFAULT_COMMUNITY_ID,
        name: 'dup4',
        publicKey: btoa('short'),
      }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/5 bytes/),
    });
    expect(
      await addServer(handle.db, {
        communityId: DEFAULT_COMMUNITY_ID,
        name: 'dup5',
        publicKey: other,
        timeZone: 'Mars/Olympus',
      }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/IANA/) });
    expect((await listServers(handle.db, DEFAULT_COMMUNITY_ID)).map((s) => s.name)).not.toContain(
      'dup5',
    );
  });

  it('rotates: adds a second key, revokes the first, and the lookup reports which is revoked', async () => {
    const first = (await generateKeyPair()).publicKey;
    const second = (await generateKeyPair()).publicKey;
    await addServer(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'rotating',
      publicKey: first,
    });
    expect(
      await addServerKey(handle.db, {
        communityId: DEFAULT_COMMUNITY_ID,
        name: 'rotating',
        publicKey: second,
      }),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await revokeKeys(handle.db, {
        communityId: DEFAULT_COMMUNITY_ID,
        publicKey: first,
        now: NOW,
      }),
    ).toEqual({
      ok: true,
      value: { server: 'rotating', revoked: [first] },
    });
    const found = await lookupIngestKeys(handle.db)([first, second]);
    expect(Object.fromEntries(found.map((k) => [k.publicKey, k.revokedAt]))).toEqual({
      [first]: NOW,
      [second]: null,
    });
    expect(
      await revokeKeys(handle.db, {
        communityId: DEFAULT_COMMUNITY_ID,
        publicKey: first,
        now: NOW,
      }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no active key/),
    });
  });

  it('revokes every active key of a named server', async () => {
    const keys = [(await generateKeyPair()).publicKey, (await generateKeyPair()).publicKey];
    await addServer(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'retired',
      publicKey: keys[0] as string,
    });
    await addServerKey(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'retired',
      publicKey: keys[1] as string,
    });
    const revoked = await revokeKeys(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'retired',
      now: NOW,
    });
    expect(revoked.ok && [...revoked.value.revoked].sort()).toEqual([...keys].sort());
    expect(
      await revokeKeys(handle.db, { communityId: DEFAULT_COMMUNITY_ID, name: 'nobody', now: NOW }),
    ).toMatchObject({
      ok: false,
      reason: 'no server named "nobody"',
    });
  });
});
