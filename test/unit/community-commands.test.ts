// Communities as Discord users meet them, through the signed interactions endpoint with the permission
// hooks: a guild bound to no community runs nothing but /help and an owner's `/admin community`; once an
// owner binds it, its commands answer over that community's data. Binding and creating are for owners.
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Actor,
  autocompleteInteraction,
  commandOptions,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { UNBOUND_NOTE } from '../../worker/permissions/community.ts';
import { communityOfGuild } from '../../worker/queries/communities.ts';
import { DEFAULT_COMMUNITY } from '../support/community.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../support/corpus-database.ts';
import {
  GUILD,
  type Harness,
  startHarness,
  typedOptions,
  UNLIMITED,
} from './permissions-harness.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const OWNER = '1300000000000000100';
const UNBOUND = '1200000000000000077';
const MEMBER: Actor = { userId: '1300000000000000101', guildId: UNBOUND };
/** Discord's Administrator permission (1 << 3): ADMIN in a bound guild by default. */
const ADMINISTRATOR = String(1n << 3n);
const ADMIN: Actor = { userId: '1300000000000000104', permissions: ADMINISTRATOR };
const PLAYER = 'EF8ACD12';

let corpus: CorpusDatabase;
let harness: Harness;

beforeAll(async () => {
  corpus = await openCorpusDatabase();
  // GUILD is bound already, so an owner's first /admin in UNBOUND binds nothing by itself.
  harness = await startHarness(corpus.db, {
    owners: [OWNER],
    limits: UNLIMITED,
    now: NOW,
    guilds: [GUILD],
  });
}, 120_000);
afterAll(async () => {
  await harness?.close();
  await corpus?.close();
});
beforeEach(() => {
  harness.ran.length = 0;
});

const admin = (path: readonly string[], values: Record<string, string>, actor: Actor) =>
  slashCommandInteraction('admin', typedOptions({ subcommand: path, options: [] }, values), actor);
const stats = (actor: Actor) =>
  slashCommandInteraction('stats', commandOptions({ player: PLAYER }), actor);
const contentOf = (response: Awaited<ReturnType<Harness['post']>>) =>
  'data' in response ? ((response.data as { content?: string }).content ?? '') : '';
const count = async (table: string) =>
  (await rowsOf<{ n: number }>(corpus.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]
    ?.n;

describe('a guild bound to no community', () => {
  it('tells a member it is not set up, for commands and autocomplete alike, running nothing', async () => {
    const answer = await harness.post(stats(MEMBER));
    expect(answer).toEqual({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: expect.objectContaining({ content: UNBOUND_NOTE, flags: MessageFlags.Ephemeral }),
    });
    const typing = await harness.post(
      autocompleteInteraction(
        'stats',
        commandOptions({ player: 'iam' }, { focused: 'player' }),
        MEMBER,
      ),
    );
    expect(typing).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [] },
    });
    expect(harness.ran).toEqual([]);
  });

  it('answers /help all the same', async () => {
    const answer = await harness.post(slashCommandInteraction('help', [], MEMBER));
    expect(harness.ran).toEqual(['help run']);
    expect(JSON.stringify(answer)).not.toContain(UNBOUND_NOTE);
  });

  it('denies a Discord administrator of the guild /admin servers add, and writes nothing', async () => {
    const before = await Promise.all(
      ['game_servers', 'server_keys', 'community_guilds'].map(count),
    );
    const answer = await harness.post(
      admin(['servers', 'add'], { name: 'sneaky' }, { ...ADMIN, guildId: UNBOUND }),
    );
    await harness.settled();
    expect(contentOf(answer)).toBe(UNBOUND_NOTE);
    expect(harness.ran).toEqual([]);
    expect(
      await Promise.all(['game_servers', 'server_keys', 'community_guilds'].map(count)),
    ).toEqual(before);
    expect(await communityOfGuild(corpus.db, UNBOUND)).toBeNull();
  });

  it('runs once an owner binds it: /admin community bind, then /stats answers there', async () => {
    const bound = await harness.post(
      admin(['community', 'bind'], { slug: 'default' }, { userId: OWNER, guildId: UNBOUND }),
    );
    expect(harness.ran).toEqual(['admin run']);
    expect(contentOf(bound)).toBe(
      `This server now belongs to **${DEFAULT_COMMUNITY.name}** (\`${DEFAULT_COMMUNITY.slug}\`).`,
    );
    expect(await communityOfGuild(corpus.db, UNBOUND)).toEqual(DEFAULT_COMMUNITY);
    harness.ran.length = 0;
    const answer = await harness.post(stats(MEMBER));
    expect(harness.ran).toEqual(['stats run']);
    expect(JSON.stringify(answer)).toContain(PLAYER);
    expect(JSON.stringify(answer)).not.toContain(UNBOUND_NOTE);
  });
});

describe('/admin community', () => {
  it('shows an admin the community of their guild', async () => {
    const answer = await harness.post(admin(['community', 'show'], {}, ADMIN));
    expect(harness.ran).toEqual(['admin run']);
    const text = contentOf(answer);
    expect(text).toContain(`\`${DEFAULT_COMMUNITY.slug}\``);
    expect(text).toContain(GUILD);
    expect(text).toContain('corpus');
  });

  it('keeps create and list for the bot owners: an admin is denied and nothing is created', async () => {
    const before = await count('communities');
    for (const [path, values] of [
      [['community', 'create'], { slug: 'rivals', name: 'Rivals' }],
      [['community', 'list'], {}],
    ] as const) {
      const answer = await harness.post(admin(path, values, ADMIN));
      expect(contentOf(answer)).toMatch(
        new RegExp(
          `^/admin ${path.join(' ')} is for the bot owners only \\(your level is admin\\)`,
        ),
      );
    }
    expect(harness.ran).toEqual([]);
    expect(await count('communities')).toBe(before);
    const created = await harness.post(
      admin(['community', 'create'], { slug: 'rivals', name: 'Rivals' }, { userId: OWNER }),
    );
    expect(contentOf(created)).toMatch(/^Created \*\*Rivals\*\* \(`rivals`\)/);
    const listed = contentOf(
      await harness.post(admin(['community', 'list'], {}, { userId: OWNER })),
    );
    expect(listed).toContain('`rivals`');
    expect(listed).toContain(`\`${DEFAULT_COMMUNITY.slug}\``);
  });
});
