// The permission matrix: every registered command (read from the registry, so commands added later are
// covered), in every form (subcommand, autocomplete, button), run by a member at every access level,
// through the signed interactions endpoint with the permission hooks. Each run must be allowed exactly when
// the level meets what the command requires, a denied handler must never run, and the audit log must hold
// one row for each denied attempt and each privileged act, with who, where, what, options, outcome, time.
import { isDeepStrictEqual } from 'node:util';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { discordLinks, guildSettings } from '../../schema/index.ts';
import { commands } from '../../worker/commands/index.ts';
import {
  ACCESS_LEVELS,
  type AccessLevel,
  type AccessRequest,
  meetsAccess,
  requiredAccess,
} from '../../worker/discord/access.ts';
import { auditOptions } from '../../worker/permissions/audit.ts';
import { recomputeAll } from '../../worker/recompute/index.ts';
import { openCorpusDatabase, type CorpusDatabase } from '../support/corpus-database.ts';
import { DEFAULT_COMMUNITY } from '../support/community.ts';
import {
  type Actor,
  autocompleteInteraction,
  componentInteraction,
  generateDiscordKeys,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { nodeApp, testConfig } from '../support/node-app.ts';
import {
  auditRows,
  formsOf,
  GUILD,
  type Harness,
  sampleValues,
  startHarness,
  typedOptions,
  UNLIMITED,
} from './permissions-harness.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const SERVER_COMMAND_STEPS = new Set(['queued', 'refused', 'expired', 'done']);
const OWNER = '1300000000000000100';
const ROLE = { moderator: '1500000000000000003', admin: '1500000000000000004' } as const;
const LINKED_GUID = '0925E474';
const ACTORS: Record<AccessLevel, Actor> = {
  public: { userId: '1300000000000000101' },
  trusted: { userId: '1300000000000000102' },
  moderator: { userId: '1300000000000000103', roles: [ROLE.moderator] },
  admin: { userId: '1300000000000000104', roles: [ROLE.admin] },
  owner: { userId: OWNER },
};
const SAMPLE_IDS = {
  user: '1300000000000000199',
  role: '1500000000000000099',
  channel: '1400000000000000099',
};

interface Case {
  readonly label: string;
  readonly kind: AccessRequest['kind'];
  readonly name: string;
  readonly subcommand: readonly string[];
  readonly customId: string | null;
  readonly values: Record<string, string | number | boolean>;
  readonly build: (actor: Actor) => Parameters<Harness['post']>[0];
  readonly required: AccessLevel;
}

/** Every form of every registered command: its slash command, its autocomplete and its buttons. */
function cases(): Case[] {
  const list: Case[] = [];
  for (const form of formsOf(commands)) {
    const { command, subcommand } = form;
    const name = command.definition.name;
    const path = [name, ...subcommand].join(' ');
    const values = sampleValues(form.options, SAMPLE_IDS);
    const required = (kind: AccessRequest['kind'], customId: string | null = null) =>
      requiredAccess(command.access, { kind, subcommand, customId });
    list.push({
      label: `/${path}`,
      kind: 'command',
      name,
      subcommand,
      customId: null,
      values,
      build: (a) => slashCommandInteraction(name, typedOptions(form, values), a),
      required: required('command'),
    });
    const focused = form.options.find((o) => 'autocomplete' in o && o.autocomplete);
    if (command.autocomplete && focused) {
      const typed = { ...values, [focused.name]: 'a' };
      list.push({
        label: `/${path} [autocomplete ${focused.name}]`,
        kind: 'autocomplete',
        name,
        subcommand,
        customId: null,
        values: typed,
        build: (a) => autocompleteInteraction(name, typedOptions(form, typed, focused.name), a),
        required: required('autocomplete'),
      });
    }
  }
  for (const command of commands) {
    if (!command.component) continue;
    const name = command.definition.name;
    // A stale or foreign button for the command itself and, for /admin, one per subcommand that has buttons.
    const rests = ['x', ...(command.definition.options ?? []).map((o) => `${o.name}:x`)];
    for (const rest of new Set(rests)) {
      list.push({
        label: `${name}:${rest} [button]`,
        kind: 'component',
        name,
        subcommand: [],
        customId: rest,
        values: {},
        build: (a) => componentInteraction(`${name}:${rest}`, a),
        required: required(command.access, rest),
      });
    }
  }
  return list;
}

function required(rule: (typeof commands)[number]['access'], customId: string): AccessLevel {
  return requiredAccess(rule, { kind: 'component', subcommand: [], customId });
}

function auditPath(c: Case): string {
  const base = [c.name, ...c.subcommand].join(' ');
  if (c.kind === 'autocomplete') return `${base} [autocomplete]`;
  if (c.kind === 'component') return `${base} [button ${(c.customId ?? '').split(':')[0]}]`;
  return base;
}

let corpus: CorpusDatabase;
let harness: Harness;

beforeAll(async () => {
  corpus = await openCorpusDatabase();
  await recomputeAll(corpus.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
  await corpus.db.insert(guildSettings).values({
    guildId: GUILD,
    roleLevels: { [ROLE.moderator]: 'moderator', [ROLE.admin]: 'admin' },
    updatedAt: NOW,
    updatedBy: OWNER,
  });
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

/** Puts back what a run may have changed that the levels depend on: the trusted user's link and the role map. */
async function resetState() {
  await corpus.db.execute(sql`delete from audit_log`);
  await corpus.db
    .insert(discordLinks)
    .values({
      communityId: 1,
      userId: ACTORS.trusted.userId as string,
      guid: LINKED_GUID,
      linkedAt: NOW,
      linkedBy: 'test',
    })
    .onConflictDoNothing();
  await corpus.db
    .update(guildSettings)
    .set({ roleLevels: { [ROLE.moderator]: 'moderator', [ROLE.admin]: 'admin' } })
    .where(sql`${guildSettings.guildId} = ${GUILD}`);
  harness.ran.length = 0;
}

/** What went wrong for one case at one level, or nothing. */
async function check(c: Case, level: AccessLevel): Promise<string[]> {
  await resetState();
  const actor = ACTORS[level];
  const response = await harness.post(c.build(actor));
  await harness.settled();
  // A server command's own steps (queued, refused by the Worker…) are rows beside the act's row.
  const rows = (await auditRows(corpus.db)).filter((r) => !SERVER_COMMAND_STEPS.has(r.outcome));
  const problems: string[] = [];
  const at = `${c.label} as ${level}`;
  const allowed = meetsAccess(level, c.required);
  const ran = harness.ran.length > 0;
  if (allowed !== ran)
    problems.push(`${at}: handler ${ran ? 'ran' : 'did not run'} (requires ${c.required})`);
  if (!allowed) {
    if (c.kind === 'autocomplete') {
      if (
        JSON.stringify(response) !==
        JSON.stringify({
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices: [] },
        })
      )
        problems.push(`${at}: denied autocomplete offered choices`);
    } else {
      const data =
        'data' in response
          ? (response.data as { flags?: number; content?: string; allowed_mentions?: unknown })
          : undefined;
      if (
        response.type !== InteractionResponseType.ChannelMessageWithSource ||
        data?.flags !== MessageFlags.Ephemeral ||
        !data.content?.includes('only')
      ) {
        problems.push(
          `${at}: denial is not a short ephemeral message: ${JSON.stringify(response).slice(0, 200)}`,
        );
      }
    }
  }
  const privileged = meetsAccess(c.required, 'moderator') && c.kind !== 'autocomplete';
  const expectedRows = !allowed || privileged ? 1 : 0;
  if (rows.length !== expectedRows)
    problems.push(
      `${at}: ${rows.length} audit rows, expected ${expectedRows}: ${JSON.stringify(rows).slice(0, 300)}`,
    );
  const [row] = rows;
  if (row && expectedRows === 1) {
    const options = c.kind === 'component' ? { custom_id: c.customId } : auditOptions(c.values);
    const expected = {
      communityId: DEFAULT_COMMUNITY.id,
      userId: actor.userId,
      guildId: GUILD,
      command: auditPath(c),
      options,
      at: NOW,
      outcome: allowed ? row.outcome : 'denied',
      detail: allowed ? row.detail : `needs ${c.required}, has ${level}`,
      attempts: 1,
      lastAt: null,
    };
    const { id: _, ...actual } = row;
    if (!isDeepStrictEqual(actual, expected))
      problems.push(`${at}: audit row ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
    if (allowed && row.outcome !== 'answered')
      problems.push(`${at}: privileged act ended ${row.outcome} (${row.detail})`);
  }
  return problems;
}

describe('permission matrix: every command, every form, every level', () => {
  const all = cases();

  it('covers every registered command, /admin’s subcommands and its buttons', () => {
    const names = new Set(all.map((c) => c.name));
    for (const command of commands)
      expect(names.has(command.definition.name), command.definition.name).toBe(true);
    const admin = all
      .filter((c) => c.name === 'admin' && c.kind === 'command')
      .map((c) => c.subcommand.join(' '));
    expect(admin).toEqual(
      expect.arrayContaining([
        'status',
        'servers add',
        'servers list',
        'servers revoke',
        'quarantine list',
        'quarantine show',
        'quarantine retry',
        'quarantine discard',
        'rebuild',
        'link',
        'unlink',
        'merge-players',
        'unmerge-players',
        'roles',
        'channel',
        'teams player',
        'teams name',
        'audit',
      ]),
    );
    expect(all.find((c) => c.label === '/admin rebuild')?.required).toBe('owner');
    expect(all.find((c) => c.label === 'admin:rebuild:x [button]')?.required).toBe('owner');
    expect(
      all
        .filter((c) => c.name === 'admin')
        .every((c) => c.required !== 'public' && c.required !== 'trusted'),
    ).toBe(true);
  });

  for (const level of ACCESS_LEVELS) {
    it(`allows exactly what ${level} may do, and audits every denial and every privileged act`, async () => {
      const problems: string[] = [];
      for (const c of all) problems.push(...(await check(c, level)));
      expect(problems).toEqual([]);
    }, 180_000);
  }

  it('gives guild roles no weight in a DM: there only owners and linked players have a level', async () => {
    await resetState();
    // A DM is answered in the community where the caller linked a player: both are linked in ours.
    const dmLinks = [
      { userId: ACTORS.admin.userId as string, guid: 'EF8ACD12' },
      { userId: OWNER, guid: '9DC8DB48' },
    ];
    await corpus.db
      .insert(discordLinks)
      .values(dmLinks.map((l) => ({ communityId: 1, ...l, linkedAt: NOW, linkedBy: 'test' })));
    const status = typedOptions({ subcommand: ['status'], options: [] }, {});
    const asAdminInDm = await harness.post(
      slashCommandInteraction('admin', status, { ...ACTORS.admin, guildId: null }),
    );
    expect(asAdminInDm).toMatchObject({
      data: {
        content: expect.stringContaining('is for moderators only'),
        flags: MessageFlags.Ephemeral,
      },
    });
    const asOwnerInDm = await harness.post(
      slashCommandInteraction('admin', status, { ...ACTORS.owner, guildId: null }),
    );
    expect(asOwnerInDm).toMatchObject({ data: { embeds: [{ title: 'etstats status' }] } });
    await harness.settled();
    expect(
      (await auditRows(corpus.db)).map((r) => [r.userId, r.guildId, r.command, r.outcome]),
    ).toEqual([
      [ACTORS.admin.userId, null, 'admin status', 'denied'],
      [OWNER, null, 'admin status', 'answered'],
    ]);
    await corpus.db.execute(
      sql`delete from discord_links where user_id in (${ACTORS.admin.userId}, ${OWNER})`,
    );
  });

  it('is wired into the app itself: createApp checks and audits /admin', async () => {
    await resetState();
    const keys = await generateDiscordKeys();
    const config = testConfig({
      ownerUserIds: [OWNER],
      discord: { ...testConfig().discord, publicKey: keys.publicKeyHex },
    });
    const { app, settled } = nodeApp(corpus.db, { config, now: () => NOW });
    const send = async (actor: Actor) => {
      const init = await signedInteractionInit(
        keys.privateKey,
        slashCommandInteraction(
          'admin',
          typedOptions({ subcommand: ['status'], options: [] }, {}),
          actor,
        ),
        {
          timestamp: Math.floor(NOW.getTime() / 1000),
        },
      );
      return (await (await app.request('/interactions', init)).json()) as {
        data: { content?: string; embeds?: unknown[] };
      };
    };
    expect((await send(ACTORS.public)).data.content).toMatch(
      /^\/admin status is for moderators only/,
    );
    expect((await send(ACTORS.owner)).data.embeds).toHaveLength(1);
    await settled();
    expect((await auditRows(corpus.db)).map((r) => r.outcome)).toEqual(['denied', 'answered']);
  });
});
