// A player named with a bidi override, a bidi isolate, a tab, a C1 control and a zero-width space,
// imported from a round file like any other: every message, autocomplete choice and chart shows
// him as "zero cool", while the database keeps the name exactly as the file had it.
import { DEFAULT_COMMUNITY } from '../support/community.ts';
import type { APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playerAliases, players } from '../../schema/index.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { SESSION_VIEWS } from '../../worker/commands/session/session-views.ts';
import { commands } from '../../worker/commands/index.ts';
import { dispatchInteraction } from '../../worker/discord/dispatch.ts';
import { createDiscordRest } from '../../worker/discord/rest.ts';
import { type Element, textsOf } from '../../worker/render/element.ts';
import type { Renderer } from '../../worker/render/renderer.ts';
import { recomputeAll } from '../../worker/recompute/index.ts';
import {
  autocompleteInteraction,
  commandOptions,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../support/corpus-database.ts';
import { testConfig } from '../support/node-app.ts';
import {
  allStrings,
  importUnsafeNameRounds,
  UNSAFE_GUID,
  UNSAFE_NAME,
  UNSAFE_NAME_SHOWN,
  UNSAFE_ROUNDS_NOW,
  unsafeStrings,
} from '../support/unsafe-name-rounds.ts';

let handle: CorpusDatabase;
let discord: FakeDiscord;
/** Every chart tree a command asked to draw. */
const trees: Element[] = [];
const renderer: Renderer = {
  async renderPng(tree) {
    trees.push(tree);
    return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  },
};

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await importUnsafeNameRounds(handle.db, handle.serverId);
  await recomputeAll(handle.db, { sessionGapMinutes: 60, seasons: QUARTERS }, UNSAFE_ROUNDS_NOW);
  discord = await startFakeDiscord();
});
afterAll(async () => {
  await discord?.close();
  await handle?.close();
});

/** The interaction response and every payload sent to Discord after it, as Discord gets them. */
async function answer(interaction: APIInteraction): Promise<unknown[]> {
  const logs: string[] = [];
  const work: Promise<unknown>[] = [];
  const response: APIInteractionResponse = await dispatchInteraction(interaction, {
    services: { db: handle.db, config: testConfig(), renderer, community: DEFAULT_COMMUNITY },
    now: () => UNSAFE_ROUNDS_NOW,
    rest: createDiscordRest({ baseUrl: discord.apiBase }),
    commands,
    waitUntil: (task) => work.push(task),
    log: (level, event) => logs.push(`${level} ${event}`),
  });
  await Promise.all(work);
  expect(logs.filter((l) => l.startsWith('error'))).toEqual([]);
  const later = discord.recorded.filter((r) => r.token === interaction.token).map((r) => r.payload);
  return [response, ...later];
}

/** Asks; the player must be shown, cleaned, and nothing unsafe be anywhere in the answer. */
async function expectShownSafely(interaction: APIInteraction, what: string) {
  const payloads = await answer(interaction);
  expect(unsafeStrings(payloads), what).toEqual([]);
  expect(allStrings(payloads).join('\n'), what).toContain(UNSAFE_NAME_SHOWN);
}

describe('a name with bidi, C0, C1 and zero-width characters', () => {
  it('is stored exactly as the file had it', async () => {
    const [player] = await handle.db.select().from(players).where(eq(players.guid, UNSAFE_GUID));
    expect(player?.name).toBe(UNSAFE_NAME);
    const aliases = await handle.db
      .select()
      .from(playerAliases)
      .where(eq(playerAliases.guid, UNSAFE_GUID));
    expect(aliases.map((a) => a.name)).toContain(UNSAFE_NAME);
  });

  it('shows cleaned on /top, in its text and in its chart', async () => {
    const before = trees.length;
    await expectShownSafely(
      slashCommandInteraction('top', commandOptions({ metric: 'kills', period: 'session' })),
      '/top',
    );
    await expectShownSafely(
      slashCommandInteraction(
        'top',
        commandOptions({ metric: 'kills', period: 'session', image: true }),
      ),
      '/top image',
    );
    const drawn = trees.slice(before).flatMap((tree) => textsOf(tree));
    expect(unsafeStrings(drawn)).toEqual([]);
    expect(drawn).toContain(UNSAFE_NAME_SHOWN);
  });

  it('shows cleaned on /stats, its title, its other names and its player card', async () => {
    const before = trees.length;
    await expectShownSafely(
      slashCommandInteraction('stats', commandOptions({ player: UNSAFE_GUID })),
      '/stats',
    );
    const drawn = trees.slice(before).flatMap((tree) => textsOf(tree));
    expect(drawn.length).toBeGreaterThan(0);
    expect(unsafeStrings(drawn)).toEqual([]);
    expect(drawn).toContain(UNSAFE_NAME_SHOWN);
  });

  it('shows cleaned in every view of /last_session, with its charts', async () => {
    for (const view of SESSION_VIEWS) {
      const before = trees.length;
      const payloads = await answer(
        slashCommandInteraction('last_session', commandOptions({ view })),
      );
      expect(unsafeStrings(payloads), view).toEqual([]);
      expect(unsafeStrings(trees.slice(before).flatMap((tree) => textsOf(tree))), view).toEqual([]);
      if (view === 'summary' || view === 'combat')
        expect(allStrings(payloads).join('\n'), view).toContain(UNSAFE_NAME_SHOWN);
    }
  });

  it('shows cleaned on /whois, /compare and /achievements', async () => {
    await expectShownSafely(
      slashCommandInteraction('whois', commandOptions({ name: UNSAFE_GUID })),
      '/whois',
    );
    await expectShownSafely(
      slashCommandInteraction(
        'compare',
        commandOptions({ player1: UNSAFE_GUID, player2: '20B6A846' }),
      ),
      '/compare',
    );
    await expectShownSafely(
      slashCommandInteraction('achievements', commandOptions({ player: UNSAFE_GUID })),
      '/achievements',
    );
  });

  it('is offered cleaned by autocomplete, its GUID the value', async () => {
    const [response] = (await answer(
      autocompleteInteraction('stats', commandOptions({ player: 'zero' }, { focused: 'player' })),
    )) as [{ data: { choices: { name: string; value: string }[] } }];
    const choices = response.data.choices;
    expect(unsafeStrings(choices)).toEqual([]);
    expect(choices).toContainEqual({
      name: `${UNSAFE_NAME_SHOWN} · ${UNSAFE_GUID}`,
      value: UNSAFE_GUID,
    });
  });
});
