// The deployed Worker bundle in workerd, over the sample corpus plus a round whose player is named
// with a bidi override, a bidi isolate, a tab, a C1 control and a zero-width space: what Discord
// receives (the answer, and the deferred edit with the chart) shows him as "zero cool".
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIInteraction } from 'discord-api-types/v10';
import { ensureGameServer } from '../../scripts/lib/import-folder.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { recomputeAll } from '../../worker/recompute/index.ts';
import {
  autocompleteInteraction,
  commandOptions,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';
import {
  allStrings,
  importUnsafeNameRounds,
  UNSAFE_GUID,
  UNSAFE_NAME,
  UNSAFE_NAME_SHOWN,
  UNSAFE_ROUNDS_NOW,
  unsafeStrings,
} from '../support/unsafe-name-rounds.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack(async (local) => {
    await importUnsafeNameRounds(
      local.db,
      await ensureGameServer(local.db, { communityId: 1, name: 'corpus' }),
    );
    await recomputeAll(local.db, { sessionGapMinutes: 60, seasons: QUARTERS }, UNSAFE_ROUNDS_NOW);
  });
});

afterAll(() => stack?.stop());

// Each interaction from another user, so the per-user rate limit for charts never refuses one.
let users = 0;
const actor = () => ({ userId: String(1_300_000_000_000_200_000n + BigInt(++users)) });

/** The interaction response and, when it was deferred, the edit of @original that followed. */
async function answer(interaction: APIInteraction): Promise<unknown[]> {
  const response = await stack.worker.fetch(
    '/interactions',
    await signedInteractionInit(stack.keys.privateKey, interaction),
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as { type: number };
  if (body.type !== 5) return [body];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const edit = stack.discord.recorded.find(
      (r) => r.kind === 'editOriginal' && r.token === interaction.token,
    );
    if (edit) return [body, edit.payload];
    if (Date.now() > deadline) throw new Error('no edit of @original arrived');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a name with bidi, C0, C1 and zero-width characters, in workerd', () => {
  it('is stored raw', async () => {
    const [row] = await rowsOf<{ name: string }>(
      stack.local.db,
      sql`select name from players where guid = ${UNSAFE_GUID}`,
    );
    expect(row?.name).toBe(UNSAFE_NAME);
  });

  it('is offered cleaned by autocomplete', async () => {
    const [body] = (await answer(
      autocompleteInteraction(
        'stats',
        commandOptions({ player: 'zero' }, { focused: 'player' }),
        actor(),
      ),
    )) as [{ type: number; data: { choices: { name: string; value: string }[] } }];
    expect(body.type).toBe(8);
    expect(unsafeStrings(body.data.choices)).toEqual([]);
    expect(body.data.choices).toContainEqual({
      name: `${UNSAFE_NAME_SHOWN} · ${UNSAFE_GUID}`,
      value: UNSAFE_GUID,
    });
  });

  it('shows cleaned on /top, /stats (with its chart) and /last_session', async () => {
    const asked = {
      '/top': slashCommandInteraction(
        'top',
        commandOptions({ metric: 'kills', period: 'session' }),
        actor(),
      ),
      '/stats': slashCommandInteraction('stats', commandOptions({ player: UNSAFE_GUID }), actor()),
      '/last_session': slashCommandInteraction('last_session', [], actor()),
    };
    for (const [what, interaction] of Object.entries(asked)) {
      const payloads = await answer(interaction);
      expect(unsafeStrings(payloads), what).toEqual([]);
      expect(allStrings(payloads).join('\n'), what).toContain(UNSAFE_NAME_SHOWN);
    }
  });
});
