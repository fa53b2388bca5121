import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordLinks, players } from '../../schema/index.ts';
import { type Actor, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { addCommunity, DEFAULT_COMMUNITY } from '../../test/support/community.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { bindFirstGuild, bindGuild } from '../jobs/communities.ts';
import { boundGuildCount, communityOfGuild } from '../queries/communities.ts';
import { communityForInteraction } from './community.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const OWNER = '1300000000000000100';
const MEMBER = '1300000000000000101';
const FIRST_GUILD = '1200000000000000011';
const SECOND_GUILD = '1200000000000000012';
const OTHER_GUILD = '1200000000000000013';
const OWNERS = [OWNER];
const status = [{ name: 'status', type: 1, options: [] }];

let handle: PgliteHandle;
let other: { id: number; slug: string; name: string };

beforeAll(async () => {
  handle = await openPglite();
  other = {
    id: await addCommunity(handle.db, 'other', 'Other clan'),
    slug: 'other',
    name: 'Other clan',
  };
  await handle.db.insert(players).values(
    ['AAAA0001', 'AAAA0002', 'AAAA0003'].map((guid) => ({
      guid,
      name: guid,
      nameRaw: guid,
      bot: false,
      firstSeenAt: NOW,
      lastSeenAt: NOW,
    })),
  );
});
afterAll(() => handle.close());

const admin = (actor: Actor) => slashCommandInteraction('admin', status, actor);
const resolve = (interaction: Parameters<typeof communityForInteraction>[1]) =>
  communityForInteraction(handle.db, interaction, OWNERS, NOW, bindFirstGuild);

// The first test runs while no guild is bound anywhere, as a fresh self-hosted deployment starts.
describe('communityForInteraction in a guild', () => {
  it('binds nothing for a non-owner’s /admin or an owner’s other commands, even with no guild bound', async () => {
    expect(await boundGuildCount(handle.db)).toBe(0);
    expect(await resolve(admin({ userId: MEMBER, guildId: FIRST_GUILD }))).toBeNull();
    expect(
      await resolve(slashCommandInteraction('stats', [], { userId: OWNER, guildId: FIRST_GUILD })),
    ).toBeNull();
    expect(await boundGuildCount(handle.db)).toBe(0);
  });

  it('binds the guild of an owner’s first /admin to the default community while none is bound', async () => {
    expect(await resolve(admin({ userId: OWNER, guildId: FIRST_GUILD }))).toEqual(
      DEFAULT_COMMUNITY,
    );
    expect(await communityOfGuild(handle.db, FIRST_GUILD)).toEqual(DEFAULT_COMMUNITY);
    // Bound now: anyone's interaction there is in the default community.
    expect(await resolve(admin({ userId: MEMBER, guildId: FIRST_GUILD }))).toEqual(
      DEFAULT_COMMUNITY,
    );
  });

  it('does not bind a second guild once one is bound: that is an owner’s explicit act', async () => {
    expect(await resolve(admin({ userId: OWNER, guildId: SECOND_GUILD }))).toBeNull();
    expect(await communityOfGuild(handle.db, SECOND_GUILD)).toBeNull();
    expect(await boundGuildCount(handle.db)).toBe(1);
  });

  it('gives a bound guild its community, and an unbound one none', async () => {
    const bound = await bindGuild(handle.db, {
      guildId: OTHER_GUILD,
      slug: 'other',
      by: OWNER,
      at: NOW,
    });
    expect(bound.ok).toBe(true);
    expect(await resolve(admin({ userId: MEMBER, guildId: OTHER_GUILD }))).toEqual(other);
    expect(
      await resolve(slashCommandInteraction('stats', [], { userId: MEMBER, guildId: OTHER_GUILD })),
    ).toEqual(other);
    expect(
      await resolve(
        slashCommandInteraction('stats', [], { userId: MEMBER, guildId: SECOND_GUILD }),
      ),
    ).toBeNull();
  });
});

describe('communityForInteraction in a DM', () => {
  const dm = (userId: string) =>
    resolve(slashCommandInteraction('stats', [], { userId, guildId: null }));
  const link = (communityId: number, userId: string, guid: string) =>
    handle.db
      .insert(discordLinks)
      .values({ communityId, userId, guid, linkedAt: NOW, linkedBy: userId });

  it('is the community where the caller linked a player, when there is exactly one', async () => {
    const one = '1300000000000000201';
    const two = '1300000000000000202';
    const none = '1300000000000000203';
    await link(other.id, one, 'AAAA0001');
    await link(DEFAULT_COMMUNITY.id, two, 'AAAA0002');
    await link(other.id, two, 'AAAA0003');
    expect(await dm(one)).toEqual(other);
    expect(await dm(two)).toBeNull();
    expect(await dm(none)).toBeNull();
    // An owner is no exception: linked nowhere, a DM is in no community.
    expect(await resolve(admin({ userId: OWNER, guildId: null }))).toBeNull();
  });
});
