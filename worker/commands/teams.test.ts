import type { APIEmbed, APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import { InteractionResponseType } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commandOptions,
  componentInteraction,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { minuteCode } from '../../stats/sessions.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { testConfig } from '../../test/support/node-app.ts';
import { rowsOf } from '../db/rows.ts';
import { dispatchInteraction } from '../discord/dispatch.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { recomputeAll } from '../recompute/index.ts';
import { HISTORY_PAGE_SIZE, teams } from './teams.ts';

const NOW = new Date('2025-10-20T12:00:00Z');
let handle: CorpusDatabase;

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await recomputeAll(handle.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
});
afterAll(() => handle.close());

async function send(interaction: APIInteraction): Promise<APIInteractionResponse> {
  const logs: { level: string; event: string }[] = [];
  const response = await dispatchInteraction(interaction, {
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9/api/v10' }),
    commands: [teams],
    waitUntil: () => {},
    log: (level, event) => logs.push({ level, event }),
  });
  expect(logs.filter((l) => l.level !== 'info')).toEqual([]);
  return response;
}

const history = (values: Record<string, string | number>) =>
  slashCommandInteraction('teams', commandOptions(values, { subcommand: ['history'] }));
const messageOf = (response: APIInteractionResponse) => {
  const data = (response as { data: DiscordMessage }).data;
  assertWithinLimits(data);
  return data;
};
const embedOf = (response: APIInteractionResponse) => messageOf(response).embeds?.[0] as APIEmbed;

/** What the history must say, worked out from the stored teams and map points in TypeScript. */
async function expectedHistory(guids: readonly string[]) {
  const members = await rowsOf<{ session_id: number; guid: string; team: 'A' | 'B' }>(
    handle.db,
    sql`select session_id, guid, team from session_teams`,
  );
  const maps = await rowsOf<{ session_id: number; a: number | null; b: number | null }>(
    handle.db,
    sql`select session_id, team_a_points as a, team_b_points as b from session_maps`,
  );
  const sessions = [...new Set(members.map((m) => m.session_id))].flatMap((id) => {
    const sides = guids.map((g) => members.find((m) => m.session_id === id && m.guid === g)?.team);
    const team = sides[0];
    if (!team || sides.some((s) => s !== team)) return [];
    const scored = maps.filter((m) => m.session_id === id && m.a !== null && m.b !== null);
    const ours = (m: { a: number | null; b: number | null }) =>
      team === 'A' ? m.a! - m.b! : m.b! - m.a!;
    return [
      {
        id,
        team,
        won: scored.filter((m) => ours(m) > 0).length,
        lost: scored.filter((m) => ours(m) < 0).length,
      },
    ];
  });
  return sessions;
}

describe('/teams history', () => {
  it('lists every session a lineup played on one team, with its maps won and lost, as the stored teams have it', async () => {
    // The pair of players who shared a team most often.
    const [pair] = await rowsOf<{ a: string; b: string }>(
      handle.db,
      sql`select x.guid as a, y.guid as b from session_teams x join session_teams y
        on y.session_id = x.session_id and y.team = x.team and y.guid > x.guid
        group by x.guid, y.guid order by count(*) desc, x.guid, y.guid limit 1`,
    );
    const expected = await expectedHistory([pair!.a, pair!.b]);
    expect(expected.length).toBeGreaterThan(1);
    const embed = embedOf(await send(history({ player1: pair!.a, player2: pair!.b })));
    const lines = (embed.description ?? '').split('\n').filter((l) => l.startsWith('**#'));
    expect(lines.map((l) => Number(/^\*\*#(\d+)/.exec(l)?.[1])).sort((x, y) => x - y)).toEqual(
      expected.map((s) => s.id).sort((x, y) => x - y),
    );
    for (const s of expected) {
      const line = lines.find((l) => l.startsWith(`**#${s.id}**`));
      expect(line).toContain(`as Team ${s.team} of `);
      expect(line).toMatch(new RegExp(`maps ${s.won}–${s.lost}( \\(\\d+ drawn\\))?$`));
    }
    const mapsWon = expected.reduce((n, s) => n + s.won, 0);
    const mapsLost = expected.reduce((n, s) => n + s.lost, 0);
    expect(embed.description).toContain(`${expected.length} sessions on one team: won `);
    expect(embed.description).toMatch(new RegExp(`· maps ${mapsWon}–${mapsLost}`));
  });

  it('takes the lineup of a session’s team: its starters, that session among its history', async () => {
    const [team] = await rowsOf<{ session_id: number; guids: string[] }>(
      handle.db,
      sql`select session_id, array_agg(guid order by guid) as guids from session_teams
        where team = 'A' and role = 'starter' group by session_id having count(*) >= 2
        order by session_id desc limit 1`,
    );
    const embed = embedOf(await send(history({ session: team!.session_id, team: 'A' })));
    expect(embed.description).toContain(`**#${team!.session_id}** · `);
    const expected = await expectedHistory(team!.guids);
    expect((embed.description ?? '').match(/^\*\*#/gm)?.length).toBe(
      Math.min(expected.length, HISTORY_PAGE_SIZE),
    );
  });

  it('says what is wrong with a lineup it cannot read, and what to do', async () => {
    const said = async (values: Record<string, string | number>) =>
      messageOf(await send(history(values))).content;
    expect(await said({ player1: 'nobody-at-all' })).toBe(
      'Name at least two players (player1, player2…), or give a session and a team.',
    );
    expect(await said({ session: 1 })).toBe('Say which team of session 1: team A or B.');
    expect(await said({ session: 99999, team: 'B' })).toBe(
      'Session 99999 has no team B: check the number in /sessions (teams are worked out after each import).',
    );
    expect(await said({ session: 1, team: 'A', player1: 'x' })).toBe(
      'Give either players or a session’s team, not both.',
    );
    const [some] = await rowsOf<{ guid: string }>(
      handle.db,
      sql`select guid from session_teams order by guid limit 1`,
    );
    expect(await said({ player1: some!.guid, player2: some!.guid })).toBe(
      'The same player is named twice: name each player once.',
    );
    expect(await said({ player1: some!.guid, player2: 'zz-no-such-player' })).toMatch(
      /^No player matches 'zz\\-no\\-such\\-player'/,
    );
  });
});

describe('/teams history over many sessions', () => {
  // Twelve more sessions in 2030 on the corpus server, two players on team A in each; A wins the odd ones.
  const LINEUP = ['7E570001', '7E570002'];
  const EXTRA = 12;

  beforeAll(async () => {
    for (let i = 0; i < EXTRA; i++) {
      const at = new Date(Date.UTC(2030, 0, 1 + i, 20));
      const [row] = await rowsOf<{ id: number }>(
        handle.db,
        sql`insert into gaming_sessions (id, server_id, started_at, ended_at, round_count, map_count, player_count)
          values (${minuteCode(at.getTime())}, ${handle.serverId}, ${at.toISOString()}, ${at.toISOString()}, 2, 1, 2) returning id`,
      );
      const id = row!.id;
      for (const guid of LINEUP)
        await handle.db.execute(sql`insert into session_teams (session_id, guid, team, confidence, source, role,
          rounds, agreeing_rounds, first_round_id, last_round_id) values (${id}, ${guid}, 'A', 1, 'detected', 'starter', 2, 2, 0, 0)`);
      const [a, b] = i % 2 === 1 ? [2, 0] : [1, 1];
      await handle.db.execute(sql`insert into session_maps (session_id, match_id, map, play_order,
        first_attackers_team, team_a_points, team_b_points, confidence) values (${id}, ${900_000 + i}, 'supply', 0, 'A', ${a}, ${b}, 1)`);
      await handle.db.execute(sql`insert into session_results (session_id, team_a_maps, team_b_maps, drawn_maps,
        team_a_points, team_b_points, winner, confidence) values (${id}, ${a > b ? 1 : 0}, 0, ${a === b ? 1 : 0}, ${a}, ${b}, ${a > b ? 'A' : null}, 1)`);
    }
  });

  it('pages through a long history ten at a time, newest first, in place', async () => {
    const [newest] = await rowsOf<{ id: number }>(
      handle.db,
      sql`select id from gaming_sessions order by started_at desc limit 1`,
    );
    const first = messageOf(await send(history({ session: newest!.id, team: 'A' })));
    const firstEmbed = first.embeds?.[0] as APIEmbed;
    expect(firstEmbed.description).toContain(
      '12 sessions on one team: won 6, lost 0, drew 6 · maps 6–0 (6 drawn)',
    );
    const lines = (firstEmbed.description ?? '').split('\n').filter((l) => l.startsWith('**#'));
    expect(lines).toHaveLength(HISTORY_PAGE_SIZE);
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\*\\*#${newest!.id}\\*\\* · <t:\\d+:d> · as Team A of 2 · \\*\\*won\\*\\* · maps 1–0$`,
      ),
    );
    const next = first.components?.[0]?.components.at(-1) as { custom_id: string };
    expect(next.custom_id).toBe(`teams:history:>1:${LINEUP.join('.')}`);
    const pressed = await send(componentInteraction(next.custom_id));
    expect(pressed.type).toBe(InteractionResponseType.UpdateMessage);
    const rest = (embedOf(pressed).description ?? '')
      .split('\n')
      .filter((l) => l.startsWith('**#'));
    expect(rest).toHaveLength(EXTRA - HISTORY_PAGE_SIZE);
    expect(rest.at(-1)).toContain('**drew** · maps 0–0 (1 drawn)');
  });

  it('refuses a button whose lineup it cannot read', async () => {
    const response = await send(componentInteraction('teams:history:>1:not a guid'));
    expect(messageOf(response).content).toBe(
      'This button is from an older version of the bot; run /teams history again.',
    );
  });
});
