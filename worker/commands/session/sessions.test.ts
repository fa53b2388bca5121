import type { APIEmbed, APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commandOptions,
  componentInteraction,
  slashCommandInteraction,
} from '../../../scripts/dev/discord-keys.ts';
import { QUARTERS } from '../../../stats/seasons.ts';
import { minuteCode } from '../../../stats/sessions.ts';
import { DEFAULT_COMMUNITY } from '../../../test/support/community.ts';
import { loadTruth } from '../../../test/support/corpus.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../../test/support/corpus-database.ts';
import { nodeApp, testConfig } from '../../../test/support/node-app.ts';
import { rowsOf } from '../../db/rows.ts';
import { dispatchInteraction } from '../../discord/dispatch.ts';
import { assertWithinLimits } from '../../discord/limits.ts';
import type { DiscordMessage } from '../../discord/message.ts';
import { createDiscordRest } from '../../discord/rest.ts';
import { recomputeAll } from '../../recompute/index.ts';
import type { ListedSession } from '../../queries/session-list.ts';
import { session } from './session.ts';
import { parseMonth, sessionScore, sessions } from './sessions.ts';

const truth = loadTruth();
const NOW = new Date('2025-10-20T12:00:00Z');
let handle: CorpusDatabase;

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await recomputeAll(handle.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
});
afterAll(() => handle.close());

async function send(interaction: APIInteraction): Promise<APIInteractionResponse> {
  const logs: string[] = [];
  const response = await dispatchInteraction(interaction, {
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9/api/v10' }),
    commands: [session, sessions],
    waitUntil: () => {},
    log: (level, event) => {
      if (level !== 'info') logs.push(event);
    },
  });
  expect(logs).toEqual([]);
  return response;
}

function messageOf(response: APIInteractionResponse): DiscordMessage & { flags?: number } {
  expect([
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.UpdateMessage,
  ]).toContain(response.type);
  const data = (response as { data: DiscordMessage & { flags?: number } }).data;
  assertWithinLimits(data);
  return data;
}
const embedOf = (message: DiscordMessage) => message.embeds?.[0] as APIEmbed;
const linesOf = (message: DiscordMessage) => embedOf(message).description?.split('\n') ?? [];

/** The corpus's sessions per month of their start (UTC, the test config's server time zone). */
async function monthsOfCorpus() {
  const rows = await rowsOf<{ month: string; n: number }>(
    handle.db,
    sql`select to_char(started_at at time zone 'UTC', 'YYYY-MM') as month, count(*)::int as n from gaming_sessions group by 1 order by 1`,
  );
  return rows;
}

describe('/sessions [month]', () => {
  it("lists only that month's sessions, the month named in the title", async () => {
    const months = await monthsOfCorpus();
    expect(months.length).toBeGreaterThan(1);
    for (const { month, n } of months) {
      const message = messageOf(
        await send(slashCommandInteraction('sessions', commandOptions({ month }))),
      );
      const title = embedOf(message).title ?? '';
      expect(title).toMatch(
        new RegExp(`^Gaming sessions of \\w+ ${month.slice(0, 4)} \\(${n}\\)$`),
      );
      const ids = linesOf(message).map((line) => /#(\d+)/.exec(line)?.[1] ?? '');
      // An id is its start minute, so its first six digits are the month.
      for (const id of ids) expect(id.slice(0, 6)).toBe(month.replace('-', ''));
      expect(ids).toHaveLength(Math.min(n, 10));
    }
    expect(months.reduce((sum, m) => sum + m.n, 0)).toBe(truth.sessions.length);
  });

  it('pages within the month with the buttons', async () => {
    const [busiest] = (await monthsOfCorpus()).sort((a, b) => b.n - a.n) as [
      { month: string; n: number },
    ];
    const first = messageOf(
      await send(slashCommandInteraction('sessions', commandOptions({ month: busiest.month }))),
    );
    if (busiest.n <= 10) {
      expect(first.components).toBeUndefined();
      return;
    }
    const next = first.components?.[0]?.components[2] as { custom_id: string };
    const second = messageOf(await send(componentInteraction(next.custom_id)));
    expect(linesOf(second)).toHaveLength(busiest.n - 10);
    expect(embedOf(second).title).toBe(embedOf(first).title);
  });

  it('says what is wrong with a bad month, and which months have sessions when one has none', async () => {
    for (const month of ['2026-13', 'nov-26', '2026-1']) {
      const answer = messageOf(
        await send(slashCommandInteraction('sessions', commandOptions({ month }))),
      );
      expect(answer.flags).toBe(MessageFlags.Ephemeral);
      expect(answer.content).toMatch(/is not a month: give it as YYYY-MM, e.g. 2026-11/);
    }
    const none = messageOf(
      await send(slashCommandInteraction('sessions', commandOptions({ month: '2019-02' }))),
    );
    expect(none.flags).toBe(MessageFlags.Ephemeral);
    const latest = (await monthsOfCorpus()).at(-1)?.month as string;
    expect(none.content).toMatch(/^No session started in February 2019\. Months with sessions: /);
    expect(none.content).toContain(latest);
  });
});

describe("/sessions' results", () => {
  const listed = (over: Partial<ListedSession>): ListedSession => ({
    id: 202612042015,
    started_at: '2026-12-04T20:15:00Z',
    ended_at: '2026-12-04T22:15:00Z',
    round_count: 2,
    map_count: 1,
    player_count: 6,
    team_a_maps: 0,
    team_b_maps: 0,
    drawn_maps: 0,
    team_a_points: 0,
    team_b_points: 0,
    winner: null,
    team_a_name: null,
    team_b_name: null,
    ...over,
  });

  it('tells a drawn map (a double fullhold, 1–1) as drawn, never as a 0–0', () => {
    const one = listed({ drawn_maps: 1, team_a_points: 1, team_b_points: 1 });
    expect(sessionScore(one)).toBe(' · draw: 1 map drawn');
    expect(sessionScore(listed({ team_a_maps: 1, team_b_maps: 1, drawn_maps: 1 }))).toBe(
      ' · draw: 1–1 in maps, 1 map drawn',
    );
    expect(
      sessionScore(listed({ team_a_maps: 1, team_b_maps: 2, drawn_maps: 2, winner: 'B' })),
    ).toBe(' · Team B won 2–1 (2 maps drawn)');
    expect(sessionScore(listed({ team_a_maps: null, team_b_maps: null }))).toBe('');
  });

  it('shows every corpus session with a drawn map as such', async () => {
    const drawn = await rowsOf<{ id: number; drawn_maps: number }>(
      handle.db,
      sql`select session_id as id, drawn_maps from session_results where drawn_maps > 0`,
    );
    expect(drawn.length).toBeGreaterThan(0);
    const lines = [
      ...linesOf(messageOf(await send(slashCommandInteraction('sessions')))),
      ...linesOf(messageOf(await send(componentInteraction('sessions:page:>1')))),
    ];
    expect(lines).toHaveLength(truth.sessions.length);
    for (const line of lines) expect(line).not.toMatch(/0–0/);
    for (const { id, drawn_maps } of drawn) {
      const line = lines.find((l) => l.startsWith(`**#${id}**`)) as string;
      expect(line).toContain(drawn_maps === 1 ? '1 map drawn' : `${drawn_maps} maps drawn`);
    }
  });

  it('reads months strictly', () => {
    expect(parseMonth('2026-11')).toBe('2026-11');
    expect(parseMonth(' 2026-01 ')).toBe('2026-01');
    for (const bad of ['2026-00', '2026-13', '2026-1', '26-11', '2026/11'])
      expect(parseMonth(bad)).toBeNull();
  });
});

describe('/session and the API by a session id that changed', () => {
  it('answers with the session that now holds the old id’s minute, and says so', async () => {
    const [s] = await rowsOf<{ id: number; started_at: string }>(
      handle.db,
      sql`select id, to_json(started_at)#>>'{}' as started_at from gaming_sessions
      where ended_at - started_at > interval '30 minutes' order by started_at limit 1`,
    );
    const { id, started_at } = s as { id: number; started_at: string };
    // The id a session that began ten minutes into this one had, before a round that started earlier joined it.
    const stale = minuteCode(Date.parse(started_at) + 10 * 60_000);
    const answer = messageOf(
      await send(slashCommandInteraction('session', commandOptions({ session: String(stale) }))),
    );
    expect(embedOf(answer).title).toBe(`Session #${id} · Summary`);
    expect(answer.content).toMatch(new RegExp(`^Session #${stale} is now #${id}: `));

    const { app } = nodeApp(handle.db);
    const api = await app.request(`/api/sessions/${stale}`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({
      error: `no session ${stale}: its rounds are now in session ${id}`,
      session_id: id,
    });
    const direct = await app.request(`/api/sessions/${id}`);
    expect(((await direct.json()) as { id: unknown }).id).toBe(id);
    // Paging back by a twelve-digit id.
    const before = (await (await app.request(`/api/sessions?before=${id}&limit=100`)).json()) as {
      sessions: { id: number }[];
    };
    expect(before.sessions.map((x) => x.id).every((x) => x < id)).toBe(true);
    const all = await rowsOf<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from gaming_sessions where id < ${id}`,
    );
    expect(before.sessions).toHaveLength((all[0] as { n: number }).n);
  });

  it('explains an id from before ids were start minutes, and a minute when nothing was played', async () => {
    for (const [typed, reason] of [
      ['16', /^There is no session #16\. A session's id is the minute it started \(UTC\)/],
      [
        '201901010000',
        /^There is no session #201901010000: nothing was being played at 2019-01-01 00:00 UTC\./,
      ],
    ] as const) {
      const answer = messageOf(
        await send(slashCommandInteraction('session', commandOptions({ session: typed }))),
      );
      expect(answer.flags).toBe(MessageFlags.Ephemeral);
      expect(answer.content).toMatch(reason);
    }
  });
});
