// What users type and call themselves cannot move a permission: a member whose roles map to a lower level is
// denied whatever options they pass, and a player name full of markdown and mentions changes nothing (it is
// escaped wherever an admin answer shows it, and no message can ping).
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { guildAccess } from '../../schema/admin.ts';
import { gameServers, guildSettings } from '../../schema/index.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { DEFAULT_COMMUNITY } from '../support/community.ts';
import { corpusFiles } from '../support/corpus.ts';
import { commands } from '../../worker/commands/index.ts';
import type { Database } from '../../worker/db/database.ts';
import { openPglite, type PgliteHandle } from '../../worker/db/pglite.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { meetsAccess, requiredAccess } from '../../worker/discord/access.ts';
import { escapeMarkdown } from '../../worker/discord/markdown.ts';
import {
  type Actor,
  componentInteraction,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import {
  auditRows,
  formsOf,
  GUILD,
  type Harness,
  startHarness,
  typedOptions,
  UNLIMITED,
} from './permissions-harness.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const OWNER = '1300000000000000100';
const ROLE = {
  trusted: '1500000000000000002',
  moderator: '1500000000000000003',
  admin: '1500000000000000004',
} as const;
const ADMINISTRATOR = String(1n << 3n);
const EVIL =
  '@everyone **boss** <@&1500000000000000004> <@1300000000000000100> </admin status:1> ||x|| [l](https://e.x) `c` # big';
const EVIL_GUID = 'BADC0DE1';
const MODERATOR: Actor = { userId: '1300000000000000103', roles: [ROLE.trusted, ROLE.moderator] };
const ADMIN: Actor = { userId: '1300000000000000104', roles: [ROLE.admin] };
/** Discord's Administrator permission, in a guild that gave Discord administrators MODERATOR only. */
const DEMOTED_ADMINISTRATOR: Actor = {
  userId: '1300000000000000105',
  permissions: ADMINISTRATOR,
  username: `<@&${ROLE.admin}>`,
};

let handle: PgliteHandle;
let harness: Harness;

beforeAll(async () => {
  handle = await openPglite();
  const db = handle.db;
  // The evil name plays one round on the community's server, as the first player of a corpus round.
  const [server] = await db
    .insert(gameServers)
    .values({ communityId: DEFAULT_COMMUNITY.id, name: 'corpus' })
    .returning();
  const [source] = corpusFiles();
  const [header, ...lines] = new TextDecoder().decode(source!.bytes).split('\n');
  const first = lines.findIndex((line) => line.includes('\\'));
  lines[first] = (lines[first] as string).replace(/^[^\\]*\\[^\\]*\\/, `${EVIL_GUID}\\${EVIL}\\`);
  await importStatsFile(
    db,
    {
      serverId: server!.id,
      fileName: source!.name,
      bytes: new TextEncoder().encode([header, ...lines].join('\n')),
      receivedAt: NOW,
    },
    { sessionGapMinutes: 60 },
  );
  await db.insert(guildSettings).values({
    guildId: GUILD,
    roleLevels: { [ROLE.trusted]: 'trusted', [ROLE.moderator]: 'moderator', [ROLE.admin]: 'admin' },
    updatedAt: NOW,
    updatedBy: OWNER,
  });
  await db
    .insert(guildAccess)
    .values({ guildId: GUILD, administratorsLevel: 'moderator', updatedAt: NOW, updatedBy: OWNER });
  harness = await startHarness(db, {
    owners: [OWNER],
    limits: UNLIMITED,
    now: NOW,
    guilds: [GUILD],
  });
});
afterAll(async () => {
  await harness?.close();
  await handle?.close();
});
beforeEach(async () => {
  await handle.db.execute(sql`delete from audit_log`);
  harness.ran.length = 0;
  harness.fake.reset();
});

/** Everything a privileged act could change, as one digest. */
async function fingerprint(db: Database): Promise<string> {
  const tables = [
    'guild_settings',
    'guild_access',
    'game_servers',
    'server_keys',
    'player_merges',
    'discord_links',
    'stats_files',
    'team_overrides',
    'players',
    'player_aliases',
  ];
  const hash = createHash('sha256');
  for (const table of tables)
    hash.update(
      JSON.stringify(await rowsOf(db, sql`select * from ${sql.raw(table)} order by 1, 2`)),
    );
  return hash.digest('hex');
}

const snowflake = fc.bigInt({ min: 10n ** 17n, max: 10n ** 19n - 1n }).map(String);
const anyValue = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.constantFrom(EVIL, EVIL_GUID, OWNER, ROLE.admin, 'owner', 'admin', ''),
  fc.integer(),
  fc.boolean(),
  snowflake,
);

describe('a member whose roles map to a lower level', () => {
  const admin = commands.find((c) => c.definition.name === 'admin');
  if (!admin) throw new Error('/admin is not registered');
  const aboveModerator = formsOf([admin]).filter(
    (form) =>
      !meetsAccess(
        'moderator',
        requiredAccess(admin.access, {
          kind: 'command',
          subcommand: form.subcommand,
          customId: null,
        }),
      ),
  );

  it('covers the admin-only forms (servers add, rebuild, roles, merges…)', () => {
    expect(aboveModerator.map((f) => f.subcommand.join(' '))).toEqual(
      expect.arrayContaining([
        'servers add',
        'servers revoke',
        'quarantine retry',
        'quarantine discard',
        'rebuild',
        'merge-players',
        'unmerge-players',
        'roles',
        'channel',
        'audit',
      ]),
    );
  });

  for (const [who, actor] of [
    ['a moderator (also trusted)', MODERATOR],
    ['a Discord administrator the guild demoted to moderator', DEMOTED_ADMINISTRATOR],
  ] as const) {
    it(`is denied whatever options they pass: ${who}`, async () => {
      const before = await fingerprint(handle.db);
      let attempts = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...aboveModerator),
          fc.dictionary(
            fc.constantFrom(
              'name',
              'public_key',
              'file',
              'keep',
              'merge',
              'merged',
              'role',
              'level',
              'administrators',
              'channel',
              'off',
              'user',
              'command',
              'player',
              'team',
              'session',
            ),
            anyValue,
            { maxKeys: 6 },
          ),
          async (form, picked) => {
            const declared = Object.fromEntries(
              form.options.map((o) => [o.name, picked[o.name] ?? EVIL]),
            );
            const response = (await harness.post(
              slashCommandInteraction(
                'admin',
                typedOptions(form, { ...picked, ...declared }),
                actor,
              ),
            )) as { data: { content: string; flags: number } };
            attempts++;
            expect(response.data.content).toContain('is for ');
            expect(response.data.flags).toBe(64);
          },
        ),
        { numRuns: 40, seed: 7 },
      );
      for (const button of [
        'rebuild:go:1300000000000000100:0',
        'rebuild:go:1300000000000000105:0',
        'audit:0::',
      ]) {
        const response = (await harness.post(componentInteraction(`admin:${button}`, actor))) as {
          data: { content: string };
        };
        expect(response.data.content).toContain('This button is for');
        attempts++;
      }
      await harness.settled();
      expect(harness.ran).toEqual([]);
      expect(await fingerprint(handle.db)).toBe(before);
      const rows = await auditRows(handle.db);
      expect(rows).toHaveLength(attempts);
      expect(
        rows.every(
          (r) =>
            r.outcome === 'denied' &&
            r.userId === actor.userId &&
            /^needs (admin|owner), has moderator$/.test(r.detail ?? ''),
        ),
      ).toBe(true);
    }, 60_000);
  }
});

describe('a player name full of markdown and mentions', () => {
  const contentOf = (response: unknown) => {
    const data = (
      response as {
        data: {
          content?: string;
          embeds?: { description?: string; fields?: { value: string }[] }[];
          allowed_mentions: unknown;
        };
      }
    ).data;
    expect(data.allowed_mentions).toEqual({ parse: [] });
    return [
      data.content ?? '',
      ...(data.embeds ?? []).flatMap((e) => [
        e.description ?? '',
        ...(e.fields ?? []).map((f) => f.value),
      ]),
    ].join('\n');
  };
  const escaped = escapeMarkdown(EVIL);

  it('is shown escaped, never formatted or pinging, when a moderator links it', async () => {
    const text = contentOf(
      await harness.post(
        slashCommandInteraction(
          'admin',
          typedOptions(
            { subcommand: ['link'], options: [{ type: 6, name: 'user', description: 'u' }] },
            { user: '1300000000000000301', player: EVIL_GUID },
          ),
          MODERATOR,
        ),
      ),
    );
    expect(text).toBe(`<@1300000000000000301> is now linked to **${escaped}** (\`${EVIL_GUID}\`).`);
    expect(text).not.toContain('@everyone');
    expect(text).not.toContain('**boss**');
  });

  it('is escaped in the audit log’s listing too, typed as an option', async () => {
    await harness.post(
      slashCommandInteraction(
        'admin',
        typedOptions(
          { subcommand: ['link'], options: [] },
          { user: '1300000000000000302', player: EVIL },
        ),
        { userId: '1300000000000000999' },
      ),
    );
    await harness.settled();
    const [denied] = await auditRows(handle.db);
    expect(denied).toMatchObject({ outcome: 'denied', options: { player: EVIL } });
    const text = contentOf(
      await harness.post(
        slashCommandInteraction(
          'admin',
          typedOptions({ subcommand: ['audit'], options: [] }, {}),
          ADMIN,
        ),
      ),
    );
    expect(text).toContain(`player: ${escapeMarkdown(EVIL.slice(0, 59))}…`);
    expect(text).not.toContain('@everyone');
    expect(text).not.toContain('<@&1500000000000000004>');
  });

  it('grants nothing: a public member named like the admin role, linked to a player named like the owner, is still denied', async () => {
    await handle.db.execute(sql`delete from discord_links`);
    await handle.db.execute(
      sql`insert into discord_links (community_id, user_id, guid, linked_at, linked_by) values (1, '1300000000000000400', ${EVIL_GUID}, now(), 'test')`,
    );
    const response = await harness.post(
      slashCommandInteraction('admin', typedOptions({ subcommand: ['status'], options: [] }, {}), {
        userId: '1300000000000000400',
        username: `<@${OWNER}>`,
        roles: [],
      }),
    );
    expect(contentOf(response)).toBe(
      '/admin status is for moderators only (your level is trusted). If you should have access, ask an admin to map your role with /admin roles.',
    );
    expect(harness.ran).toEqual([]);
  });

  it('keeps the mention guard on deferred answers edited in later', async () => {
    await harness.post(
      slashCommandInteraction(
        'admin',
        typedOptions(
          { subcommand: ['channel'], options: [{ type: 7, name: 'channel', description: 'c' }] },
          { channel: '1400000000000000555' },
        ),
        ADMIN,
      ),
    );
    await harness.settled();
    const edits = harness.fake.recorded.filter(
      (r) => r.kind === 'editOriginal' || r.kind === 'channelMessage',
    );
    expect(edits.length).toBe(2);
    for (const edit of edits)
      expect((edit.payload as { allowed_mentions: unknown }).allowed_mentions).toEqual({
        parse: [],
      });
  });
});
