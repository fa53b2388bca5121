import type { APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordLinks, gameServers } from '../../schema/index.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { botReplay } from '../../test/support/corpus-database.ts';
import {
  commandOptions,
  componentInteraction,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import { createDiscordRest } from '../discord/rest.ts';
import type { ComponentResult } from '../discord/responses.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { createLink } from '../jobs/links.ts';
import { link } from './link.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const NOW = new Date('2025-10-20T12:00:00Z');
const ALICE = '1300000000000000001';
const BOB = '1300000000000000002';
let handle: DatabaseHandle;
let serverId: number;

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'corpus' })
    .returning();
  serverId = server!.id;
  // The first evening's opening map is enough people to link.
  for (const file of corpusFiles().slice(0, 2)) {
    await importStatsFile(
      handle.db,
      { serverId: server!.id, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      { sessionGapMinutes: 60 },
    );
  }
});
afterAll(() => handle.close());

const base = () => ({
  services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
  now: () => NOW,
  rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
  applicationId: '1',
  log: () => {},
  commands: [link],
});

async function slash(player: string, userId: string) {
  const interaction = slashCommandInteraction('link', commandOptions({ player }), { userId });
  const { subcommand, options } = readOptions(interaction.data.options);
  const result = await link.run({
    ...base(),
    caller: readCaller(interaction),
    interaction,
    subcommand,
    options,
  });
  if (result.kind !== 'reply') throw new Error('expected an immediate reply');
  assertWithinLimits(result.message);
  return result;
}

async function press(customId: string, userId: string): Promise<ComponentResult> {
  const interaction = componentInteraction(customId, { userId });
  const result = await link.component!({
    ...base(),
    caller: readCaller(interaction),
    interaction,
    customId: customId.slice('link:'.length),
    values: [],
  });
  if (result.kind === 'reply' || result.kind === 'update') assertWithinLimits(result.message);
  return result;
}

const buttons = (result: Awaited<ReturnType<typeof slash>>) =>
  result.message.components![0]!.components as APIButtonComponentWithCustomId[];
const linkOf = async (userId: string) =>
  (await handle.db.select().from(discordLinks).where(eq(discordLinks.userId, userId)))[0];

describe('/link', () => {
  it('asks the caller, privately, to confirm the player with buttons that carry their id', async () => {
    const asked = await slash('kris2', ALICE);
    expect(asked.ephemeral).toBe(true);
    expect(asked.message.content).toBe(
      'Link your Discord account to **kris2** (`0925E474`)? Only link the player you play as.',
    );
    expect(buttons(asked).map((b) => b.custom_id)).toEqual([
      `link:yes:${ALICE}:0925E474`,
      `link:no:${ALICE}`,
    ]);
    expect(await linkOf(ALICE)).toBeUndefined();
  });

  it('ignores another user pressing the confirm button, and links the asker when they press it', async () => {
    const [yes] = buttons(await slash('kris2', ALICE));
    const stranger = await press(yes!.custom_id, BOB);
    expect(stranger).toMatchObject({
      kind: 'reply',
      ephemeral: true,
      message: { content: expect.stringMatching(/belongs to someone else’s \/link/) },
    });
    expect(await linkOf(BOB)).toBeUndefined();
    expect(await linkOf(ALICE)).toBeUndefined();
    const confirmed = await press(yes!.custom_id, ALICE);
    expect(confirmed).toEqual({
      kind: 'update',
      message: {
        content: expect.stringMatching(/^Linked: you are \*\*kris2\*\* \(`0925E474`\)/),
        components: [],
      },
    });
    expect(await linkOf(ALICE)).toMatchObject({ guid: '0925E474', linkedBy: ALICE, linkedAt: NOW });
    // A second press of the same button changes nothing and still says linked.
    expect(await press(yes!.custom_id, ALICE)).toMatchObject({
      kind: 'update',
      message: { content: expect.stringMatching(/^Linked/) },
    });
  });

  it('keeps one player per user and one user per player', async () => {
    expect((await slash('kris2', ALICE)).message.content).toBe(
      'You are already linked to **kris2** (`0925E474`).',
    );
    expect((await slash('Mixi6', ALICE)).message.content).toMatch(
      /^You are linked to \*\*kris2\*\* \(`0925E474`\)\. Run \/unlink first/,
    );
    expect((await slash('kris2', BOB)).message.content).toMatch(
      /^\*\*kris2\*\* is already linked to another Discord account/,
    );
    // The same checks hold when two confirmations race: the table refuses the second.
    const [bobYes] = buttons(await slash('Mixi6', BOB));
    await createLink(handle.db, {
      communityId: 1,
      userId: '1300000000000000003',
      guid: '5C14BC4A',
      linkedBy: 'x',
      at: NOW,
    });
    expect(await press(bobYes!.custom_id, BOB)).toMatchObject({
      kind: 'update',
      message: { content: expect.stringMatching(/already linked to another Discord account/) },
    });
    expect(await linkOf(BOB)).toBeUndefined();
  });

  it('cancels without linking, and refuses bots and unknown names', async () => {
    const [, no] = buttons(await slash('iamez17', BOB));
    expect(await press(no!.custom_id, BOB)).toEqual({
      kind: 'update',
      message: { content: 'Nothing was linked.', components: [] },
    });
    expect(await linkOf(BOB)).toBeUndefined();
    expect((await slash('nobody at all', BOB)).message.content).toMatch(/^No player matches/);
    // A bot is a player of the community once it played a round on one of its servers.
    const bots = botReplay(
      '2025-09-04-202728-frostbite-round-1.txt',
      '2025-10-14-210000-frostbite-round-1.txt',
      { firstBot: 1, namePrefix: 'Chuck' },
    );
    await importStatsFile(
      handle.db,
      { serverId, fileName: bots.name, bytes: bots.bytes, receivedAt: NOW },
      { sessionGapMinutes: 60 },
    );
    expect((await slash('OMNIBOT1', BOB)).message.content).toBe('Bots cannot be linked.');
    expect(
      await createLink(handle.db, {
        communityId: 1,
        userId: BOB,
        guid: 'OMNIBOT1',
        linkedBy: BOB,
        at: NOW,
      }),
    ).toEqual({ ok: false, reason: 'bot' });
  });
});
