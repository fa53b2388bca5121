import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import { discordLinks } from '../../schema/index.ts';
import { commandOptions, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';
import { loadTruth } from '../../test/support/corpus.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Command } from '../discord/command.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { ACTIVE_DAYS } from '../queries/players.ts';
import type { CommandServices } from '../services.ts';
import { commands } from './index.ts';
import { overview } from './help.ts';
import { PLAYERS_PAGE_SIZE, players } from './players.ts';

const truth = loadTruth();
/** A week after the corpus's last evening: ACTIVE_DAYS back reach into September. */
const NOW = new Date('2025-10-20T12:00:00Z');
const LINKER = '1300000000000000888';
let handle: DatabaseHandle;

/** Every human GUID with per-round figures, with its rounds and its latest round's file time. */
const humans = new Map<string, { rounds: number; last: string }>();
for (const round of truth.rounds) {
  const [, date, hh, mm, ss] = /^(\d{4}-\d\d-\d\d)-(\d\d)(\d\d)(\d\d)/.exec(round.file) ?? [];
  const at = `${date}T${hh}:${mm}:${ss}Z`;
  for (const [guid, p] of Object.entries(round.players ?? {})) {
    if (p.bot) continue;
    const seen = humans.get(guid);
    humans.set(guid, {
      rounds: (seen?.rounds ?? 0) + 1,
      last: seen && seen.last > at ? seen.last : at,
    });
  }
}
const byRecency = [...humans].sort(
  ([ga, a], [gb, b]) => b.last.localeCompare(a.last) || ga.localeCompare(gb),
);

beforeAll(async () => {
  handle = await openCorpusDatabase();
});
afterAll(() => handle.close());

const services = () => ({ db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY });
const base = (command: Command<CommandServices>) => ({
  services: services(),
  now: () => NOW,
  rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
  applicationId: '1',
  log: () => {},
  commands: [command],
});

async function ask(values: Record<string, string>) {
  const interaction = slashCommandInteraction('players', commandOptions(values));
  const { subcommand, options } = readOptions(interaction.data.options);
  const result = await players.run({
    ...base(players),
    caller: readCaller(interaction),
    interaction,
    subcommand,
    options,
  } as never);
  if (result.kind !== 'reply') throw new Error(`expected a reply, got ${result.kind}`);
  return { ...(result.message as DiscordMessage), ephemeral: result.ephemeral ?? false };
}

async function press(customId: string) {
  const interaction = slashCommandInteraction('players', []);
  const result = await players.component!({
    ...base(players),
    caller: readCaller(interaction),
    interaction: interaction as never,
    customId: customId.slice('players:'.length),
    values: [],
  });
  if (result.kind !== 'update' && result.kind !== 'reply') throw new Error(result.kind);
  return result.message as DiscordMessage;
}

const linesOf = (message: DiscordMessage) => message.embeds![0]!.description!.split('\n');
const guidsOf = (message: DiscordMessage) =>
  linesOf(message).map((line) => /`([0-9A-Z]{8})`/.exec(line)?.[1]);
const buttons = (message: DiscordMessage) =>
  (message.components?.[0]?.components ?? []) as APIButtonComponentWithCustomId[];

describe('/players', () => {
  it('lists every human of the community, most recently played first, with rounds, paged', async () => {
    const first = await ask({});
    assertWithinLimits(first);
    expect(first.embeds![0]!.title).toBe(`Players (${humans.size})`);
    expect(guidsOf(first)).toEqual(byRecency.slice(0, PLAYERS_PAGE_SIZE).map(([guid]) => guid));
    const [guid, seen] = byRecency[0]!;
    expect(linesOf(first)[0]).toContain(`\`${guid}\` · ${seen.rounds} rounds · <t:`);
    expect(guidsOf(first).some((g) => g?.startsWith('OMNIBOT'))).toBe(false);
    const next = buttons(first).find((b) => b.label === '▶')!;
    const second = await press(next.custom_id);
    expect(guidsOf(second)).toEqual(
      byRecency.slice(PLAYERS_PAGE_SIZE, 2 * PLAYERS_PAGE_SIZE).map(([g]) => g),
    );
  });

  it('filters linked and unlinked players, and keeps the filter on its buttons', async () => {
    const [guid] = byRecency[3]!;
    await handle.db.insert(discordLinks).values({
      communityId: DEFAULT_COMMUNITY.id,
      userId: LINKER,
      guid,
      linkedAt: NOW,
      linkedBy: LINKER,
    });
    const linked = await ask({ filter: 'linked' });
    expect(linked.embeds![0]!.title).toBe('Players linked to Discord (1)');
    expect(linesOf(linked)).toEqual([expect.stringContaining(`\`${guid}\``)]);
    expect(linesOf(linked)[0]).toContain(`<@${LINKER}>`);
    expect(linked.components ?? []).toEqual([]);
    const unlinked = await ask({ filter: 'unlinked' });
    expect(unlinked.embeds![0]!.title).toBe(`Players without a Discord link (${humans.size - 1})`);
    expect(guidsOf(unlinked)).not.toContain(guid);
    const next = buttons(unlinked).find((b) => b.label === '▶')!;
    expect(next.custom_id).toMatch(/:unlinked$/);
    expect(guidsOf(await press(next.custom_id))).not.toContain(guid);
  });

  it(`lists as active those who played in the last ${ACTIVE_DAYS} days`, async () => {
    const since = new Date(NOW.getTime() - ACTIVE_DAYS * 86_400_000).toISOString();
    const active = byRecency.filter(([, seen]) => seen.last >= since).map(([guid]) => guid);
    expect(active.length).toBeGreaterThan(0);
    expect(active.length).toBeLessThan(humans.size);
    const message = await ask({ filter: 'active' });
    expect(message.embeds![0]!.title).toBe(
      `Players active in the last ${ACTIVE_DAYS} days (${active.length})`,
    );
    expect(guidsOf(message)).toEqual(active.slice(0, PLAYERS_PAGE_SIZE));
  });

  it('shows the last page for a button past the end, and refuses an unknown filter or button', async () => {
    const last = await press(`players:page:=9:all`);
    expect(guidsOf(last)).toEqual(
      byRecency
        .slice(Math.floor((humans.size - 1) / PLAYERS_PAGE_SIZE) * PLAYERS_PAGE_SIZE)
        .map(([g]) => g),
    );
    expect(await ask({ filter: 'everyone' })).toMatchObject({
      ephemeral: true,
      content: 'There is no "everyone" filter: use all, linked, unlinked, active, or none for all.',
    });
    expect((await press('players:page:=0:nobody')).content).toMatch(/run \/players again/);
  });

  it('is registered and listed by /help', () => {
    expect(commands).toContain(players);
    expect(JSON.stringify(overview(commands))).toContain('/players');
  });
});
