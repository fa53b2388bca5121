import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordLinks, gameServers, guildSettings, players } from '../../schema/index.ts';
import { guildAccess } from '../../schema/admin.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import type { Caller } from '../discord/interaction.ts';
import {
  type AccessFacts,
  hasAdministrator,
  loadAccessFacts,
  resolveAccess,
} from './resolve-access.ts';

const GUILD = '500';
const caller = (over: Partial<Caller> = {}): Caller => ({
  userId: '42',
  username: 'u',
  guildId: GUILD,
  channelId: '9',
  roles: [],
  permissions: '0',
  locale: 'en-US',
  ...over,
});
const facts = (over: Partial<AccessFacts> = {}): AccessFacts => ({
  ownerUserIds: [],
  roleLevels: {},
  administratorsLevel: null,
  linked: false,
  ...over,
});
const ADMINISTRATOR = String(1n << 3n);

describe('access levels from the signed interaction', () => {
  it('makes a configured owner OWNER anywhere, DMs included, and nobody else', () => {
    expect(resolveAccess(caller(), facts({ ownerUserIds: ['42'] }))).toBe('owner');
    expect(
      resolveAccess(caller({ guildId: null, roles: [] }), facts({ ownerUserIds: ['42'] })),
    ).toBe('owner');
    expect(resolveAccess(caller({ userId: '' }), facts({ ownerUserIds: [''] }))).toBe('public');
    expect(resolveAccess(caller({ roles: ['1'] }), facts({ roleLevels: { '1': 'owner' } }))).toBe(
      'admin',
    );
  });

  it('takes the highest level any of the member’s roles maps to', () => {
    const levels = { '1': 'moderator', '2': 'admin', '3': 'trusted' } as const;
    expect(resolveAccess(caller({ roles: ['3', '1'] }), facts({ roleLevels: levels }))).toBe(
      'moderator',
    );
    expect(resolveAccess(caller({ roles: ['1', '2'] }), facts({ roleLevels: levels }))).toBe(
      'admin',
    );
    expect(resolveAccess(caller({ roles: ['7'] }), facts({ roleLevels: levels }))).toBe('public');
    expect(
      resolveAccess(caller({ roles: ['1'] }), facts({ roleLevels: { '1': 'bogus' as never } })),
    ).toBe('public');
  });

  it('ignores roles in a DM (they belong to no guild)', () => {
    expect(
      resolveAccess(
        caller({ guildId: null, roles: ['2'] }),
        facts({ roleLevels: { '2': 'admin' } }),
      ),
    ).toBe('public');
  });

  it('caps the @everyone role (the guild id) at TRUSTED', () => {
    expect(resolveAccess(caller(), facts({ roleLevels: { [GUILD]: 'admin' } }))).toBe('trusted');
    expect(resolveAccess(caller(), facts({ roleLevels: { [GUILD]: 'trusted' } }))).toBe('trusted');
  });

  it('makes a linked player TRUSTED, in a guild or a DM', () => {
    expect(resolveAccess(caller(), facts({ linked: true }))).toBe('trusted');
    expect(resolveAccess(caller({ guildId: null }), facts({ linked: true }))).toBe('trusted');
  });

  it('gives Discord administrators ADMIN by default, or the level the guild set for them', () => {
    expect(resolveAccess(caller({ permissions: ADMINISTRATOR }), facts())).toBe('admin');
    expect(
      resolveAccess(
        caller({ permissions: ADMINISTRATOR }),
        facts({ administratorsLevel: 'moderator' }),
      ),
    ).toBe('moderator');
    expect(
      resolveAccess(
        caller({ permissions: ADMINISTRATOR }),
        facts({ administratorsLevel: 'public' }),
      ),
    ).toBe('public');
    expect(
      resolveAccess(
        caller({ permissions: ADMINISTRATOR, roles: ['2'] }),
        facts({ administratorsLevel: 'public', roleLevels: { '2': 'admin' } }),
      ),
    ).toBe('admin');
    expect(
      resolveAccess(
        caller({ permissions: ADMINISTRATOR }),
        facts({ administratorsLevel: 'owner' }),
      ),
    ).toBe('admin');
    // Manage Server alone (1 << 5) is not Administrator.
    expect(resolveAccess(caller({ permissions: String(1n << 5n) }), facts())).toBe('public');
  });

  it('reads the permission bitfield defensively: garbage is no permission', () => {
    expect(hasAdministrator(String((1n << 40n) | (1n << 3n)))).toBe(true);
    expect(hasAdministrator(null)).toBe(false);
    expect(hasAdministrator('8; drop table')).toBe(false);
    expect(hasAdministrator('-8')).toBe(false);
  });
});

describe('loading what the database knows about a caller', () => {
  let handle: PgliteHandle;
  beforeAll(async () => {
    handle = await openPglite();
    const at = new Date('2026-01-01T00:00:00Z');
    await handle.db.insert(gameServers).values({ communityId: 1, name: 's' });
    await handle.db.insert(players).values({
      guid: 'AAAA0001',
      name: 'a',
      nameRaw: 'a',
      bot: false,
      firstSeenAt: at,
      lastSeenAt: at,
    });
    await handle.db
      .insert(discordLinks)
      .values({ communityId: 1, userId: '42', guid: 'AAAA0001', linkedAt: at, linkedBy: '42' });
    await handle.db
      .insert(guildSettings)
      .values({ guildId: GUILD, roleLevels: { '1': 'moderator' }, updatedAt: at, updatedBy: 'x' });
    await handle.db
      .insert(guildAccess)
      .values({ guildId: GUILD, administratorsLevel: 'trusted', updatedAt: at, updatedBy: 'x' });
  });
  afterAll(() => handle.close());

  it('reads the guild’s role levels, its administrators’ level and the link in one query', async () => {
    expect(await loadAccessFacts(handle.db, caller(), ['7'], 1)).toEqual({
      ownerUserIds: ['7'],
      roleLevels: { '1': 'moderator' },
      administratorsLevel: 'trusted',
      linked: true,
    });
    expect(
      await loadAccessFacts(handle.db, caller({ userId: '43', guildId: '999' }), [], 1),
    ).toEqual({
      ownerUserIds: [],
      roleLevels: {},
      administratorsLevel: null,
      linked: false,
    });
  });
});
