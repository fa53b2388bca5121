import type { APIEmbed, APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordLinks } from '../../schema/index.ts';
import { stripColours } from '../../stats/decode.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { loadTruth, type TruthRound } from '../../test/support/corpus.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import {
  commandOptions,
  componentInteraction,
  DEFAULT_USER_ID,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import {
  type FakeDiscord,
  type RecordedRequest,
  startFakeDiscord,
} from '../../scripts/dev/fake-discord.ts';
import { testConfig } from '../../test/support/node-app.ts';
import { decodePng, isPng } from '../../test/unit/render-fixtures/png.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { dispatchInteraction } from '../discord/dispatch.ts';
import { assertWithinLimits, LIMITS } from '../discord/limits.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { recomputeAll } from '../recompute/index.ts';
import { createNodeRenderer } from '../render/render-node.ts';
import { formatCount, formatRatio, playerName } from './kit/text-format.ts';
import type { Command } from '../discord/command.ts';
import { season } from './season.ts';
import type { CommandServices } from '../services.ts';
import { top } from './top.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const truth = loadTruth();
/** A week after the corpus's last evening (2025-10-13), inside 2025 Q4: 30 days back reach into September. */
const NOW = new Date('2025-10-20T12:00:00Z');
const DAY_MS = 86_400_000;
const commands: Command<CommandServices>[] = [top, season];
let handle: DatabaseHandle;
let discord: FakeDiscord;
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

async function send(interaction: APIInteraction): Promise<DiscordMessage & { flags?: number }> {
  const logs: string[] = [];
  const response: APIInteractionResponse = await dispatchInteraction(interaction, {
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9/api/v10' }),
    commands,
    waitUntil: () => {},
    log: (level, event) => logs.push(`${level} ${event}`),
  });
  expect(logs.filter((l) => !l.startsWith('info'))).toEqual([]);
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

/**
 * With the Node renderer and the fake Discord: the interaction response, and the edit of @original the
 * deferred work sent (multipart, as Discord receives it), if any.
 */
async function sendDrawn(
  interaction: APIInteraction,
): Promise<{ type: InteractionResponseType; edit: RecordedRequest | undefined }> {
  const logs: string[] = [];
  const work: Promise<unknown>[] = [];
  const response = await dispatchInteraction(interaction, {
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY, renderer },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: discord.apiBase }),
    commands,
    waitUntil: (task) => work.push(task),
    log: (level, event) => logs.push(`${level} ${event}`),
  });
  await Promise.all(work);
  expect(logs.filter((l) => !l.startsWith('info'))).toEqual([]);
  const edit = discord.recorded.find(
    (r) => r.kind === 'editOriginal' && r.token === interaction.token,
  );
  if (edit) expect(edit.status).toBe(200);
  return { type: response.type, edit };
}

type EditPayload = DiscordMessage & {
  attachments?: { id: number; filename: string; description?: string }[];
  allowed_mentions?: unknown;
};

/** The one PNG of an edit, checked: signature, the card's width, attached under its name and shown in the embed. */
function boardImage(edit: RecordedRequest) {
  const payload = edit.payload as EditPayload;
  expect(edit.files).toHaveLength(1);
  const file = edit.files[0] as RecordedRequest['files'][number];
  expect(file.contentType).toBe('image/png');
  expect(isPng(file.data)).toBe(true);
  const pixels = decodePng(file.data);
  expect(pixels.width).toBe(800);
  expect(pixels.height).toBeGreaterThan(200);
  expect(pixels.height).toBeLessThan(4000);
  expect(payload.attachments).toEqual([
    { id: 0, filename: file.name, description: expect.any(String) },
  ]);
  expect(embedOf(payload).image).toEqual({ url: `attachment://${file.name}` });
  return { payload, file, pixels, alt: payload.attachments?.[0]?.description ?? '' };
}

const embedOf = (message: DiscordMessage) => message.embeds?.[0] as APIEmbed;
/** The custom_id of the `index`th component of the first row. */
function componentId(message: DiscordMessage, index: number): string {
  const component = message.components?.[0]?.components[index];
  if (!component || !('custom_id' in component))
    throw new Error(`the message has no component ${index} with a custom_id`);
  return component.custom_id;
}

/** The file name's time: the corpus server runs on UTC, and the importer stores it as the round's end. */
const endedAt = (round: TruthRound) => {
  const [, y, mo, d, h, mi, s] = (
    /^(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(round.file) ?? []
  ).map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
};

interface Sums {
  guid: string;
  rounds: number;
  minutes: number;
  kills: number;
  deaths: number;
}

/** Per human: sums over the ranked rounds (humans outnumber bots) that `keep` selects, straight from truth.json. */
function sums(keep: (round: TruthRound) => boolean): Sums[] {
  const out = new Map<string, Sums>();
  for (const round of truth.rounds) {
    const players = Object.entries(round.players ?? {});
    const bots = players.filter(([, p]) => p.bot).length;
    if (players.length === 0 || bots * 2 >= players.length || !keep(round)) continue;
    for (const [guid, p] of players) {
      if (p.bot) continue;
      const s = out.get(guid) ?? { guid, rounds: 0, minutes: 0, kills: 0, deaths: 0 };
      s.rounds++;
      s.minutes += p.time_played_min;
      s.kills += p.kills as number;
      s.deaths += p.deaths as number;
      out.set(guid, s);
    }
  }
  return [...out.values()];
}

/** Competition ranking (1, 2, 2, 4), equal values ordered by GUID as the board reads them. */
function ranked<T extends { guid: string }>(rows: T[], value: (row: T) => number) {
  const sorted = rows
    .map((row) => ({ row, value: value(row) }))
    .sort((a, b) => b.value - a.value || (a.row.guid < b.row.guid ? -1 : 1));
  return sorted.map((entry) => ({
    ...entry,
    rank: sorted.findIndex((other) => other.value === entry.value) + 1,
  }));
}

const nameOf = (guid: string) =>
  playerName(stripColours(truth.players[guid]?.names.at(-1) ?? guid));

/** Every line of a board, pressing ▶ until the last page. */
async function allLines(first: DiscordMessage): Promise<string[]> {
  const lines = embedOf(first).description?.split('\n') ?? [];
  let message = first;
  for (;;) {
    const next = message.components?.[0]?.components[2] as
      | { custom_id: string; disabled: boolean }
      | undefined;
    if (!next || next.disabled) return lines;
    message = await send(componentInteraction(next.custom_id));
    lines.push(...(embedOf(message).description?.split('\n') ?? []));
  }
}

describe('/top', () => {
  it('ranks kills over all time exactly as a straightforward sum over truth.json, page by page', async () => {
    const first = await send(slashCommandInteraction('top', commandOptions({ metric: 'kills' })));
    expect(embedOf(first).title).toBe('Top Kills · All time');
    const want = ranked(
      sums(() => true).filter((s) => s.kills > 0),
      (s) => s.kills,
    );
    expect(embedOf(first).footer?.text).toContain(`${want.length} ranked`);
    expect(embedOf(first).footer?.text).toContain(
      'Bots and rounds played mostly by bots are left out.',
    );
    const lines = await allLines(first);
    expect(lines).toEqual(
      want.map(
        (w) =>
          `**${w.rank}.** ${nameOf(w.row.guid)} — ${formatCount(w.value)} · ${w.row.rounds} rounds`,
      ),
    );
  });

  it('ranks K/D only above the minimum activity, and says so in the message', async () => {
    const message = await send(
      slashCommandInteraction('top', commandOptions({ metric: 'kd', period: 'all' })),
    );
    expect(embedOf(message).footer?.text).toContain(
      'Ranked: at least 20 rounds and 120 minutes played in the period.',
    );
    const lines = await allLines(message);
    const shown = new Set(lines.map((line) => /^\*\*\d+\.\*\* (.+) — /.exec(line)?.[1]));
    // Stored minutes may differ from truth by 0.1 per round; players that close to the line are not judged.
    for (const s of sums(() => true)) {
      const slack = s.rounds * 0.1;
      const kd = s.deaths > 0 ? s.kills / s.deaths : s.kills;
      if (s.rounds >= 20 && s.minutes >= 120 + slack && kd > 0) {
        expect(shown.has(nameOf(s.guid)), s.guid).toBe(true);
        expect(lines.find((line) => line.includes(` ${nameOf(s.guid)} — `))).toContain(
          `— ${formatRatio(kd)} ·`,
        );
      }
      if (s.rounds < 20 || s.minutes < 120 - slack)
        expect(shown.has(nameOf(s.guid)), s.guid).toBe(false);
    }
  });

  it('covers the last session, this season and the last 30 days with the same sums over their rounds', async () => {
    const lastFiles = new Set(truth.sessions.at(-1)?.rounds);
    const seasonStart = new Date('2025-10-01T00:00:00Z');
    const cases = [
      {
        period: 'session',
        title: /^Top Kills · Last session \(#\d+, 2025-10-13\)$/,
        keep: (r: TruthRound) => lastFiles.has(r.file),
      },
      {
        period: 'season',
        title: /^Top Kills · This season \(2025 Q4\)$/,
        keep: (r: TruthRound) => endedAt(r) >= seasonStart,
      },
      {
        period: '30d',
        title: /^Top Kills · Last 30 days$/,
        keep: (r: TruthRound) => endedAt(r).getTime() >= NOW.getTime() - 30 * DAY_MS,
      },
    ];
    for (const c of cases) {
      const message = await send(
        slashCommandInteraction('top', commandOptions({ metric: 'kills', period: c.period })),
      );
      expect(embedOf(message).title).toMatch(c.title);
      const want = ranked(
        sums(c.keep).filter((s) => s.kills > 0),
        (s) => s.kills,
      );
      const lines = await allLines(message);
      expect(
        lines.map((line) => /— ([\d,]+) ·/.exec(line)?.[1]),
        c.period,
      ).toEqual(want.map((w) => formatCount(w.value)));
    }
  });

  it('shows a linked caller their own rank, marks their line, and explains why an unranked one is missing', async () => {
    const board = ranked(
      sums(() => true).filter((s) => s.kills > 0),
      (s) => s.kills,
    );
    const mine = board[13] as (typeof board)[number];
    await handle.db.insert(discordLinks).values({
      communityId: 1,
      userId: DEFAULT_USER_ID,
      guid: mine.row.guid,
      linkedAt: NOW,
      linkedBy: DEFAULT_USER_ID,
    });
    try {
      const first = await send(slashCommandInteraction('top', commandOptions({ metric: 'kills' })));
      const own = embedOf(first).fields?.[0];
      expect(own?.name).toBe('Your rank');
      expect(
        own?.value.startsWith(
          `${nameOf(mine.row.guid)}: **#${mine.rank}** of ${board.length} — ${formatCount(mine.value)} (${mine.row.rounds} rounds, `,
        ),
      ).toBe(true);
      const next = componentId(first, 2);
      const second = await send(componentInteraction(next, { userId: '1300000000000000999' }));
      expect(embedOf(second).description).toContain(
        `${nameOf(mine.row.guid)} — ${formatCount(mine.value)} · ${mine.row.rounds} rounds ◀`,
      );
      expect(embedOf(second).fields?.[0]?.value).toContain(`**#${mine.rank}**`);
    } finally {
      await handle.db.delete(discordLinks);
    }
    const few = sums(() => true).find((s) => s.rounds < 20) as Sums;
    await handle.db.insert(discordLinks).values({
      communityId: 1,
      userId: DEFAULT_USER_ID,
      guid: few.guid,
      linkedAt: NOW,
      linkedBy: DEFAULT_USER_ID,
    });
    try {
      const kd = await send(slashCommandInteraction('top', commandOptions({ metric: 'kd' })));
      expect(embedOf(kd).fields?.[0]?.value).toMatch(
        new RegExp(`not ranked yet — ${few.rounds}/20 rounds, \\d+/120 minutes$`),
      );
    } finally {
      await handle.db.delete(discordLinks);
    }
    expect(
      embedOf(await send(slashCommandInteraction('top', commandOptions({ metric: 'kills' }))))
        .fields,
    ).toBeUndefined();
  });

  it('draws the board as a ranked table card with image:true, after a defer, with the same text', async () => {
    const text = await send(slashCommandInteraction('top', commandOptions({ metric: 'kills' })));
    const { type, edit } = await sendDrawn(
      slashCommandInteraction('top', commandOptions({ metric: 'kills', image: true })),
    );
    expect(type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const { payload, file, pixels, alt } = boardImage(edit as RecordedRequest);
    expect(file.name).toBe('top-kills-all.png');
    expect(embedOf(payload).description).toBe(embedOf(text).description);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    const want = ranked(
      sums(() => true).filter((s) => s.kills > 0),
      (s) => s.kills,
    );
    expect(alt).toMatch(
      new RegExp(
        `^Leaderboard card, top Kills, All time, ranks 1 to ${want[9]?.rank} of ${want.length}: 1\\. `,
      ),
    );
    expect(alt).toContain(
      `1. ${stripColours(truth.players[want[0]!.row.guid]!.names.at(-1)!)} ${formatCount(want[0]!.value)}`,
    );

    // The next page keeps the image: acknowledged at once, then drawn again from rank 1 through page 2.
    const next = componentId(payload, 2);
    expect(next).toMatch(/:i$/);
    const paged = await sendDrawn(componentInteraction(next));
    expect(paged.type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const second = boardImage(paged.edit as RecordedRequest);
    expect(second.alt).toContain(`ranks 1 to ${want[19]?.rank} of ${want.length}`);
    expect(second.pixels.height).toBeGreaterThan(pixels.height);
    expect(embedOf(second.payload).description?.split('\n')[0]).toMatch(/^\*\*11\.\*\* /);
  });

  it('answers at once without an image when image is not asked for, even with a renderer', async () => {
    const { type, edit } = await sendDrawn(
      slashCommandInteraction('top', commandOptions({ metric: 'kills', image: false })),
    );
    expect(type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(edit).toBeUndefined();
  });

  it('answers an unknown metric or a stale button with a short private message', async () => {
    const bad = await send(slashCommandInteraction('top', commandOptions({ metric: 'style' })));
    expect(bad.flags).toBe(MessageFlags.Ephemeral);
    expect(bad.content).toMatch(/no "style" leaderboard/);
    const stale = await send(componentInteraction('top:page:>1:nope'));
    expect(stale.flags).toBe(MessageFlags.Ephemeral);
  });
});

describe('/season', () => {
  it('shows the current season’s dates, days left, activity and leaders from truth.json', async () => {
    const message = await send(slashCommandInteraction('season'));
    const embed = embedOf(message);
    expect(embed.title).toBe('Season 2025 Q4');
    const daysLeft = Math.ceil((Date.UTC(2026, 0, 1) - NOW.getTime()) / DAY_MS);
    expect(embed.description).toContain(`**${daysLeft}** days left`);
    const start = new Date('2025-10-01T00:00:00Z');
    const inSeason = truth.rounds.filter((r) => endedAt(r) >= start);
    const players = sums((r) => endedAt(r) >= start);
    expect(embed.description).toContain(`**${inSeason.length}** rounds`);
    expect(embed.description).toContain(`**${players.length}** players`);
    const kills = embed.fields?.find((f) => f.name === 'Kills')?.value ?? '';
    const best = ranked(players, (s) => s.kills).slice(0, 3);
    expect(kills.split('\n').map((line) => line.split(' — ')[1])).toEqual(
      best.map((b) => formatCount(b.value)),
    );
    expect(embed.fields?.find((f) => f.name === 'K/D')?.value).toContain('needs 10 rounds, 60 min');
  });
});
