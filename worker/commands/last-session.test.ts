import type { APIEmbed, APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { autocompleteInteraction, commandOptions, componentInteraction, slashCommandInteraction } from '../../test/support/discord-keys.ts';
import { loadTruth, type TruthRound } from '../../test/support/corpus.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { dispatchInteraction } from '../discord/dispatch.ts';
import { assertWithinLimits, LIMITS } from '../discord/limits.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { sessionReport, sessionTimeline } from '../queries/session-report.ts';
import { recomputeAll } from '../recompute/index.ts';
import { lastSession } from './last-session.ts';
import type { Command } from './registry.ts';
import type { CommandServices } from './services.ts';
import { session } from './session.ts';
import { SESSION_VIEWS } from './session-views.ts';
import { sessions } from './sessions.ts';

const truth = loadTruth();
const NOW = new Date('2025-10-20T12:00:00Z');
const byFile = new Map(truth.rounds.map((r) => [r.file, r]));
const lastTruth = truth.sessions.at(-1) as (typeof truth.sessions)[number];
const lastRounds = lastTruth.rounds.map((file) => byFile.get(file) as TruthRound);

let handle: DatabaseHandle;
let logs: { level: string; event: string }[];
const commands: Command<CommandServices>[] = [lastSession, session, sessions];

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await recomputeAll(handle.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
});
afterAll(() => handle.close());

/** Runs an interaction through the real dispatcher; a trimmed or failed answer fails the test. */
async function send(interaction: APIInteraction): Promise<APIInteractionResponse> {
  logs = [];
  const response = await dispatchInteraction(interaction, {
    services: { db: handle.db, config: testConfig() },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9/api/v10' }),
    commands,
    waitUntil: () => {},
    log: (level, event) => logs.push({ level, event }),
  });
  expect(logs.filter((l) => l.level !== 'info')).toEqual([]);
  return response;
}

/** The message of an immediate answer (type 4 or 7), checked against Discord's limits before the transport's trimming. */
function messageOf(response: APIInteractionResponse): DiscordMessage & { flags?: number } {
  expect([InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.UpdateMessage]).toContain(response.type);
  const data = (response as { data: DiscordMessage & { flags?: number } }).data;
  assertWithinLimits(data);
  for (const row of data.components ?? []) {
    for (const c of row.components) if ('custom_id' in c) expect(c.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
  }
  return data;
}

const embedOf = (message: DiscordMessage) => message.embeds?.[0] as APIEmbed;
const textOf = (embed: APIEmbed) => [embed.title, embed.description, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), embed.footer?.text].join('\n');
const sum = (rounds: readonly TruthRound[], guid: string, key: string) =>
  rounds.reduce((n, r) => n + (((r.players?.[guid] as Record<string, unknown> | undefined)?.[key] as number | undefined) ?? 0), 0);
/** The custom_id of the `index`th component of the first row. */
function componentId(message: DiscordMessage, index: number): string {
  const component = message.components?.[0]?.components[index];
  if (!component || !('custom_id' in component)) throw new Error(`the message has no component ${index} with a custom_id`);
  return component.custom_id;
}

async function lastSessionId(): Promise<number> {
  const message = messageOf(await send(slashCommandInteraction('last_session')));
  return Number(/#(\d+)/.exec(embedOf(message).title ?? '')?.[1]);
}

describe('/last_session', () => {
  it('summarises the latest session as truth.json has it: rounds, lineup, maps in order with their stopwatch scores', async () => {
    const message = messageOf(await send(slashCommandInteraction('last_session')));
    const embed = embedOf(message);
    expect(embed.title).toMatch(/^Last session \(#\d+\) · Summary$/);
    expect(embed.description).toContain(`**${lastRounds.length}** rounds`);
    expect(embed.description).toContain(`**${lastTruth.players.length}** players`);

    const report = await sessionReport(handle.db, await lastSessionId());
    expect(report?.players.filter((p) => p.lineup).map((p) => p.guid).sort()).toEqual([...lastTruth.players].sort());
    expect(report?.session.round_count).toBe(lastRounds.length);
    // A map play is an R1 (with its R2 when paired) or an orphan R2, whose R1 is missing.
    const plays = lastRounds.filter((r) => r.round === 1 || r.orphan);
    expect(report?.maps.map((m) => [m.map, m.orphan])).toEqual(plays.map((r) => [r.map, r.orphan === true]));
    const scores = lastRounds.filter((r) => r.round === 2 && r.map_score).map((r) => r.map_score);
    const complete = report?.maps.filter((m) => m.complete) ?? [];
    expect(complete.map((m) => ({ first_attackers: m.firstAttackersPoints, first_defenders: m.firstDefendersPoints }))).toEqual(scores);
    for (const [i, m] of complete.entries()) {
      const score = scores[i] as { first_attackers: number; first_defenders: number };
      const teamPoints = m.firstAttackersTeam === 'A' ? [score.first_attackers, score.first_defenders] : [score.first_defenders, score.first_attackers];
      expect([m.points?.A, m.points?.B]).toEqual(teamPoints);
      expect(textOf(embed)).toContain(`${m.order}. ${m.map.replaceAll('_', '\\_')} — A ${teamPoints[0]} : ${teamPoints[1]} B`);
    }
    const total = complete.reduce((t, m) => ({ A: t.A + (m.points?.A ?? 0), B: t.B + (m.points?.B ?? 0) }), { A: 0, B: 0 });
    expect(report?.result?.points).toEqual(total);
    expect(embed.description).toContain(`points ${total.A}–${total.B}`);
    expect(textOf(embed)).toContain('R1 only');
    if (plays.some((r) => r.orphan)) expect(textOf(embed)).toContain('R2 only (its R1 is missing, figures unknown)');
  });

  it('gives each player the session totals of truth.json, and each map play their DPM (the timeline chart data)', async () => {
    const report = await sessionReport(handle.db, await lastSessionId(), { weapons: true });
    for (const player of report?.players ?? []) {
      for (const key of ['kills', 'deaths', 'damage_given', 'damage_received', 'revives_given', 'repairs_constructions', 'headshot_kills', 'gibs', 'xp']) {
        expect(player.figures[key as 'kills'], `${player.guid} ${key}`).toBe(sum(lastRounds, player.guid, key));
      }
      const weaponKills = (report?.weapons ?? []).filter((w) => w.guid === player.guid).reduce((n, w) => n + w.kills, 0);
      expect(weaponKills).toBe(player.figures.kills);
    }
    const timeline = sessionTimeline(report as NonNullable<typeof report>);
    expect(timeline.maps.map((m) => m.map)).toEqual(lastRounds.filter((r) => r.round === 1).map((r) => r.map));
    const plays = lastRounds.filter((r) => r.round === 1);
    for (const player of timeline.players) {
      plays.forEach((r1, i) => {
        const rounds = lastRounds.filter((r) => r.match === r1.match);
        const minutes = Math.round(10 * sum(rounds, player.guid, 'time_played_min')) / 10;
        const played = rounds.some((r) => r.players?.[player.guid]);
        const want = played ? (minutes > 0 ? sum(rounds, player.guid, 'damage_given') / minutes : 0) : null;
        if (want === null) expect(player.dpm[i]).toBeNull();
        else expect(player.dpm[i]).toBeCloseTo(want, 1);
      });
    }
  });

  it('shows every view within Discord’s limits, and the menu switches views in place', async () => {
    const id = await lastSessionId();
    for (const view of SESSION_VIEWS) {
      const message = messageOf(await send(slashCommandInteraction('last_session', commandOptions({ view }))));
      expect(embedOf(message).title).toMatch(new RegExp(`^Last session \\(#${id}\\) · `));
      const menu = message.components?.[0]?.components[0] as { custom_id: string; options: { value: string; default: boolean }[] };
      expect(menu.custom_id).toBe(`session:view:${id}:last`);
      expect(menu.options.find((o) => o.default)?.value).toBe(view);
    }
    const pressed = await send(componentInteraction(`session:view:${id}:last`, { values: ['combat'] }));
    expect(pressed.type).toBe(InteractionResponseType.UpdateMessage);
    const combat = embedOf(messageOf(pressed));
    expect(combat.title).toBe(`Last session (#${id}) · Combat`);
    expect(combat.description).toContain('```');
  });

  it('names each award with the figure that earned it, from the session’s totals', async () => {
    const message = messageOf(await send(slashCommandInteraction('last_session', commandOptions({ view: 'awards' }))));
    const text = embedOf(message).description ?? '';
    const totals = lastTruth.players.map((guid) => ({ guid, kills: sum(lastRounds, guid, 'kills'), revives: sum(lastRounds, guid, 'revives_given') }));
    const mostKills = Math.max(...totals.map((t) => t.kills));
    expect(text).toMatch(new RegExp(`\\*\\*Top fragger\\*\\* — .+: ${mostKills} kills`));
    const mostRevives = Math.max(...totals.map((t) => t.revives));
    if (mostRevives > 0) expect(text).toMatch(new RegExp(`\\*\\*Medic\\*\\* — .+: ${mostRevives} revive`));
    for (const title of ['Damage efficiency', 'Tank', 'Glass cannon', 'Worst death spree']) expect(text).toContain(`**${title}**`);
  });
});

describe('/session and /sessions', () => {
  it('finds a session by id or by its start date, and says what is wrong with anything else', async () => {
    const id = await lastSessionId();
    const day = lastTruth.rounds[0]?.slice(0, 10) as string;
    const byDate = embedOf(messageOf(await send(slashCommandInteraction('session', commandOptions({ session: day })))));
    expect(byDate.title).toBe(`Session #${id} · Summary`);
    const byId = embedOf(messageOf(await send(slashCommandInteraction('session', commandOptions({ session: `#${id}` })))));
    expect(byId.description).toBe(byDate.description);
    for (const [typed, reason] of [['2019-01-01', /No session started on 2019-01-01/], ['99999', /no session #99999/], ['yesterday', /neither a session id nor a date/], ['2025-02-30', /neither a session id nor a date/]] as const) {
      const answer = messageOf(await send(slashCommandInteraction('session', commandOptions({ session: typed }))));
      expect(answer.flags).toBe(MessageFlags.Ephemeral);
      expect(answer.content).toMatch(reason);
    }
  });

  it('shows every view of every session within Discord’s limits', async () => {
    const listed = await send(slashCommandInteraction('sessions'));
    expect(messageOf(listed)).toBeDefined();
    for (let id = 1; id <= truth.sessions.length + 2; id++) {
      const report = await sessionReport(handle.db, id);
      if (!report) continue;
      for (const view of SESSION_VIEWS) messageOf(await send(componentInteraction(`session:view:${id}`, { values: [view] })));
    }
  });

  it('autocompletes recent sessions, newest first, by id or date', async () => {
    const response = await send(autocompleteInteraction('session', commandOptions({ session: '' }, { focused: 'session' })));
    const choices = (response as { data: { choices: { name: string; value: string }[] } }).data.choices;
    expect(choices.length).toBe(truth.sessions.length);
    expect(choices[0]?.name).toContain(lastTruth.rounds[0]?.slice(0, 10));
    const day = truth.sessions[0]?.rounds[0]?.slice(0, 10) as string;
    const byId = await send(autocompleteInteraction('session', commandOptions({ session: `#${choices[0]?.value}` }, { focused: 'session' })));
    expect((byId as { data: { choices: { value: string }[] } }).data.choices[0]?.value).toBe(choices[0]?.value);
    const dated = await send(autocompleteInteraction('session', commandOptions({ session: day }, { focused: 'session' })));
    expect((dated as { data: { choices: { name: string }[] } }).data.choices.map((c) => c.name.split(' · ')[1])).toEqual([day]);
  });

  it('lists every session, ten per page, and the buttons page through them in place', async () => {
    const first = messageOf(await send(slashCommandInteraction('sessions')));
    expect(embedOf(first).title).toBe(`Gaming sessions (${truth.sessions.length})`);
    const seen = embedOf(first).description?.split('\n') ?? [];
    expect(seen).toHaveLength(10);
    const next = componentId(first, 2);
    const second = await send(componentInteraction(next));
    expect(second.type).toBe(InteractionResponseType.UpdateMessage);
    const rest = embedOf(messageOf(second)).description?.split('\n') ?? [];
    expect(rest).toHaveLength(truth.sessions.length - 10);
    const ids = [...seen, ...rest].map((line) => Number(/#(\d+)/.exec(line)?.[1]));
    expect(new Set(ids).size).toBe(truth.sessions.length);
    const lastLine = rest.at(-1) as string;
    const oldest = truth.sessions[0] as (typeof truth.sessions)[number];
    expect(lastLine).toContain(`${oldest.rounds.length} rounds`);
  });
});
