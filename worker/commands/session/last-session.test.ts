import type { APIEmbed, APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../../stats/seasons.ts';
import {
  autocompleteInteraction,
  commandOptions,
  componentInteraction,
  slashCommandInteraction,
} from '../../../scripts/dev/discord-keys.ts';
import { loadTruth, type TruthRound } from '../../../test/support/corpus.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../../test/support/corpus-database.ts';
import {
  type FakeDiscord,
  type RecordedRequest,
  startFakeDiscord,
} from '../../../scripts/dev/fake-discord.ts';
import { testConfig } from '../../../test/support/node-app.ts';
import { decodePng, isPng } from '../../../test/unit/render-fixtures/png.ts';
import { dispatchInteraction } from '../../discord/dispatch.ts';
import { readCaller } from '../../discord/interaction.ts';
import { assertWithinLimits, LIMITS } from '../../discord/limits.ts';
import type { DiscordMessage } from '../../discord/message.ts';
import { createDiscordRest } from '../../discord/rest.ts';
import { sessionReport, sessionTimeline } from '../../queries/session-report.ts';
import { recomputeAll } from '../../recompute/index.ts';
import { sessionResultsChart, sessionTimelineChart } from '../../render/charts/index.ts';
import type { Renderer } from '../../render/renderer.ts';
import { createNodeRenderer } from '../../render/render-node.ts';
import { CHART_FAILED_NOTE } from '../kit/chart-reply.ts';
import { lastSession } from './last-session.ts';
import { sessionAttackTimes } from '../../queries/session-report.ts';
import type { Command } from '../../discord/command.ts';
import type { CommandServices } from '../../services.ts';
import { session, VIEW_CHARTS } from './session.ts';
import { sessionResultsInput, sessionTimelineInput } from './session-chart-inputs.ts';
import { SESSION_VIEWS, sessionMessage } from './session-views.ts';
import { realCompanions } from '../../../test/support/realdata.ts';
import { importStatsFile } from '../../importer/import-file.ts';
import { rowsOf } from '../../db/rows.ts';
import { sql } from 'drizzle-orm';
import { sessions } from './sessions.ts';
import { DEFAULT_COMMUNITY } from '../../../test/support/community.ts';

const truth = loadTruth();
const NOW = new Date('2025-10-20T12:00:00Z');
const byFile = new Map(truth.rounds.map((r) => [r.file, r]));
const lastTruth = truth.sessions.at(-1) as (typeof truth.sessions)[number];
const lastRounds = lastTruth.rounds.map((file) => byFile.get(file) as TruthRound);

let handle: CorpusDatabase;
let discord: FakeDiscord;
let logs: { level: string; event: string }[];
const commands: Command<CommandServices>[] = [lastSession, session, sessions];
const renderer = createNodeRenderer();

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await recomputeAll(handle.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
  discord = await startFakeDiscord();
});
afterAll(async () => {
  await discord.close();
  await handle.close();
});

/** Runs an interaction through the real dispatcher; a trimmed or failed answer fails the test. */
async function send(interaction: APIInteraction): Promise<APIInteractionResponse> {
  logs = [];
  const response = await dispatchInteraction(interaction, {
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9/api/v10' }),
    commands,
    waitUntil: () => {},
    log: (level, event) => logs.push({ level, event }),
  });
  expect(logs.filter((l) => l.level !== 'info')).toEqual([]);
  return response;
}

/**
 * With a renderer (the Node one by default) and the fake Discord: the interaction response and the edit of
 * @original its deferred work sent, as Discord receives it (multipart with the images).
 */
async function sendDrawn(
  interaction: APIInteraction,
  charts: Renderer = renderer,
): Promise<{ type: InteractionResponseType; edit: RecordedRequest }> {
  logs = [];
  const work: Promise<unknown>[] = [];
  const response = await dispatchInteraction(interaction, {
    services: {
      db: handle.db,
      config: testConfig(),
      community: DEFAULT_COMMUNITY,
      renderer: charts,
    },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: discord.apiBase }),
    commands,
    waitUntil: (task) => work.push(task),
    log: (level, event) => logs.push({ level, event }),
  });
  await Promise.all(work);
  const edit = discord.recorded.find(
    (r) => r.kind === 'editOriginal' && r.token === interaction.token,
  );
  if (!edit)
    throw new Error(
      `no edit of @original for ${interaction.token}; the response was type ${response.type}`,
    );
  expect(edit.status).toBe(200);
  return { type: response.type, edit };
}

type EditPayload = DiscordMessage & {
  attachments?: { id: number; filename: string; description?: string }[];
};

/** The edit's images in order, each checked: a PNG of a chart's width, listed with alt text, shown by the nth embed. */
function imagesOf(edit: RecordedRequest) {
  const payload = edit.payload as EditPayload;
  assertWithinLimits(payload);
  return edit.files.map((file, n) => {
    expect(file.contentType).toBe('image/png');
    expect(isPng(file.data)).toBe(true);
    const pixels = decodePng(file.data);
    expect([800, 900]).toContain(pixels.width);
    expect(pixels.height).toBeGreaterThan(150);
    expect(pixels.height).toBeLessThan(4000);
    const attachment = payload.attachments?.[n];
    expect(attachment).toMatchObject({ id: n, filename: file.name });
    expect(attachment?.description?.length).toBeGreaterThan(40);
    expect(payload.embeds?.[n]?.image).toEqual({ url: `attachment://${file.name}` });
    return { name: file.name, alt: attachment?.description ?? '', pixels };
  });
}

/** The message of an immediate answer (type 4 or 7), checked against Discord's limits before the transport's trimming. */
function messageOf(response: APIInteractionResponse): DiscordMessage & { flags?: number } {
  expect([
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.UpdateMessage,
  ]).toContain(response.type);
  const data = (response as { data: DiscordMessage & { flags?: number } }).data;
  assertWithinLimits(data);
  for (const row of data.components ?? []) {
    for (const c of row.components)
      if ('custom_id' in c) expect(c.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
  }
  return data;
}

const embedOf = (message: DiscordMessage) => message.embeds?.[0] as APIEmbed;
const textOf = (embed: APIEmbed) =>
  [
    embed.title,
    embed.description,
    ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]),
    embed.footer?.text,
  ].join('\n');
const sum = (rounds: readonly TruthRound[], guid: string, key: string) =>
  rounds.reduce(
    (n, r) =>
      n +
      (((r.players?.[guid] as Record<string, unknown> | undefined)?.[key] as number | undefined) ??
        0),
    0,
  );
/** The custom_id of the `index`th component of the first row. */
function componentId(message: DiscordMessage, index: number): string {
  const component = message.components?.[0]?.components[index];
  if (!component || !('custom_id' in component))
    throw new Error(`the message has no component ${index} with a custom_id`);
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

    const report = await sessionReport(handle.db, 1, await lastSessionId());
    expect(
      report?.players
        .filter((p) => p.lineup)
        .map((p) => p.guid)
        .sort(),
    ).toEqual([...lastTruth.players].sort());
    expect(report?.session.round_count).toBe(lastRounds.length);
    // A map play is an R1 (with its R2 when paired) or an orphan R2, whose R1 is missing.
    const plays = lastRounds.filter((r) => r.round === 1 || r.orphan);
    expect(report?.maps.map((m) => [m.map, m.orphan])).toEqual(
      plays.map((r) => [r.map, r.orphan === true]),
    );
    const scores = lastRounds.filter((r) => r.round === 2 && r.map_score).map((r) => r.map_score);
    const complete = report?.maps.filter((m) => m.complete) ?? [];
    expect(
      complete.map((m) => ({
        first_attackers: m.firstAttackersPoints,
        first_defenders: m.firstDefendersPoints,
      })),
    ).toEqual(scores);
    for (const [i, m] of complete.entries()) {
      const score = scores[i] as { first_attackers: number; first_defenders: number };
      const teamPoints =
        m.firstAttackersTeam === 'A'
          ? [score.first_attackers, score.first_defenders]
          : [score.first_defenders, score.first_attackers];
      expect([m.points?.A, m.points?.B]).toEqual(teamPoints);
      expect(textOf(embed)).toContain(
        `${m.order}. ${m.map.replaceAll('_', '\\_')} — Team A ${teamPoints[0]} : ${teamPoints[1]} Team B`,
      );
    }
    const total = complete.reduce(
      (t, m) => ({ A: t.A + (m.points?.A ?? 0), B: t.B + (m.points?.B ?? 0) }),
      { A: 0, B: 0 },
    );
    expect(report?.result?.points).toEqual(total);
    expect(embed.description).toContain(`points ${total.A}–${total.B}`);
    expect(textOf(embed)).toContain('R1 only');
    if (plays.some((r) => r.orphan))
      expect(textOf(embed)).toContain('R2 only (its R1 is missing, figures unknown)');
  });

  it('gives each player the session totals of truth.json, and each map play their DPM (the timeline chart data)', async () => {
    const report = await sessionReport(handle.db, 1, await lastSessionId(), { weapons: true });
    for (const player of report?.players ?? []) {
      for (const key of [
        'kills',
        'deaths',
        'damage_given',
        'damage_received',
        'revives_given',
        'repairs_constructions',
        'headshot_kills',
        'gibs',
        'xp',
      ]) {
        expect(player.figures[key as 'kills'], `${player.guid} ${key}`).toBe(
          sum(lastRounds, player.guid, key),
        );
      }
      const weaponKills = (report?.weapons ?? [])
        .filter((w) => w.guid === player.guid)
        .reduce((n, w) => n + w.kills, 0);
      expect(weaponKills).toBe(player.figures.kills);
    }
    const timeline = sessionTimeline(report as NonNullable<typeof report>);
    expect(timeline.maps.map((m) => m.map)).toEqual(
      lastRounds.filter((r) => r.round === 1).map((r) => r.map),
    );
    const plays = lastRounds.filter((r) => r.round === 1);
    for (const player of timeline.players) {
      plays.forEach((r1, i) => {
        const rounds = lastRounds.filter((r) => r.match === r1.match);
        const minutes = Math.round(10 * sum(rounds, player.guid, 'time_played_min')) / 10;
        const played = rounds.some((r) => r.players?.[player.guid]);
        const want = played
          ? minutes > 0
            ? sum(rounds, player.guid, 'damage_given') / minutes
            : 0
          : null;
        if (want === null) expect(player.dpm[i]).toBeNull();
        else expect(player.dpm[i]).toBeCloseTo(want, 1);
      });
    }
  });

  it('shows every view within Discord’s limits, and the menu switches views in place', async () => {
    const id = await lastSessionId();
    for (const view of SESSION_VIEWS) {
      const message = messageOf(
        await send(slashCommandInteraction('last_session', commandOptions({ view }))),
      );
      expect(embedOf(message).title).toMatch(new RegExp(`^Last session \\(#${id}\\) · `));
      const menu = message.components?.[0]?.components[0] as {
        custom_id: string;
        options: { value: string; default: boolean }[];
      };
      expect(menu.custom_id).toBe(`session:view:${id}:last`);
      expect(menu.options.find((o) => o.default)?.value).toBe(view);
    }
    const pressed = await send(
      componentInteraction(`session:view:${id}:last`, { values: ['combat'] }),
    );
    expect(pressed.type).toBe(InteractionResponseType.UpdateMessage);
    const combat = embedOf(messageOf(pressed));
    expect(combat.title).toBe(`Last session (#${id}) · Combat`);
    expect(combat.description).toContain('```');
  });

  it('names each award with the figure that earned it, from the session’s totals', async () => {
    const message = messageOf(
      await send(slashCommandInteraction('last_session', commandOptions({ view: 'awards' }))),
    );
    const text = embedOf(message).description ?? '';
    const totals = lastTruth.players.map((guid) => ({
      guid,
      kills: sum(lastRounds, guid, 'kills'),
      revives: sum(lastRounds, guid, 'revives_given'),
    }));
    const mostKills = Math.max(...totals.map((t) => t.kills));
    expect(text).toMatch(new RegExp(`\\*\\*Top fragger\\*\\* — .+: ${mostKills} kills`));
    const mostRevives = Math.max(...totals.map((t) => t.revives));
    if (mostRevives > 0)
      expect(text).toMatch(new RegExp(`\\*\\*Medic\\*\\* — .+: ${mostRevives} revive`));
    for (const title of ['Damage efficiency', 'Tank', 'Glass cannon', 'Worst death spree'])
      expect(text).toContain(`**${title}**`);
  });
});

describe('/last_session with charts', () => {
  it('answers deferred with the results card and the performance panel under the summary', async () => {
    const id = await lastSessionId();
    const text = messageOf(await send(slashCommandInteraction('last_session')));
    const { type, edit } = await sendDrawn(slashCommandInteraction('last_session'));
    expect(type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(logs.filter((l) => l.level !== 'info')).toEqual([]);
    const payload = edit.payload as EditPayload;
    // The summary is the same text as without charts, menu included.
    expect(embedOf(payload).description).toBe(embedOf(text).description);
    expect(payload.components).toEqual(text.components);
    const images = imagesOf(edit);
    expect(images.map((i) => i.name)).toEqual([
      `session-${id}-results.png`,
      `session-${id}-performance.png`,
    ]);
    const report = (await sessionReport(handle.db, 1, id))!;
    const points = report.result!.points;
    expect(images[0]!.alt).toContain(`Team A ${points.A} – ${points.B} Team B in stopwatch points`);
    // Ranked by damage given (DPM × time played), everyone who started a map.
    const lineup = report.players.filter((p) => p.lineup);
    const best = [...lineup].sort((a, b) => b.figures.damage_given - a.figures.damage_given)[0]!;
    expect(images[1]!.alt).toContain(
      `the ${lineup.length} players who started a map, ranked by damage given (dpm × time played)`,
    );
    expect(images[1]!.alt).toContain(
      `Best: ${best.name} ${best.figures.damage_given.toLocaleString('en-US')} damage, ${best.figures.dpm.toFixed(1)} DPM`,
    );
  });

  it('switches views through the menu by editing in the new view’s images: combat, maps, weapons, then text only', async () => {
    const id = await lastSessionId();
    const expected: Record<string, string[]> = {
      combat: ['performance', 'efficiency'],
      maps: ['timeline', 'results'],
      weapons: ['weapons'],
      awards: [],
    };
    for (const [view, kinds] of Object.entries(expected)) {
      expect(VIEW_CHARTS[view as keyof typeof VIEW_CHARTS]).toEqual(kinds);
      const { type, edit } = await sendDrawn(
        componentInteraction(`session:view:${id}:last`, { values: [view] }),
      );
      expect(type, view).toBe(InteractionResponseType.DeferredMessageUpdate);
      expect(embedOf(edit.payload as EditPayload).title).toBe(
        `Last session (#${id}) · ${view[0]!.toUpperCase()}${view.slice(1)}`,
      );
      expect(
        imagesOf(edit).map((i) => i.name),
        view,
      ).toEqual(kinds.map((kind) => `session-${id}-${kind}.png`));
    }
    // A text-only view states that the message has no files, so the earlier images go (see chartUpdate).
    const interaction = componentInteraction(`session:view:${id}:last`, { values: ['awards'] });
    const result = await session.component!({
      caller: readCaller(interaction),
      services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY, renderer },
      now: () => NOW,
      rest: createDiscordRest({ baseUrl: discord.apiBase }),
      applicationId: interaction.application_id,
      log: () => {},
      commands,
      interaction,
      customId: `view:${id}:last`,
      values: ['awards'],
    });
    expect(result.kind).toBe('deferUpdate');
    expect(result.kind === 'deferUpdate' && (await result.finish()).files).toEqual([]);
  });

  it('answers the summary as text with a note when the renderer throws', async () => {
    const broken: Renderer = { renderPng: () => Promise.reject(new Error('resvg: wasm trap')) };
    const text = messageOf(await send(slashCommandInteraction('last_session')));
    const { edit } = await sendDrawn(slashCommandInteraction('last_session'), broken);
    const payload = edit.payload as EditPayload;
    expect(payload.content).toBe(CHART_FAILED_NOTE);
    expect(embedOf(payload).description).toBe(embedOf(text).description);
    expect(edit.files).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn' }));
  });

  it('draws the results card and the timeline from the recompute’s teams and each map’s figures, as truth.json has them', async () => {
    const id = await lastSessionId();
    const report = (await sessionReport(handle.db, 1, id))!;
    const times = await sessionAttackTimes(handle.db, 1, id);
    const results = sessionResultsInput(report, undefined, times);
    const complete = report.maps.filter((m) => m.points !== null);
    expect(results.maps.map((m) => [m.map, ...m.points])).toEqual(
      complete.map((m) => [m.map, m.points!.A, m.points!.B]),
    );
    expect(results.score).toEqual([report.result!.points.A, report.result!.points.B]);
    expect([...results.teams[0].players, ...results.teams[1].players].sort()).toEqual(
      report.players
        .filter((p) => p.team !== null)
        .map((p) => p.name)
        .sort(),
    );
    // Map plays with a match are the session's R1s in order (see the timeline test above).
    const r1s = lastRounds.filter((r) => r.round === 1);
    const plays = report.maps.filter((m) => m.matchId !== null);
    const seen: (number | null)[] = [];
    for (const [i, m] of complete.entries()) {
      const r1 = r1s[plays.indexOf(m)]!;
      const r2 = lastRounds.find((r) => r.round === 2 && r.match === r1.match)!;
      const first = r1.winner !== r1.defender ? r1.duration_s : null;
      const second = r2.winner !== r2.defender ? r2.duration_s : null;
      const want = m.firstAttackersTeam === 'A' ? [first, second] : [second, first];
      expect(results.maps[i]?.attackTimesS, m.map).toEqual(want);
      seen.push(...want);
    }
    // Both kinds occur, so neither a missing time nor a made-up one goes unnoticed.
    expect(seen.some((t) => t === null) && seen.some((t) => t !== null)).toBe(true);
    expect(() => sessionResultsChart(results)).not.toThrow();
    const timeline = sessionTimelineInput(report);
    expect(timeline.xLabels).toEqual(lastRounds.filter((r) => r.round === 1).map((r) => r.map));
    for (const p of timeline.players) expect(p.values).toHaveLength(timeline.xLabels.length);
    expect(() => sessionTimelineChart(timeline)).not.toThrow();
  });
});

describe('/session and /sessions', () => {
  it('finds a session by id or by its start date, and says what is wrong with anything else', async () => {
    const id = await lastSessionId();
    const day = lastTruth.rounds[0]?.slice(0, 10) as string;
    const byDate = embedOf(
      messageOf(await send(slashCommandInteraction('session', commandOptions({ session: day })))),
    );
    expect(byDate.title).toBe(`Session #${id} · Summary`);
    const byId = embedOf(
      messageOf(
        await send(slashCommandInteraction('session', commandOptions({ session: `#${id}` }))),
      ),
    );
    expect(byId.description).toBe(byDate.description);
    for (const [typed, reason] of [
      ['2019-01-01', /No session started on 2019-01-01/],
      ['99999', /no session #99999/],
      ['yesterday', /neither a session id nor a date/],
      ['2025-02-30', /neither a session id nor a date/],
    ] as const) {
      const answer = messageOf(
        await send(slashCommandInteraction('session', commandOptions({ session: typed }))),
      );
      expect(answer.flags).toBe(MessageFlags.Ephemeral);
      expect(answer.content).toMatch(reason);
    }
  });

  it('draws /session’s summary like /last_session’s: the results card and the performance panel', async () => {
    const id = await lastSessionId();
    const { type, edit } = await sendDrawn(
      slashCommandInteraction('session', commandOptions({ session: String(id) })),
    );
    expect(type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(embedOf(edit.payload as EditPayload).title).toBe(`Session #${id} · Summary`);
    expect(imagesOf(edit).map((i) => i.name)).toEqual([
      `session-${id}-results.png`,
      `session-${id}-performance.png`,
    ]);
  });

  it('shows every view of every session within Discord’s limits', async () => {
    const listed = await send(slashCommandInteraction('sessions'));
    expect(messageOf(listed)).toBeDefined();
    const ids = await rowsOf<{ id: number }>(handle.db, sql`select id from gaming_sessions`);
    expect(ids).toHaveLength(truth.sessions.length);
    for (const { id } of ids) {
      for (const view of SESSION_VIEWS)
        messageOf(await send(componentInteraction(`session:view:${id}`, { values: [view] })));
    }
  });

  it('autocompletes recent sessions, newest first, by id or date', async () => {
    const response = await send(
      autocompleteInteraction('session', commandOptions({ session: '' }, { focused: 'session' })),
    );
    const choices = (response as { data: { choices: { name: string; value: string }[] } }).data
      .choices;
    expect(choices.length).toBe(truth.sessions.length);
    expect(choices[0]?.name).toContain(lastTruth.rounds[0]?.slice(0, 10));
    const day = truth.sessions[0]?.rounds[0]?.slice(0, 10) as string;
    const byId = await send(
      autocompleteInteraction(
        'session',
        commandOptions({ session: `#${choices[0]?.value}` }, { focused: 'session' }),
      ),
    );
    expect((byId as { data: { choices: { value: string }[] } }).data.choices[0]?.value).toBe(
      choices[0]?.value,
    );
    const dated = await send(
      autocompleteInteraction('session', commandOptions({ session: day }, { focused: 'session' })),
    );
    expect(
      (dated as { data: { choices: { name: string }[] } }).data.choices.map(
        (c) => c.name.split(' · ')[1],
      ),
    ).toEqual([day]);
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

describe("the server's own awards", () => {
  it('shows the endstats companion of a round in the awards view, whenever it arrived', async () => {
    const [companion] = realCompanions();
    const round = lastRounds[0] as TruthRound;
    const outcome = await importStatsFile(
      handle.db,
      {
        serverId: handle.serverId,
        fileName: round.file.replace(/\.txt$/, '-endstats.txt'),
        bytes: (companion as { bytes: Uint8Array }).bytes,
        receivedAt: NOW,
      },
      { sessionGapMinutes: 60 },
    );
    expect(outcome).toMatchObject({ status: 'companion', roundFileName: round.file });
    const report = await sessionReport(handle.db, 1, await lastSessionId());
    expect(report?.serverAwards).toHaveLength(1);
    const text = sessionMessage(report!, 'awards').embeds?.[0]?.description ?? '';
    expect(text).toContain('**Server awards**');
    expect(text).toContain(`${round.map} R${round.round}: Most damage given vid 3214`);
  });
});

describe('the maps view, round by round', () => {
  it('gives every round of the last session its time, its attackers and its best DPM, as truth.json has them', async () => {
    const id = await lastSessionId();
    const report = await sessionReport(handle.db, 1, id, { rounds: true });
    const paired = lastRounds.filter((r) => r.match !== null);
    expect(report?.rounds.map((r) => [r.round, r.durationS])).toEqual(
      paired.map((r) => [r.round, r.duration_s]),
    );
    for (const [i, round] of (report?.rounds ?? []).entries()) {
      const truthRound = paired[i] as TruthRound;
      const humans = Object.entries(truthRound.players ?? {}).filter(
        ([, p]) => !p.bot && p.team !== 3,
      );
      // Everyone on the attacking side is on the team said to attack; everyone else on the other.
      for (const [guid, p] of humans) {
        const attacking = p.team !== truthRound.defender;
        const team = round.players.find((f) => f.guid === guid)?.team;
        expect(team === round.attackers, `${truthRound.file} ${guid}`).toBe(attacking);
      }
      const best = Math.max(
        ...humans.map(([, p]) =>
          p.time_played_min > 0 ? Math.round((100 * p.damage_given) / p.time_played_min) / 100 : 0,
        ),
      );
      expect(round.players[0]?.dpm, truthRound.file).toBeCloseTo(best, 1);
    }
  });

  it('shows R1 and R2 of each map play with who attacked and how it ended', async () => {
    const message = messageOf(
      await send(slashCommandInteraction('last_session', commandOptions({ view: 'maps' }))),
    );
    const [first] = embedOf(message).fields ?? [];
    const r1 = lastRounds.find((r) => r.match !== null && r.round === 1) as TruthRound;
    const r2 = lastRounds.find((r) => r.match === r1.match && r.round === 2);
    const clock = (s: number | null) =>
      s === null ? 'time unknown' : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    const lines = first?.value.split('\n') ?? [];
    expect(lines[0]).toMatch(/^\*\*R1\*\* · Team [AB] attacked · /);
    expect(lines[0]).toContain(clock(r1.duration_s));
    expect(lines[1]).toMatch(/^└ .+ DPM \d+\/\d+/);
    if (r2) {
      expect(lines[2]).toMatch(/^\*\*R2\*\* · Team [AB] attacked · /);
      expect(lines[2]?.match(/Team ([AB])/)?.[1]).not.toBe(lines[0]?.match(/Team ([AB])/)?.[1]);
      expect(lines[2]).toContain(clock(r2.duration_s));
    }
  });

  it('shows the lineups view with each team at the start', async () => {
    const message = messageOf(
      await send(slashCommandInteraction('last_session', commandOptions({ view: 'lineups' }))),
    );
    const text = embedOf(message).description ?? '';
    expect(text).toMatch(/\*\*Start\*\* \(1\. /);
    expect(text).toMatch(/\nTeam A: .+\nTeam B: .+/);
  });
});
