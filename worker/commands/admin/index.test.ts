import { READER_VERSION } from '../../../stats/read.ts';
import type { APIApplicationCommandOption, APIInteractionResponse } from 'discord-api-types/v10';
import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../../stats/seasons.ts';
import { openCorpusDatabase, type CorpusDatabase } from '../../../test/support/corpus-database.ts';
import {
  componentInteraction,
  slashCommandInteraction,
} from '../../../scripts/dev/discord-keys.ts';
import {
  auditRows,
  GUILD,
  type Harness,
  startHarness,
  typedOptions,
  UNLIMITED,
} from '../../../test/unit/permissions-harness.ts';
import { rowsOf } from '../../db/rows.ts';
import type { AccessRequest } from '../../discord/access.ts';
import { generateKeyPair } from '../../../ingest-protocol/keys.ts';
import { recomputeAll } from '../../recompute/index.ts';
import { admin, adminAccess } from './index.ts';
import { sessionReport } from '../../queries/session-report.ts';
import { sessionMessage } from '../session/session-views.ts';
import { SESSIONS_PAGE_SIZE, sessionsMessage } from '../session/sessions.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const OWNER = '1300000000000000100';
const OTHER_OWNER = '1300000000000000101';
const ROLE = '1500000000000000007';

let corpus: CorpusDatabase;
let harness: Harness;

beforeAll(async () => {
  corpus = await openCorpusDatabase();
  await recomputeAll(corpus.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
  harness = await startHarness(corpus.db, {
    owners: [OWNER, OTHER_OWNER],
    limits: UNLIMITED,
    now: NOW,
  });
}, 120_000);
afterAll(async () => {
  await harness?.close();
  await corpus?.close();
});
beforeEach(() => {
  harness.fake.reset();
  harness.setNow(NOW);
});

type Body = {
  type: number;
  data: {
    content?: string;
    embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
    components?: { components: { custom_id: string }[] }[];
  };
};

/** `/admin <path> options…` as the owner (levels are the matrix's business; here, what each subcommand does). */
async function run(
  path: string,
  values: Record<string, string | number | boolean> = {},
  declared: APIApplicationCommandOption[] = [],
  userId = OWNER,
): Promise<Body> {
  const response = await harness.post(
    slashCommandInteraction(
      'admin',
      typedOptions({ subcommand: path.split(' '), options: declared }, values),
      { userId },
    ),
  );
  await harness.settled();
  return response as unknown as Body;
}
const text = (body: Body) =>
  [
    body.data.content ?? '',
    ...(body.data.embeds ?? []).flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`),
    ]),
  ].join('\n');
const lastEdit = () =>
  harness.fake.recorded.filter((r) => r.kind === 'editOriginal').at(-1)?.payload as
    | { content?: string }
    | undefined;
const role = (name: string): APIApplicationCommandOption => ({
  type: ApplicationCommandOptionType.Role,
  name,
  description: 'r',
});
const channel: APIApplicationCommandOption = {
  type: ApplicationCommandOptionType.Channel,
  name: 'channel',
  description: 'c',
};

describe('/admin definition and levels', () => {
  it('is hidden by Discord from members without Manage Server', () => {
    expect(admin.definition.default_member_permissions).toBe(
      String(PermissionFlagsBits.ManageGuild),
    );
  });

  it('needs these levels, and OWNER for anything it does not know', () => {
    const level = (
      kind: AccessRequest['kind'],
      subcommand: string[],
      customId: string | null = null,
    ) => adminAccess({ kind, subcommand, customId });
    const table = Object.fromEntries(
      [
        'status',
        'servers add',
        'servers time-zone',
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
        'teams',
        'audit',
        'servers',
        'nonsense',
        'servers nonsense',
      ].map((p) => [p, level('command', p.split(' '))]),
    );
    expect(table).toEqual({
      status: 'moderator',
      'servers add': 'admin',
      'servers time-zone': 'admin',
      'servers list': 'moderator',
      'servers revoke': 'admin',
      'quarantine list': 'moderator',
      'quarantine show': 'moderator',
      'quarantine retry': 'admin',
      'quarantine discard': 'admin',
      rebuild: 'owner',
      link: 'moderator',
      unlink: 'moderator',
      'merge-players': 'admin',
      'unmerge-players': 'admin',
      roles: 'admin',
      channel: 'admin',
      'teams player': 'moderator',
      'teams name': 'moderator',
      teams: 'owner',
      audit: 'admin',
      servers: 'owner',
      nonsense: 'owner',
      'servers nonsense': 'owner',
    });
    expect(level('autocomplete', ['merge-players'])).toBe('admin');
    expect(level('component', [], 'rebuild:go:1:2')).toBe('owner');
    expect(level('component', [], 'audit:9::')).toBe('admin');
    expect(level('component', [], 'quarantine:x')).toBe('admin');
    expect(level('component', [], 'gone:x')).toBe('owner');
  });
});

describe('/admin roles and /admin channel', () => {
  it('maps a role to a level, lists the mapping, and removes it', async () => {
    const set = await run('roles', { role: ROLE, level: 'moderator' }, [role('role')]);
    expect(text(set)).toContain(`<@&${ROLE}> → **moderator**.`);
    expect(text(set)).toContain('Discord administrators → admin (default)');
    expect(
      await rowsOf(
        corpus.db,
        sql`select role_levels from guild_settings where guild_id = ${GUILD}`,
      ),
    ).toEqual([{ role_levels: { [ROLE]: 'moderator' } }]);
    const gone = await run('roles', { role: ROLE, level: 'none' }, [role('role')]);
    expect(text(gone)).toContain(`<@&${ROLE}> no longer maps to a level.`);
    expect(
      await rowsOf(
        corpus.db,
        sql`select role_levels from guild_settings where guild_id = ${GUILD}`,
      ),
    ).toEqual([{ role_levels: {} }]);
  });

  it('gives @everyone trusted at most, and sets the level of Discord administrators', async () => {
    expect(text(await run('roles', { role: GUILD, level: 'admin' }, [role('role')]))).toBe(
      'Not changed: @everyone can be given trusted at most: map a staff role instead.',
    );
    expect(text(await run('roles', { role: GUILD, level: 'trusted' }, [role('role')]))).toContain(
      '@\u200beveryone → **trusted**.',
    );
    const demoted = await run('roles', { administrators: 'moderator' });
    expect(text(demoted)).toContain('Discord administrators → moderator');
    expect(text(await run('roles', { role: ROLE }, [role('role')]))).toBe(
      'Give both a `role` and a `level` (none removes the mapping).',
    );
  });

  it('sets the announcement channel after a test post there, shows it, and turns it off', async () => {
    const deferred = await run('channel', { channel: '1400000000000000777' }, [channel]);
    expect(deferred.type).toBe(5);
    expect(harness.fake.recorded.find((r) => r.kind === 'channelMessage')?.channelId).toBe(
      '1400000000000000777',
    );
    expect(lastEdit()?.content).toBe(
      'Round summaries and achievements now go to <#1400000000000000777>.',
    );
    expect(text(await run('channel'))).toBe(
      'Round summaries and achievements go to <#1400000000000000777>.\n' +
        'Quarantined uploads are told in <#1400000000000000777> (the summaries channel; /admin channel admin:#name sets another).',
    );
    expect(text(await run('channel', { off: true }))).toBe(
      'Round summaries and achievements are no longer posted in this server.',
    );
    expect(
      await rowsOf(
        corpus.db,
        sql`select announce_channel_id from guild_settings where guild_id = ${GUILD}`,
      ),
    ).toEqual([{ announce_channel_id: null }]);
  });

  it('sets an admin channel for quarantine notices after a test post there, and unsets it', async () => {
    const adminChannel = { ...channel, name: 'admin' };
    await run('channel', { admin: '1400000000000000779' }, [adminChannel]);
    expect(harness.fake.recorded.find((r) => r.kind === 'channelMessage')?.channelId).toBe(
      '1400000000000000779',
    );
    expect(lastEdit()?.content).toBe(
      'Quarantined uploads are now told in <#1400000000000000779>, with the commands that act on them.',
    );
    expect(text(await run('channel'))).toContain(
      'Quarantined uploads are told in <#1400000000000000779>.',
    );
    expect(text(await run('channel', { admin_off: true }))).toBe(
      'Quarantined uploads are told in the summaries channel again.',
    );
    expect(
      await rowsOf(
        corpus.db,
        sql`select admin_channel_id from guild_settings where guild_id = ${GUILD}`,
      ),
    ).toEqual([{ admin_channel_id: null }]);
  });

  it('says so when the bot cannot post in the channel, and keeps the setting', async () => {
    harness.fake.inject({ status: 403 }, { kind: 'channelMessage' });
    await run('channel', { channel: '1400000000000000778' }, [channel]);
    expect(lastEdit()?.content).toMatch(
      /^Round summaries and achievements now go to <#1400000000000000778>\.\nBut a test post failed \(.+\): give the bot/,
    );
  });
});

describe('/admin servers (the same registry as `npm run server`)', () => {
  it('adds a server with its key, lists it, and revokes its keys', async () => {
    const { publicKey } = await generateKeyPair();
    expect(
      text(
        await run('servers add', {
          name: 'eu-1',
          public_key: publicKey,
          time_zone: 'Europe/Ljubljana',
        }),
      ),
    ).toBe('Registered **eu\\-1** (clock in Europe/Ljubljana). Its agent can push files now.');
    expect(text(await run('servers add', { name: 'eu-2', public_key: publicKey }))).toMatch(
      /^Not added: this public key is already registered/,
    );
    expect(text(await run('servers list'))).toContain(`**eu\\-1** · Europe/Ljubljana · since`);
    expect(text(await run('servers revoke', { name: 'eu-1' }))).toMatch(
      /^Revoked 1 key of \*\*eu\\-1\*\*: `.{12}…`\. Uploads signed with them are refused from now on\.$/,
    );
    expect(text(await run('servers revoke'))).toBe(
      'Say which server (`name`) or which key (`public_key`) to revoke.',
    );
  });
});

describe('/admin servers time-zone', () => {
  const firstEnd = async () =>
    (
      await rowsOf<{ ended_at: string }>(
        corpus.db,
        sql`select to_json(min(ended_at))#>>'{}' as ended_at from rounds`,
      )
    )[0]?.ended_at;

  it('re-times a server’s rounds in its new zone, audited; the same zone again changes nothing', async () => {
    await corpus.db.execute(sql`delete from audit_log`);
    expect(await firstEnd()).toBe('2025-09-04T20:27:28+00:00');
    const deferred = await run('servers time-zone', { server: 'corpus', zone: 'Europe/Berlin' });
    expect(deferred.type).toBe(5);
    expect(lastEdit()?.content).toBe(
      '**corpus** keeps its clock in Europe/Berlin now (was UTC): 181 of 181 rounds re-timed; pairs, sessions and leaderboards re-derived.',
    );
    expect(await firstEnd()).toBe('2025-09-04T18:27:28+00:00');
    await run('servers time-zone', { server: 'corpus', zone: 'Europe/Berlin' });
    expect(lastEdit()?.content).toBe(
      '**corpus** keeps its clock in Europe/Berlin already; nothing changed.',
    );
    expect(
      (await auditRows(corpus.db)).map((r) => [r.command, r.options, r.outcome, r.userId]),
    ).toEqual([
      ['admin servers time-zone', { server: 'corpus', zone: 'Europe/Berlin' }, 'answered', OWNER],
      ['admin servers time-zone', { server: 'corpus', zone: 'Europe/Berlin' }, 'answered', OWNER],
    ]);
    await run('servers time-zone', { server: 'corpus', zone: 'UTC' });
    expect(await firstEnd()).toBe('2025-09-04T20:27:28+00:00');
  }, 120_000);

  it('refuses a zone that is not an IANA name, or a server it does not know', async () => {
    expect(text(await run('servers time-zone', { server: 'corpus', zone: 'Berlin' }))).toBe(
      'Not changed: `zone` "Berlin" is not an IANA time zone name, e.g. Europe/Berlin.',
    );
    await run('servers time-zone', { server: 'nowhere', zone: 'UTC' });
    expect(lastEdit()?.content).toBe('Not changed: there is no game server named "nowhere".');
    expect(
      text(
        await run('servers add', {
          name: 'eu-9',
          public_key: (await generateKeyPair()).publicKey,
          time_zone: 'CEST',
        }),
      ),
    ).toBe('Not added: `time_zone` "CEST" is not an IANA time zone name, e.g. Europe/Berlin.');
  });
});

describe('/admin status, teams and audit', () => {
  it('reports ingest per server, quarantine, database latency and the last recompute', async () => {
    const status = text(await run('status'));
    expect(status).toContain('**corpus**: 188 files; last `');
    expect(status).toContain('Quarantine: 7 files: /admin quarantine list');
    expect(status).toContain('Last recompute: full: 2026-05-01 12:00 UTC');
    expect(status).not.toContain('Older reader');
  });

  it('gives no lateness for a last file that is not a round, and says what it is', async () => {
    const [latest] = await rowsOf<{ id: number; received_at: string }>(
      corpus.db,
      sql`select id, received_at::text from stats_files order by received_at desc, id desc limit 1`,
    );
    const [unreadable] = await rowsOf<{ id: number; received_at: string; file_name: string }>(
      corpus.db,
      sql`select id, received_at::text, file_name from stats_files where status = 'quarantined' order by id limit 1`,
    );
    await corpus.db.execute(
      sql`update stats_files set received_at = ${latest!.received_at}::timestamptz + interval '1 second' where id = ${unreadable!.id}`,
    );
    try {
      const status = text(await run('status'));
      expect(status).toContain(`last \`${unreadable!.file_name}\``);
      expect(status).toContain('not read as a round (quarantined: /admin quarantine list)');
      expect(status).not.toContain('after its round ended');
    } finally {
      await corpus.db.execute(
        sql`update stats_files set received_at = ${unreadable!.received_at}::timestamptz where id = ${unreadable!.id}`,
      );
    }
  });

  it('says when stored rounds were derived by an older reader, and how to read them again', async () => {
    await corpus.db.execute(
      sql`update rounds set reader_version = 1 where id in (select id from rounds order by id limit 3)`,
    );
    try {
      expect(text(await run('status'))).toContain(
        'Older reader: 3 rounds were derived by an older version of the reader: run `npm run rebuild`',
      );
    } finally {
      await corpus.db.execute(sql`update rounds set reader_version = ${READER_VERSION}`);
    }
  });

  it('corrects a player’s team in a session through the recompute’s override, and withdraws it', async () => {
    const [played] = await rowsOf<{ session_id: number; guid: string; team: string }>(
      corpus.db,
      sql`
      select session_id, guid, team from session_teams order by session_id, guid limit 1`,
    );
    const other = played!.team === 'A' ? 'B' : 'A';
    const player = {
      type: ApplicationCommandOptionType.String,
      name: 'player',
      description: 'p',
    } as APIApplicationCommandOption;
    const moved = text(
      await run(
        'teams player',
        { session: played!.session_id, player: played!.guid, team: other },
        [player],
      ),
    );
    expect(moved).toMatch(new RegExp(`is on team ${other}\\.`));
    expect(
      await rowsOf(
        corpus.db,
        sql`select team, source from session_teams where session_id = ${played!.session_id} and guid = ${played!.guid}`,
      ),
    ).toEqual([{ team: other, source: 'moderator' }]);
    expect(
      text(
        await run(
          'teams player',
          { session: played!.session_id, player: played!.guid, team: 'auto' },
          [player],
        ),
      ),
    ).toMatch(/is placed by detection again\./);
    expect(
      text(
        await run('teams player', { session: 99999, player: played!.guid, team: 'A' }, [player]),
      ),
    ).toBe('Not changed: there is no session 99999.');
  });

  it('names a session’s team, shows the name in the session report, keeps it through a recompute, and removes it', async () => {
    const [played] = await rowsOf<{ session_id: number }>(
      corpus.db,
      sql`select r.session_id from session_results r join gaming_sessions s on s.id = r.session_id
      where r.winner = 'A' order by s.started_at desc limit 1`,
    );
    const id = played!.session_id;
    const named = text(
      await run('teams name', { session: id, team: 'A', name: '  Red *Devils* ' }),
    );
    expect(named).toContain('Team A is now called **Red \\*Devils\\***.');
    expect(named).toContain('Red \\*Devils\\* (A)');
    expect(text(await run('teams name', { session: id, team: 'B', name: 'red *devils*' }))).toBe(
      `Not changed: the other team of session ${id} is already called that.`,
    );
    expect(text(await run('teams name', { session: id, team: 'B', name: 'x'.repeat(33) }))).toBe(
      'Not changed: the name is longer than 32 characters.',
    );
    expect(text(await run('teams name', { session: id, team: 'B', name: '\u200b\u200b' }))).toBe(
      'Not changed: the name has nothing visible in it.',
    );
    expect(text(await run('teams name', { session: 99999, team: 'A', name: 'Zeta' }))).toBe(
      'Not changed: there is no session 99999.',
    );
    await recomputeAll(corpus.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
    const report = await sessionReport(corpus.db, 1, id);
    expect(report?.teamNames).toEqual({ A: 'Red *Devils*', B: null });
    const summary = sessionMessage(report!, 'summary').embeds?.[0];
    expect(JSON.stringify(summary)).toContain('Red \\\\*Devils\\\\* (A)');
    const [{ newer } = { newer: 0 }] = await rowsOf<{ newer: number }>(
      corpus.db,
      sql`select count(*)::int as newer from gaming_sessions where started_at > (select started_at from gaming_sessions where id = ${id})`,
    );
    const listed = await sessionsMessage(corpus.db, 1, Math.floor(newer / SESSIONS_PAGE_SIZE));
    expect(listed?.embeds?.[0]?.description).toMatch(
      new RegExp(`\\*\\*#${id}\\*\\*.* · Red \\\\\\*Devils\\\\\\* \\(A\\) won `),
    );
    expect(text(await run('teams name', { session: id, team: 'A' }))).toContain(
      'Team A has no name again.',
    );
    expect((await sessionReport(corpus.db, 1, id))?.teamNames).toEqual({ A: null, B: null });
  });

  it('lists this server’s audit rows newest first, filtered, with an "Older" button', async () => {
    await corpus.db.execute(sql`delete from audit_log`);
    for (let i = 0; i < 17; i++) await run('servers list');
    await run('status', {}, [], OTHER_OWNER);
    const first = await run('audit', { command: 'admin servers' });
    const lines = first.data.embeds?.[0]?.description?.split('\n') ?? [];
    expect(lines[0]).toBe('Only /admin servers…');
    expect(lines).toHaveLength(16);
    expect(
      lines.slice(1).every((line) => line.includes(`<@${OWNER}> /admin servers list → done`)),
    ).toBe(true);
    const older = first.data.components?.[0]?.components[0]?.custom_id;
    expect(older).toMatch(/^admin:audit:\d+::admin servers$/);
    const second = (await harness.post(
      componentInteraction(older!, { userId: OWNER }),
    )) as unknown as Body;
    expect(second.type).toBe(7);
    expect(second.data.embeds?.[0]?.description?.split('\n')).toHaveLength(3);
    expect(second.data.components).toEqual([]);
    expect(
      text(
        await run('audit', { user: OTHER_OWNER }, [
          { type: ApplicationCommandOptionType.User, name: 'user', description: 'u' },
        ]),
      ),
    ).toContain(`<@${OTHER_OWNER}> /admin status → done`);
  });
});

describe('/admin rebuild', () => {
  const press = async (customId: string, userId = OWNER) => {
    const response = (await harness.post(
      componentInteraction(customId, { userId }),
    )) as APIInteractionResponse;
    await harness.settled();
    return response as unknown as Body;
  };

  it('asks first, with buttons only the asking owner may press, for five minutes', async () => {
    const question = await run('rebuild');
    expect(question.data.content).toMatch(
      /^Rebuild every round, player, session, leaderboard and achievement from the stored raw files\? Nothing is deleted/,
    );
    const [go, cancel] = question.data.components?.[0]?.components.map((c) => c.custom_id) ?? [];
    expect(go).toMatch(new RegExp(`^admin:rebuild:go:${OWNER}:[0-9a-z]+$`));
    expect((await press(go!, OTHER_OWNER)).data.content).toBe(
      'This button belongs to someone else’s /admin rebuild.',
    );
    harness.setNow(new Date(NOW.getTime() + 301_000));
    expect((await press(go!)).data.content).toBe(
      'This confirmation expired; run /admin rebuild again.',
    );
    harness.setNow(NOW);
    expect((await press(cancel!)).data.content).toBe('Rebuild cancelled; nothing changed.');
  });

  it('re-derives everything when confirmed, keeping every file, and says what it did', async () => {
    const files = async () =>
      (await rowsOf<{ n: number }>(corpus.db, sql`select count(*)::int as n from stats_files`))[0]
        ?.n;
    const before = await files();
    const question = await run('rebuild');
    const go = question.data.components?.[0]?.components[0]?.custom_id;
    const pressed = await press(go!);
    expect(pressed.type).toBe(6);
    expect(lastEdit()?.content).toMatch(
      /^Rebuilt from 188 stored files in \d+\.\d s: 181 rounds, 7 quarantined; merges applied and everything recomputed\.$/,
    );
    expect(await files()).toBe(before);
  }, 60_000);
});
