// The two-community isolation matrix: one database holds community A (the sample corpus, guild A) and
// community B ("bravo": the real server files, guild B); a third guild is bound to neither. Every form of
// every registered command (so commands added later are covered), its autocomplete and the buttons the
// other community's answers carry, run at every access level from guild B, from the unbound guild and from
// guild A, through the signed interactions endpoint with the permission hooks. Each run's answer (the
// response and everything sent to Discord after it) must name nothing of the other community, and the
// other community's rows must be exactly as before. Every JSON API route is checked the same way.
import { generateKeyPair } from '../../ingest-protocol/keys.ts';
import { sql } from 'drizzle-orm';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { guildSettings } from '../../schema/index.ts';
import { commands } from '../../worker/commands/index.ts';
import { ACCESS_LEVELS, type AccessLevel } from '../../worker/discord/access.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { ensureGameServer } from '../../scripts/lib/import-folder.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { createLink } from '../../worker/jobs/links.ts';
import { bindGuild } from '../../worker/jobs/communities.ts';
import { UNBOUND_NOTE } from '../../worker/permissions/community.ts';
import { recomputeAll } from '../../worker/recompute/index.ts';
import {
  type Actor,
  autocompleteInteraction,
  componentInteraction,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { addCommunity } from '../support/community.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../support/corpus-database.ts';
import { nodeApp, testConfig } from '../support/node-app.ts';
import { realRoundFiles } from '../support/realdata.ts';
import {
  type Form,
  formsOf,
  GUILD,
  type Harness,
  sampleValues,
  startHarness,
  typedOptions,
  UNLIMITED,
} from './permissions-harness.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const OWNER = '1300000000000000100';
const ROLE = { moderator: '1500000000000000003', admin: '1500000000000000004' } as const;
const GUILDS = { a: GUILD, b: '1200000000000000777', none: '1200000000000000888' } as const;
type Side = 'a' | 'b';
const TRUSTED = '1300000000000000102';
const LEVEL_ACTORS: Record<AccessLevel, Omit<Actor, 'guildId'>> = {
  public: { userId: '1300000000000000101' },
  trusted: { userId: TRUSTED },
  moderator: { userId: '1300000000000000103', roles: [ROLE.moderator] },
  admin: { userId: '1300000000000000104', roles: [ROLE.admin] },
  owner: { userId: OWNER },
};
/** A member with Discord's Administrator permission (bit 8) and no mapped role. */
const DISCORD_ADMIN: Omit<Actor, 'guildId'> = { userId: '1300000000000000105', permissions: '8' };
const SAMPLE_IDS = {
  user: TRUSTED,
  role: '1500000000000000099',
  channel: '1400000000000000099',
};
/** Owners' acts that move guilds between communities: tested on their own, not in the matrix. */
const GUILD_MOVES = new Set([
  'admin community bind',
  'admin community unbind',
  'admin community create',
]);
const EMPTY_CHOICES = {
  type: InteractionResponseType.ApplicationCommandAutocompleteResult,
  data: { choices: [] },
};

/** What a community is made of, for aiming at it and for telling it apart in an answer. */
interface Things {
  readonly id: number;
  readonly guid: string;
  readonly name: string;
  readonly map: string;
  readonly server: string;
  readonly sessionId: number;
  readonly roundId: number;
  readonly fileName: string;
  readonly quarantinedId: number;
  readonly quarantinedName: string;
  /** Strings that occur nowhere in the other community: exclusive GUIDs, names, maps, file names. */
  readonly markers: readonly string[];
}

let corpus: CorpusDatabase;
let harness: Harness;
const things = {} as Record<Side, Things>;

async function thingsOf(communityId: number): Promise<Omit<Things, 'markers'> & { all: string[] }> {
  const db = corpus.db;
  const mine = sql`r.server_id in (select id from game_servers where community_id = ${communityId})`;
  const players = await rowsOf<{ guid: string; name: string; rounds: number }>(
    db,
    sql`select p.guid, p.name, count(*)::int as rounds from player_rounds pr
      join rounds r on r.id = pr.round_id join players p on p.guid = pr.guid
      where ${mine} and not pr.bot group by p.guid, p.name order by count(*) desc, p.guid`,
  );
  const maps = await rowsOf<{ map: string }>(
    db,
    sql`select r.map from rounds r where ${mine} group by r.map order by count(*) desc, r.map`,
  );
  const [server] = await rowsOf<{ name: string }>(
    db,
    sql`select name from game_servers where community_id = ${communityId} order by id limit 1`,
  );
  const [session] = await rowsOf<{ id: number }>(
    db,
    sql`select id from gaming_sessions r where ${mine} order by started_at desc limit 1`,
  );
  const [round] = await rowsOf<{ id: number; file_name: string }>(
    db,
    sql`select r.id, f.file_name from rounds r join stats_files f on f.id = r.file_id where ${mine}
      order by r.ended_at desc limit 1`,
  );
  const files = await rowsOf<{ id: number; file_name: string; status: string }>(
    db,
    sql`select r.id::int as id, r.file_name, r.status from stats_files r where ${mine} order by r.id`,
  );
  const quarantined = files.find((f) => f.status === 'quarantined');
  const [top] = players;
  if (!top || !maps[0] || !server || !session || !round || !quarantined)
    throw new Error(`community ${communityId} lacks something to aim at`);
  return {
    id: communityId,
    guid: top.guid,
    name: top.name,
    map: (maps[0] as { map: string }).map,
    server: server.name,
    sessionId: Number(session.id),
    roundId: Number(round.id),
    fileName: round.file_name,
    quarantinedId: Number(quarantined.id),
    quarantinedName: quarantined.file_name,
    all: [
      ...players.flatMap((p) => [p.guid, p.name]),
      ...maps.map((m) => m.map),
      server.name,
      ...files.map((f) => f.file_name),
    ],
  };
}

/** Strings of one side that cannot be mistaken for anything of the other (nor for common words). */
function markersOf(mine: readonly string[], theirs: readonly string[]): string[] {
  const other = theirs.map((t) => t.toLowerCase());
  return [...new Set(mine)].filter((m) => {
    const text = m.toLowerCase();
    if (text.length < 5 || /^(player|server|round|session|corpus)$/.test(text)) return false;
    return !other.some((o) => o.includes(text) || text.includes(o));
  });
}

/** One MD5 per table over the rows of a community: what must not move when the other one acts. */
async function checksums(communityId: number, guild: string): Promise<Record<string, string>> {
  const servers = sql`(select id from game_servers where community_id = ${communityId})`;
  const rounds = sql`(select id from rounds where server_id in ${servers})`;
  const sessions = sql`(select id from gaming_sessions where server_id in ${servers})`;
  const tables: Record<string, ReturnType<typeof sql>> = {
    game_servers: sql`select * from game_servers t where community_id = ${communityId}`,
    server_keys: sql`select * from server_keys t where server_id in ${servers}`,
    stats_files: sql`select id, server_id, file_name, sha256, status, error_line, error_reason from stats_files t where server_id in ${servers}`,
    rounds: sql`select * from rounds t where server_id in ${servers}`,
    player_rounds: sql`select * from player_rounds t where round_id in ${rounds}`,
    player_weapon_rounds: sql`select * from player_weapon_rounds t where round_id in ${rounds}`,
    matches: sql`select * from matches t where server_id in ${servers}`,
    gaming_sessions: sql`select * from gaming_sessions t where server_id in ${servers}`,
    session_teams: sql`select * from session_teams t where session_id in ${sessions}`,
    session_results: sql`select * from session_results t where session_id in ${sessions}`,
    session_team_names: sql`select * from session_team_names t where community_id = ${communityId}`,
    team_overrides: sql`select * from team_overrides t where file_id in (select id from stats_files where server_id in ${servers})`,
    leaderboard_entries: sql`select * from leaderboard_entries t where period like ${`${communityId}:%`}`,
    player_achievements: sql`select * from player_achievements t where community_id = ${communityId}`,
    discord_links: sql`select * from discord_links t where community_id = ${communityId}`,
    player_merges: sql`select * from player_merges t where community_id = ${communityId}`,
    audit_log: sql`select * from audit_log t where community_id = ${communityId}`,
    community_guilds: sql`select * from community_guilds t where community_id = ${communityId}`,
    guild_settings: sql`select * from guild_settings t where guild_id = ${guild}`,
    guild_access: sql`select * from guild_access t where guild_id = ${guild}`,
  };
  const sums: Record<string, string> = {};
  for (const [name, rows] of Object.entries(tables)) {
    const [row] = await rowsOf<{ sum: string | null; n: number }>(
      corpus.db,
      sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum, count(*)::int as n from (${rows}) t`,
    );
    sums[name] = `${row?.n}:${row?.sum}`;
  }
  return sums;
}

/** Option values aimed at the target community's things (by option name and command). */
function aimedValues(form: Form, target: Things): Record<string, string | number | boolean> {
  const name = form.command.definition.name;
  const path = [name, ...form.subcommand].join(' ');
  const values = sampleValues(form.options, SAMPLE_IDS);
  for (const option of form.options) {
    const set = (value: string | number | boolean) => {
      values[option.name] = value;
    };
    switch (option.name) {
      case 'player':
      case 'player1':
      case 'player2':
      case 'keep':
      case 'merge':
      case 'merged':
        set(target.guid);
        break;
      case 'session':
        set(option.type === 4 ? target.sessionId : String(target.sessionId));
        break;
      case 'file':
        set(target.quarantinedId);
        break;
      case 'server':
        set(target.server);
        break;
      case 'zone':
        set('Europe/Berlin');
        break;
      case 'name':
        if (name === 'whois') set(target.name);
        else if (name === 'map') set(target.map);
        else if (name === 'weapon') set('WS_MP40');
        else if (path.startsWith('admin servers')) set(target.server);
        break;
      case 'command':
        if (name === 'help') set('stats');
        break;
      case 'season':
        // The community's oldest season with rounds (both have some); /top takes it with period:season.
        set('1');
        if (name === 'top') values.period = 'season';
        break;
    }
  }
  return values;
}

interface Probe {
  readonly label: string;
  /** What the caller typed or pressed: an answer may echo it ("No player matches 'EF8ACD12'"). */
  readonly sent: readonly string[];
  readonly kind: 'command' | 'autocomplete' | 'component';
  readonly build: (actor: Actor) => Parameters<Harness['post']>[0];
}

/** Every command form and its autocomplete, aimed at `target`; buttons come from `buttons`. */
function probes(target: Things, buttons: readonly string[]): Probe[] {
  const list: Probe[] = [];
  for (const form of formsOf(commands)) {
    const name = form.command.definition.name;
    const path = [name, ...form.subcommand].join(' ');
    if (GUILD_MOVES.has(path)) continue;
    const values = aimedValues(form, target);
    list.push({
      label: `/${path}`,
      sent: Object.values(values).map(String),
      kind: 'command',
      build: (a) => slashCommandInteraction(name, typedOptions(form, values), a),
    });
    for (const option of form.options) {
      if (!('autocomplete' in option && option.autocomplete) || !form.command.autocomplete)
        continue;
      // What one types to find the target's things: part of its player's name, its map, its session.
      const typed = {
        ...values,
        [option.name]:
          typeof values[option.name] === 'number'
            ? String(values[option.name])
            : option.name === 'name' && name === 'map'
              ? target.map.slice(0, 5)
              : option.name === 'session'
                ? String(target.sessionId)
                : target.name.slice(0, 4),
      };
      list.push({
        label: `/${path} [autocomplete ${option.name}]`,
        sent: Object.values(typed).map(String),
        kind: 'autocomplete',
        build: (a) => autocompleteInteraction(name, typedOptions(form, typed, option.name), a),
      });
    }
  }
  for (const customId of buttons)
    list.push({
      label: `[button ${customId}]`,
      sent: [customId],
      kind: 'component',
      build: (a) => componentInteraction(customId, a),
    });
  return list;
}

/** Everything a run showed: the response and every request sent to the Discord stand-in after it. */
async function run(probe: Probe, actor: Actor): Promise<{ response: unknown; shown: string }> {
  harness.fake.reset();
  const response = await harness.post(probe.build(actor));
  await harness.settled();
  const sent = harness.fake.recorded.map((r) => r.payload);
  return { response, shown: JSON.stringify([response, sent]) };
}

/** Custom ids of the buttons and menus in what a run showed (to press them from elsewhere). */
function buttonsIn(shown: string): string[] {
  return [...shown.matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1] as string);
}

/** The other side's markers in what a run showed, but for what the caller typed themselves. */
function leaks(shown: string, markers: readonly string[], sent: readonly string[] = []): string[] {
  const text = shown.toLowerCase();
  const typed = sent.map((t) => t.toLowerCase());
  return markers.filter((m) => {
    const marker = m.toLowerCase();
    return text.includes(marker) && !typed.some((t) => t.includes(marker));
  });
}

const actorIn = (side: keyof typeof GUILDS, who: Omit<Actor, 'guildId'>): Actor => ({
  ...who,
  guildId: GUILDS[side],
});

/** Guild settings a run may change (roles, channel) put back, so each level keeps its level. */
async function resetGuilds() {
  for (const guild of [GUILDS.a, GUILDS.b])
    await corpus.db
      .insert(guildSettings)
      .values({
        guildId: guild,
        roleLevels: { [ROLE.moderator]: 'moderator', [ROLE.admin]: 'admin' },
        updatedAt: NOW,
        updatedBy: OWNER,
      })
      .onConflictDoUpdate({
        target: guildSettings.guildId,
        set: { roleLevels: { [ROLE.moderator]: 'moderator', [ROLE.admin]: 'admin' } },
      });
  await corpus.db.execute(sql`delete from guild_access`);
  await linkTrustedIn([things.a, things.b]);
}

/** The trusted user linked in these communities (each to its own player), and nowhere else. */
async function linkTrustedIn(sides: readonly Things[]) {
  await corpus.db.execute(sql`delete from discord_links where user_id = ${TRUSTED}`);
  for (const t of sides) {
    const linked = await createLink(corpus.db, {
      communityId: t.id,
      userId: TRUSTED,
      guid: t.guid,
      linkedBy: 'test',
      at: NOW,
    });
    if (!linked.ok) throw new Error(`cannot link in community ${t.id}: ${linked.reason}`);
  }
}

/** Buttons community A's own answers carry (pages, session views, confirmations), aimed at A's things. */
let buttonsOfA: string[] = [];

beforeAll(async () => {
  corpus = await openCorpusDatabase();
  const db = corpus.db;
  const bravo = await addCommunity(db, 'bravo', 'Bravo squad');
  const serverId = await ensureGameServer(db, { communityId: bravo, name: 'bravo-server' });
  const broken = {
    name: '2025-02-02-210000-etl_bravo_only-round-1.txt',
    bytes: new Uint8Array([0x41]),
  };
  for (const file of [...realRoundFiles(), broken])
    await importStatsFile(
      db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      { sessionGapMinutes: 60 },
    );
  await recomputeAll(db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
  await bindGuild(db, { guildId: GUILDS.a, slug: 'default', by: OWNER, at: NOW });
  await bindGuild(db, { guildId: GUILDS.b, slug: 'bravo', by: OWNER, at: NOW });
  const a = await thingsOf(1);
  const b = await thingsOf(bravo);
  things.a = { ...a, markers: markersOf(a.all, b.all) };
  things.b = { ...b, markers: markersOf(b.all, a.all) };
  // The trusted user is linked in both communities, to each one's own player.
  await resetGuilds();
  harness = await startHarness(db, { owners: [OWNER], limits: UNLIMITED, now: NOW });
  // A's admin and owner use A's commands aimed at A's own things: the buttons they get are A's.
  const seen = new Set<string>();
  for (const who of [LEVEL_ACTORS.admin, LEVEL_ACTORS.owner])
    for (const probe of probes(things.a, [])) {
      if (probe.kind !== 'command') continue;
      for (const id of buttonsIn((await run(probe, actorIn('a', who))).shown)) seen.add(id);
    }
  buttonsOfA = [...seen].filter((id) => !id.startsWith('admin:rebuild:go'));
  await resetGuilds();
}, 240_000);

afterAll(async () => {
  await harness?.close();
  await corpus?.close();
});

describe('two communities in one database', () => {
  it('have things to tell apart', () => {
    expect(things.a.markers.length).toBeGreaterThan(20);
    expect(things.b.markers.length).toBeGreaterThan(20);
    expect(things.a.markers).toContain(things.a.guid);
    expect(things.b.markers).toContain(things.b.guid);
    expect(buttonsOfA.length).toBeGreaterThan(5);
  });

  for (const level of [...ACCESS_LEVELS, 'discord-admin'] as const) {
    it(`guild B at ${level}: nothing of A is shown, A's rows do not move`, async () => {
      const before = await checksums(things.a.id, GUILDS.a);
      const actor = actorIn('b', level === 'discord-admin' ? DISCORD_ADMIN : LEVEL_ACTORS[level]);
      const problems: string[] = [];
      let ownData = 0;
      for (const probe of probes(things.a, buttonsOfA)) {
        const { shown } = await run(probe, actor);
        const found = leaks(shown, things.a.markers, probe.sent);
        if (found.length > 0)
          problems.push(`${probe.label}: shows ${found.slice(0, 3).join(', ')}`);
        if (leaks(shown, things.b.markers, probe.sent).length > 0) ownData++;
      }
      // The answers are real ones: /top, /sessions, /last_session… show B's own players and maps.
      expect(ownData).toBeGreaterThanOrEqual(6);
      await resetGuilds();
      expect(problems).toEqual([]);
      expect(await checksums(things.a.id, GUILDS.a)).toEqual(before);
    }, 240_000);
  }

  it("guild A's answers name nothing of B, and B's rows do not move", async () => {
    const before = await checksums(things.b.id, GUILDS.b);
    const problems: string[] = [];
    for (const level of ['public', 'admin', 'owner'] as const)
      for (const probe of probes(things.b, [])) {
        const { shown } = await run(probe, actorIn('a', LEVEL_ACTORS[level]));
        const found = leaks(shown, things.b.markers, probe.sent);
        if (found.length > 0)
          problems.push(`${probe.label} as ${level}: shows ${found.slice(0, 3).join(', ')}`);
      }
    await resetGuilds();
    expect(problems).toEqual([]);
    expect(await checksums(things.b.id, GUILDS.b)).toEqual(before);
  }, 240_000);

  it('an unbound guild sees no community: only the set-up note, nothing written', async () => {
    const before = [await checksums(things.a.id, GUILDS.a), await checksums(things.b.id, GUILDS.b)];
    const problems: string[] = [];
    for (const who of [LEVEL_ACTORS.public, LEVEL_ACTORS.admin, DISCORD_ADMIN, LEVEL_ACTORS.owner])
      for (const probe of probes(things.a, buttonsOfA)) {
        const { response, shown } = await run(probe, actorIn('none', who));
        const at = `${probe.label} as ${who.userId}`;
        const found = [
          ...leaks(shown, things.a.markers, probe.sent),
          ...leaks(shown, things.b.markers, probe.sent),
        ];
        // The owners run the deployment: in an unbound guild they may look at and bind communities.
        const owners = who === LEVEL_ACTORS.owner && probe.label.startsWith('/admin community');
        if (found.length > 0 && !owners)
          problems.push(`${at}: shows ${found.slice(0, 3).join(', ')}`);
        if (probe.label.startsWith('/help') || owners) continue;
        if (probe.kind === 'autocomplete') {
          if (JSON.stringify(response) !== JSON.stringify(EMPTY_CHOICES))
            problems.push(`${at}: autocomplete offered choices`);
        } else if (!shown.includes(UNBOUND_NOTE.slice(0, 40)))
          problems.push(`${at}: answered ${shown.slice(0, 160)}`);
      }
    expect(problems).toEqual([]);
    expect([
      await checksums(things.a.id, GUILDS.a),
      await checksums(things.b.id, GUILDS.b),
    ]).toEqual(before);
    const unbound = await rowsOf<{ n: number }>(
      corpus.db,
      sql`select count(*)::int as n from audit_log where community_id is null and guild_id = ${GUILDS.none}`,
    );
    // Denied attempts there are audited, outside either community's log.
    expect(unbound[0]?.n).toBeGreaterThan(0);
  }, 240_000);

  it('a DM answers in the one community the caller linked in, and in none when there are two', async () => {
    const dm = (who: Omit<Actor, 'guildId'>) => ({ ...who, guildId: null });
    const stats = slashCommandInteraction('stats', [], dm(LEVEL_ACTORS.trusted));
    await linkTrustedIn([things.a, things.b]);
    const twice = JSON.stringify(await harness.post(stats));
    expect(twice).toContain('Direct messages answer in the community');
    await linkTrustedIn([things.a]);
    try {
      harness.fake.reset();
      const response = await harness.post(stats);
      await harness.settled();
      const once = JSON.stringify([response, harness.fake.recorded.map((r) => r.payload)]);
      expect(leaks(once, things.b.markers)).toEqual([]);
      expect(once).toContain(things.a.guid);
    } finally {
      await linkTrustedIn([things.a, things.b]);
    }
  });

  it("the JSON API answers one community's data under its slug, and nothing of the other", async () => {
    const { app } = nodeApp(corpus.db, { config: testConfig(), now: () => NOW });
    const get = async (path: string) => {
      const response = await app.request(path);
      return { status: response.status, text: await response.text() };
    };
    const problems: string[] = [];
    for (const [slug, mine, theirs] of [
      ['default', things.a, things.b],
      ['bravo', things.b, things.a],
    ] as const) {
      const base = `/c/${slug}/api`;
      const own = await get(`${base}/players/${mine.guid}`);
      if (own.status !== 200) problems.push(`${slug}: own player answered ${own.status}`);
      for (const path of [
        `/players/${theirs.guid}`,
        `/rounds/${theirs.roundId}`,
        `/rounds?file=${encodeURIComponent(theirs.fileName)}`,
        `/rounds?file=${encodeURIComponent(theirs.quarantinedName)}`,
        `/sessions/${theirs.sessionId}`,
      ]) {
        const answer = await get(`${base}${path}`);
        if (answer.status !== 404)
          problems.push(`${slug}${path}: ${answer.status} ${answer.text.slice(0, 100)}`);
      }
      for (const path of [
        '/players',
        `/players?search=${encodeURIComponent(theirs.name.slice(0, 4))}`,
        `/players?search=${theirs.guid}`,
        '/sessions?limit=100',
        '/quarantine',
      ]) {
        const answer = await get(`${base}${path}`);
        const found = leaks(answer.text, theirs.markers);
        if (answer.status !== 200 || found.length > 0)
          problems.push(`${slug}${path}: ${answer.status}, shows ${found.slice(0, 3).join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
    // With two communities the unscoped API asks for one; an unknown slug is a 404, a bad one a 400.
    expect((await get('/api/sessions')).status).toBe(404);
    expect((await get('/c/nobody/api/sessions')).status).toBe(404);
    expect((await get('/c/BAD_slug!/api/sessions')).status).toBe(400);
  });

  it('an admin of B registering a server and revoking keys works in B only', async () => {
    const before = await checksums(things.a.id, GUILDS.a);
    const pair = await generateKeyPair();
    const add = slashCommandInteraction(
      'admin',
      typedOptions(
        { subcommand: ['servers', 'add'], options: [] },
        { name: things.a.server, public_key: pair.publicKey },
      ),
      actorIn('b', LEVEL_ACTORS.admin),
    );
    expect(JSON.stringify(await harness.post(add))).toContain('Registered');
    const revoke = slashCommandInteraction(
      'admin',
      typedOptions({ subcommand: ['servers', 'revoke'], options: [] }, { name: things.a.server }),
      actorIn('b', LEVEL_ACTORS.admin),
    );
    expect(JSON.stringify(await harness.post(revoke))).toContain('Revoked');
    await harness.settled();
    const rows = await rowsOf<{ community_id: number; revoked: boolean }>(
      corpus.db,
      sql`select g.community_id, k.revoked_at is not null as revoked from server_keys k
        join game_servers g on g.id = k.server_id where k.public_key = ${pair.publicKey}`,
    );
    expect(rows).toEqual([{ community_id: things.b.id, revoked: true }]);
    expect(await checksums(things.a.id, GUILDS.a)).toEqual(before);
  });
});
