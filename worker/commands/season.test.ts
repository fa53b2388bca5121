import type { APIEmbed, APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripColours } from '../../stats/decode.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { addCommunity, DEFAULT_COMMUNITY } from '../../test/support/community.ts';
import { loadTruth, type TruthRound } from '../../test/support/corpus.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { testConfig } from '../../test/support/node-app.ts';
import {
  autocompleteInteraction,
  commandOptions,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Command } from '../discord/command.ts';
import { dispatchInteraction } from '../discord/dispatch.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { createDiscordRest } from '../discord/rest.ts';
import type { Community } from '../queries/communities.ts';
import { recomputeAll } from '../recompute/index.ts';
import type { CommandServices } from '../services.ts';
import { formatCount, playerName } from './kit/text-format.ts';
import { season } from './season.ts';
import { top } from './top.ts';

// The sample corpus was played from 2025-09-04 to 2025-10-13; the clock is over a year later, in 2026 Q4,
// as for anyone who runs `npm start` on it now: every "current" period holds no round.
const truth = loadTruth();
const NOW = new Date('2026-12-05T08:00:00Z');
const LATEST = '2025-10-13';
const commands: Command<CommandServices>[] = [season, top];
let handle: DatabaseHandle;
let bravo: Community;

beforeAll(async () => {
  handle = await openCorpusDatabase();
  bravo = { id: await addCommunity(handle.db, 'bravo', 'Bravo'), slug: 'bravo', name: 'Bravo' };
  await recomputeAll(handle.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
});
afterAll(() => handle.close());

async function dispatch(
  interaction: APIInteraction,
  community: Community = DEFAULT_COMMUNITY,
): Promise<APIInteractionResponse> {
  const logs: string[] = [];
  const response = await dispatchInteraction(interaction, {
    services: { db: handle.db, config: testConfig(), community },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9/api/v10' }),
    commands,
    waitUntil: () => {},
    log: (level, event) => logs.push(`${level} ${event}`),
  });
  expect(logs.filter((l) => !l.startsWith('info'))).toEqual([]);
  return response;
}

async function send(
  interaction: APIInteraction,
  community?: Community,
): Promise<DiscordMessage & { flags?: number }> {
  const response = await dispatch(interaction, community);
  expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  const data = (response as { data: DiscordMessage & { flags?: number } }).data;
  assertWithinLimits(data);
  return data;
}

const ask = (name: string, options: Record<string, string> = {}, community?: Community) =>
  send(slashCommandInteraction(name, commandOptions(options)), community);
const embeds = (message: DiscordMessage) => (message.embeds ?? []) as APIEmbed[];
const field = (embed: APIEmbed | undefined, name: string) =>
  embed?.fields?.find((f) => f.name === name)?.value ?? '';

/** The file name's time: the corpus server runs on UTC, and the importer stores it as the round's end. */
const endedAt = (round: TruthRound) => {
  const [, y, mo, d, h, mi, s] = (
    /^(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(round.file) ?? []
  ).map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
};
const between = (from: string, to: string) => (r: TruthRound) =>
  endedAt(r) >= new Date(from) && endedAt(r) < new Date(to);
const Q3 = between('2025-07-01T00:00:00Z', '2025-10-01T00:00:00Z');
const Q4 = between('2025-10-01T00:00:00Z', '2026-01-01T00:00:00Z');

/** Kills per human over the ranked rounds (humans outnumber bots) `keep` selects, best first, ties by GUID. */
function killBoard(keep: (round: TruthRound) => boolean) {
  const kills = new Map<string, number>();
  for (const round of truth.rounds) {
    const players = Object.entries(round.players ?? {});
    const bots = players.filter(([, p]) => p.bot).length;
    if (players.length === 0 || bots * 2 >= players.length || !keep(round)) continue;
    for (const [guid, p] of players)
      if (!p.bot) kills.set(guid, (kills.get(guid) ?? 0) + (p.kills as number));
  }
  return [...kills]
    .filter(([, k]) => k > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([guid, value]) => ({ guid, value }));
}
const nameOf = (guid: string) =>
  playerName(stripColours(truth.players[guid]?.names.at(-1) ?? guid));
const line = (mark: string, e: { guid: string; value: number }) =>
  `${mark} ${nameOf(e.guid)} — ${formatCount(e.value)}`;

describe('/season on data older than the running season', () => {
  it('shows the latest season with data, says so, and gives its final standings and champions', async () => {
    const [shown, hall] = embeds(await ask('season'));
    expect(shown?.title).toBe('Season 2025 Q4');
    expect(shown?.description).toContain(
      'Latest season with data: nobody has played in 2026 Q4 yet.',
    );
    expect(shown?.description).toContain('**final standings**');
    expect(shown?.description).not.toContain('days left');
    expect(shown?.description).toContain(`**${truth.rounds.filter(Q4).length}** rounds`);
    const [first, second] = killBoard(Q4);
    expect(field(shown, 'Kills').split('\n').slice(0, 2)).toEqual([
      line('🏆', first as { guid: string; value: number }),
      line('🥈', second as { guid: string; value: number }),
    ]);
    expect(field(shown, 'K/D')).toContain('needs 10 rounds, 60 min');
    expect(shown?.footer?.text).toContain('Champion: first on the board when the season ended');
    expect(hall?.title).toBe('All-time champions');
  });

  it('shows any season with data by name, number or start date, each with its own board', async () => {
    for (const typed of ['2025 Q3', '2025 q3', '1', '#1', '2025-07-01']) {
      const [shown] = embeds(await ask('season', { season: typed }));
      expect(shown?.title, typed).toBe('Season 2025 Q3');
      expect(shown?.description).toContain(`**${truth.rounds.filter(Q3).length}** rounds`);
      expect(shown?.description).toContain('**final standings**');
      expect(field(shown, 'Kills').split('\n')[0]).toBe(
        line('🏆', killBoard(Q3)[0] as { guid: string; value: number }),
      );
    }
    const [q4] = embeds(await ask('season', { season: '2' }));
    expect(q4?.title).toBe('Season 2025 Q4');
    expect(q4?.description).not.toContain('Latest season with data');
  });

  it('refuses a season without data and lists the ones there are', async () => {
    for (const typed of ['2024 Q1', '2026 Q4', '7', 'summer']) {
      const message = await ask('season', { season: typed });
      expect(message.flags).toBe(MessageFlags.Ephemeral);
      expect(message.content).toContain(`There is no season "${typed}" with rounds.`);
      expect(message.content).toContain(
        'Seasons with data, newest first: 2025 Q4 (#2), 2025 Q3 (#1).',
      );
    }
  });

  it('autocompletes the seasons that have data, newest first, with their dates and rounds', async () => {
    const choices = async (typed: string) => {
      const response = await dispatch(
        autocompleteInteraction('season', commandOptions({ season: typed }, { focused: 'season' })),
      );
      expect(response.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
      return (response as { data: { choices: { name: string; value: string }[] } }).data.choices;
    };
    expect(await choices('')).toEqual([
      {
        name: `2025 Q4 · #2 · 2025-10-01 – 2025-12-31 · ${truth.rounds.filter(Q4).length} rounds`,
        value: '2025-10-01',
      },
      {
        name: `2025 Q3 · #1 · 2025-07-01 – 2025-09-30 · ${truth.rounds.filter(Q3).length} rounds`,
        value: '2025-07-01',
      },
    ]);
    expect((await choices('q3')).map((c) => c.value)).toEqual(['2025-07-01']);
  });

  it('counts each ended season’s champion as a title, per board', async () => {
    const [, hall] = embeds(await ask('season'));
    const winners = [killBoard(Q3)[0]?.guid, killBoard(Q4)[0]?.guid];
    const titles = new Map<string, number>();
    for (const guid of winners) titles.set(guid as string, (titles.get(guid as string) ?? 0) + 1);
    const kills = hall?.description?.split('\n').find((l) => l.startsWith('**Kills** — '));
    for (const [guid, count] of titles) expect(kills).toContain(`${nameOf(guid)} ×${count}`);
    expect(hall?.footer?.text).toContain('over 2 ended seasons with rounds');
  });

  it('is per community: a community without rounds has no past season and no champion', async () => {
    const [shown, hall] = embeds(await ask('season', {}, bravo));
    expect(shown?.title).toBe('Season 2026 Q4');
    expect(shown?.description).not.toContain('Latest season with data');
    expect(field(shown, 'Kills')).toBe('Nobody yet.');
    expect(hall?.description).toContain('No season with rounds has ended yet');
    const refused = await ask('season', { season: '2025 Q3' }, bravo);
    expect(refused.content).toContain('No season has any rounds yet');
  });
});

describe('/top on data older than its periods', () => {
  it('ranks "this season" as the latest season with data, labelled so', async () => {
    const message = await ask('top', { metric: 'kills', period: 'season' });
    const [embed] = embeds(message);
    expect(embed?.title).toBe('Top Kills · Latest season with data (2025 Q4)');
    const [first] = killBoard(Q4);
    expect(embed?.description?.split('\n')[0]).toContain(
      `**1.** ${nameOf(first?.guid as string)} — ${formatCount(first?.value as number)}`,
    );
  });

  it('ranks the 30 days up to the latest round, named with its date', async () => {
    const [embed] = embeds(await ask('top', { metric: 'kills', period: '30d' }));
    expect(embed?.title).toBe(`Top Kills · 30 days to ${LATEST} (latest play)`);
    const latest = Math.max(...truth.rounds.map((r) => endedAt(r).getTime()));
    const board = killBoard((r) => endedAt(r).getTime() >= latest - 30 * 86_400_000);
    expect(embed?.footer?.text).toContain(`${board.length} ranked`);
    expect(embed?.description?.split('\n')[0]).toContain(
      `**1.** ${nameOf(board[0]?.guid as string)} — ${formatCount(board[0]?.value as number)}`,
    );
  });

  it('ranks a past season named in `season`, and refuses it with another period', async () => {
    const [embed] = embeds(await ask('top', { metric: 'kills', season: '2025 Q3' }));
    expect(embed?.title).toBe('Top Kills · Season 2025 Q3');
    const board = killBoard(Q3);
    expect(embed?.footer?.text).toContain(`${board.length} ranked`);
    expect(embed?.description?.split('\n')[0]).toContain(
      `**1.** ${nameOf(board[0]?.guid as string)} — ${formatCount(board[0]?.value as number)}`,
    );
    const same = embeds(await ask('top', { metric: 'kills', period: 'season', season: '1' }));
    expect(same[0]?.title).toBe('Top Kills · Season 2025 Q3');
    const refused = await ask('top', { metric: 'kills', period: '30d', season: '2025 Q3' });
    expect(refused.flags).toBe(MessageFlags.Ephemeral);
    expect(refused.content).toContain('leave `period` out');
    const unknown = await ask('top', { metric: 'kills', season: '1999 Q1' });
    expect(unknown.content).toContain(
      'Seasons with data, newest first: 2025 Q4 (#2), 2025 Q3 (#1).',
    );
  });
});
