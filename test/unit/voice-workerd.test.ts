// Voice presence from the deployed Worker bundle in workerd, over the imported sample corpus, the minute
// cron driven by the test at chosen times, Discord's REST API stood in for (it learns who is in which
// voice channel): stays recorded, 404 is "not in voice", 429 Retry-After (guild and global) honoured,
// "Session starting" once, the end summary, attendance, voice teams between detection and a moderator's
// correction, /admin voice (audited) and /balance voice:true.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  commandOptions,
  DEFAULT_GUILD_ID,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import type { FakeDiscord } from '../../scripts/dev/fake-discord.ts';
import type { LocalPostgres } from '../../scripts/lib/local-postgres.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import type { DiscordMessage } from '../../worker/discord/message.ts';
import { MINUTE_CRON } from '../../worker/jobs/scheduled.ts';
import { overrideTeam } from '../../worker/jobs/team-overrides.ts';
import { setAnnounceChannel } from '../../worker/permissions/guild-settings.ts';
import { sessionAttendance } from '../../worker/queries/voice.ts';
import { recomputeTeams } from '../../worker/recompute/teams.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';
import type { TestWorker } from '../support/workerd.ts';

const ANNOUNCE = '1400000000000000050';
const LOBBY = '1500000000000000001';
const TEAM_A = '1500000000000000002';
const TEAM_B = '1500000000000000003';
const ADMIN: Actor = { userId: '1300000000000000900', permissions: String(1n << 3n) };
const users = Array.from({ length: 7 }, (_, i) => `13000000000000001${String(i).padStart(2, '0')}`);

let stack: LocalStack;
let local: LocalPostgres;
let discord: FakeDiscord;
let worker: TestWorker;
let sessionId: number;
/** Six players of the session by detected team (three each), then a seventh linked one never in voice. */
let guids: string[];
let detected: Map<string, 'A' | 'B'>;
/** A minute of the session's first quarter hour that is not 0, 15, 30 or 45 (no quarter-hour work). */
let base: number;

const at = (minutes: number) => new Date(base + minutes * 60_000);
const tick = (minutes: number) => worker.scheduled(MINUTE_CRON, at(minutes));
const voiceRequests = () => discord.recorded.filter((r) => r.kind === 'voiceState');
const posts = (title: string) =>
  discord.messages.filter(
    (m) => m.channelId === ANNOUNCE && (m.payload as DiscordMessage).embeds?.[0]?.title === title,
  );
const teamsOf = async () =>
  new Map(
    (
      await rowsOf<{ guid: string; team: 'A' | 'B'; source: string }>(
        local.db,
        sql`select guid, team, source from session_teams where session_id = ${sessionId}`,
      )
    ).map((r) => [r.guid, r]),
  );

async function ask(
  name: string,
  values: Record<string, string | number | boolean>,
  actor: Actor,
  subcommand?: string[],
) {
  const interaction = slashCommandInteraction(
    name,
    commandOptions(values, subcommand ? { subcommand } : {}),
    { ...actor, token: `token-${Math.random()}` },
  );
  const response = await worker.fetch('/interactions', {
    ...(await signedInteractionInit(stack.keys.privateKey, interaction)),
  });
  return { interaction, body: (await response.json()) as { type: number; data?: DiscordMessage } };
}

beforeAll(async () => {
  stack = await startLocalStack(async (db) => {
    await recomputeTeams(db.db, 'all'); // detection alone: no voice was tracked when these were played
    const [session] = await rowsOf<{ id: number; started_at: string }>(
      db.db,
      sql`select gs.id, to_json(gs.started_at)#>>'{}' as started_at from gaming_sessions gs
        join session_teams st on st.session_id = gs.id group by gs.id
        having count(*) filter (where st.team = 'A') >= 3 and count(*) filter (where st.team = 'B') >= 3
        order by gs.started_at limit 1`,
    );
    if (!session) throw new Error('the corpus has no session with three players a team');
    sessionId = Number(session.id);
    const start = Date.parse(session.started_at);
    const minute = new Date(start).getUTCMinutes();
    base = start - ((minute % 15) * 60_000 + new Date(start).getUTCSeconds() * 1000) + 60_000;
    const teams = await rowsOf<{ guid: string; team: 'A' | 'B' }>(
      db.db,
      sql`select guid, team from session_teams where session_id = ${sessionId} order by team, guid`,
    );
    const a = teams.filter((t) => t.team === 'A').slice(0, 3);
    const b = teams.filter((t) => t.team === 'B').slice(0, 3);
    const [other] = await rowsOf<{ guid: string }>(
      db.db,
      sql`select guid from players where not bot and guid not in ${[...a, ...b].map((t) => t.guid)}
        order by last_seen_at desc limit 1`,
    );
    guids = [...a, ...b].map((t) => t.guid).concat(other?.guid ?? '');
    detected = new Map([...a, ...b].map((t) => [t.guid, t.team]));
    for (const [i, guid] of guids.entries())
      await db.db.execute(sql`insert into discord_links (community_id, user_id, guid, linked_at, linked_by)
        values (1, ${users[i]}, ${guid}, now(), 'test')`);
    await setAnnounceChannel(db.db, {
      guildId: DEFAULT_GUILD_ID,
      channelId: ANNOUNCE,
      by: 'test',
      at: new Date(),
    });
  });
  ({ local, discord, worker } = stack);
}, 180_000);

afterAll(() => stack?.stop());

describe('voice presence in workerd', () => {
  it('/admin voice refuses the same channel for both teams, saves the settings, and is audited', async () => {
    const refused = await ask('admin', { team_a: TEAM_A, team_b: TEAM_A }, ADMIN, ['voice']);
    expect(refused.body.data?.content).toMatch(/Not changed: team A and team B need two different/);
    const saved = await ask(
      'admin',
      { tracking: 'on', channel: LOBBY, team_a: TEAM_A, team_b: TEAM_B, min_players: 6 },
      ADMIN,
      ['voice'],
    );
    expect(saved.body.data?.content).toMatch(/Voice tracking is \*\*on\*\*/);
    expect(saved.body.data?.content).toContain(`Team A: <#${TEAM_A}>`);
    const audited = await rowsOf<{ command: string; outcome: string }>(
      local.db,
      sql`select command, outcome from audit_log where command = 'admin voice' order by id`,
    );
    expect(audited.map((a) => a.outcome)).toEqual(['answered', 'answered']);
    const denied = await ask('admin', { tracking: 'off' }, { userId: users[0] }, ['voice']);
    expect(JSON.stringify(denied.body)).not.toMatch(/Saved/);
  });

  it('records stays, answers 404 as out of voice, and posts "Session starting" once at six', async () => {
    // Channel A holds two of detected team A and one of B; channel B two of B and one of A.
    const [a1, a2, a3, b1, b2, b3, away] = users as [string, ...string[]];
    for (const u of [a1, a2, b1]) discord.setVoice(DEFAULT_GUILD_ID, u as string, TEAM_A);
    for (const u of [b2, b3, a3]) discord.setVoice(DEFAULT_GUILD_ID, u as string, TEAM_B);
    await tick(0);
    const asked = voiceRequests();
    expect(asked).toHaveLength(7);
    expect(asked.find((r) => r.path.endsWith(`/${away}`))?.status).toBe(404);
    expect(asked.every((r) => r.authorization === 'Bot bot-token')).toBe(true);
    const open = await rowsOf<{ user_id: string; channel_id: string }>(
      local.db,
      sql`select user_id, channel_id from voice_presence where ended_at is null order by user_id`,
    );
    expect(open).toHaveLength(6);
    expect(open.find((o) => o.user_id === a3)?.channel_id).toBe(TEAM_B);
    expect(open.some((o) => o.user_id === away)).toBe(false);
    const starting = posts('Session starting');
    expect(starting).toHaveLength(1);
    expect((starting[0]?.payload as DiscordMessage | undefined)?.embeds?.[0]?.description).toMatch(
      /^6 players in voice/,
    );
    await tick(1);
    expect(posts('Session starting')).toHaveLength(1);
  });

  it('a 429 pauses the guild until Retry-After; a global 429 pauses everything', async () => {
    discord.inject(
      { status: 429, retryAfterSeconds: 120 },
      { kind: 'voiceState', guildId: DEFAULT_GUILD_ID },
    );
    let before = voiceRequests().length;
    await tick(2);
    expect(voiceRequests().length - before).toBe(1); // the 429 itself, nothing after it
    before = voiceRequests().length;
    await tick(3); // 60 s later: still inside Retry-After
    expect(voiceRequests().length).toBe(before);
    await tick(4); // 120 s after the 429: asked again
    expect(voiceRequests().length - before).toBe(7);

    discord.inject({ status: 429, retryAfterSeconds: 90, global: true }, { kind: 'voiceState' });
    before = voiceRequests().length;
    await tick(5);
    expect(voiceRequests().length - before).toBe(1);
    const [pause] = await rowsOf<{ scope: string }>(
      local.db,
      sql`select scope from voice_pauses where until > ${at(5)}`,
    );
    expect(pause?.scope).toBe('global');
    before = voiceRequests().length;
    await tick(6);
    expect(voiceRequests().length).toBe(before);
    await tick(7);
    expect(voiceRequests().length - before).toBe(7);
  });

  it('stops for the minute when X-RateLimit-Remaining reaches 0, until Reset-After', async () => {
    discord.setVoiceBucket(DEFAULT_GUILD_ID, { limit: 3, windowSeconds: 600 });
    let before = voiceRequests().length;
    await tick(8);
    expect(voiceRequests().length - before).toBe(3);
    before = voiceRequests().length;
    await tick(9);
    expect(voiceRequests().length).toBe(before);
    discord.setVoiceBucket(DEFAULT_GUILD_ID, { limit: 10_000, windowSeconds: 1 });
    await tick(20); // past the 600 s reset
    expect(voiceRequests().length - before).toBe(7);
  });

  it('voice teams beat detection, a moderator beats voice; attendance lists who was in voice', async () => {
    const [a1, a2, a3, b1, b2, b3] = guids as [string, string, string, string, string, string];
    await recomputeTeams(local.db, [sessionId]);
    let teams = await teamsOf();
    for (const guid of [a1, a2, a3, b1, b2, b3]) expect(teams.get(guid)?.source).toBe('voice');
    // Channel A is team A (two of its three were detected there): b1 joins A, a3 joins B.
    expect(teams.get(a1)?.team).toBe(detected.get(a1));
    expect(teams.get(b1)?.team).toBe(detected.get(a1));
    expect(teams.get(a3)?.team).toBe(detected.get(b2));
    expect(teams.get(b2)?.team).toBe(detected.get(b2));

    const corrected = await overrideTeam(
      local.db,
      1,
      sessionId,
      b1,
      detected.get(b1) as 'A' | 'B',
      ADMIN.userId as string,
    );
    expect(corrected.ok).toBe(true);
    teams = await teamsOf();
    expect(teams.get(b1)).toMatchObject({ team: detected.get(b1), source: 'moderator' });
    expect(teams.get(a3)?.source).toBe('voice');

    const attendance = await sessionAttendance(local.db, 1, sessionId);
    expect(attendance.map((a) => a.guid).sort()).toEqual([a1, a2, a3, b1, b2, b3].sort());
    const api = (await (await worker.fetch(`/api/sessions/${sessionId}`)).json()) as {
      voice: { guid: string; minutes: number }[];
    };
    expect(api.voice.map((v) => v.guid).sort()).toEqual([a1, a2, a3, b1, b2, b3].sort());
    expect(api.voice.every((v) => v.minutes > 0)).toBe(true);
  });

  it("/balance voice:true balances the linked players in the caller's voice channel", async () => {
    const [a1] = users as [string];
    const { interaction, body } = await ask('balance', { voice: true }, { userId: a1 });
    expect(body.type).toBe(5); // deferred: Discord is asked where the caller is
    const edit = await discord.waitFor(
      (r) => r.kind === 'editOriginal' && r.token === interaction.token,
      15_000,
    );
    // Names are shown with Markdown escaped (wise\_boy): compare without the escapes.
    const text = JSON.stringify(edit.payload).replaceAll('\\\\', '');
    expect(text).toContain('Fairest teams');
    const names = await rowsOf<{ name: string; guid: string }>(
      local.db,
      sql`select guid, name from players where guid in ${guids.slice(0, 6)}`,
    );
    const nameOf = new Map(names.map((n) => [n.guid, n.name]));
    // Channel A: a1, a2 and b1, nobody else.
    for (const guid of [guids[0], guids[1], guids[3]])
      expect(text).toContain(nameOf.get(guid as string));
    for (const guid of [guids[2], guids[4], guids[5]])
      expect(text).not.toContain(nameOf.get(guid as string));
    expect(voiceRequests().some((r) => r.path.endsWith(`/voice-states/${a1}`) && r.seq > 0)).toBe(
      true,
    );

    const nowhere = await ask('balance', { voice: true }, { userId: users[6] });
    const answer = await discord.waitFor(
      (r) => r.kind === 'editOriginal' && r.token === nowhere.interaction.token,
      15_000,
    );
    expect(JSON.stringify(answer.payload)).toContain('You are not in a voice channel here.');
  });

  it('closes stays when everyone leaves, and posts the end summary once after 30 minutes', async () => {
    for (const u of users) discord.setVoice(DEFAULT_GUILD_ID, u, null);
    await tick(21);
    const open = await rowsOf<{ n: number }>(
      local.db,
      sql`select count(*)::int as n from voice_presence where ended_at is null`,
    );
    expect(open[0]?.n).toBe(0);
    await tick(48); // 28 minutes after the last minute anyone was there (20)
    expect(posts('Session over')).toHaveLength(0);
    await tick(50);
    await tick(51);
    const over = posts('Session over');
    expect(over).toHaveLength(1);
    const description =
      (over[0]?.payload as DiscordMessage | undefined)?.embeds?.[0]?.description ?? '';
    expect(description).toContain(`Session ${sessionId}`);
    expect(description).toMatch(/up to 6 players/);
    expect(posts('Session starting')).toHaveLength(1);
  });
});
