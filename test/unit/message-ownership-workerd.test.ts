// Who may move a message: the deployed Worker bundle in workerd over the imported sample corpus. A
// page button or a view menu moves the message for everyone in the channel, so only the person who
// ran the command moves it; anyone else pressing gets their own private copy at that page or view.
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  componentInteraction,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../worker/db/rows.ts';
import { encodeCustomId } from '../../worker/discord/cursor.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';

const ASKER = '1300000000000000501';
const PASSER_BY = '1300000000000000502';
const EPHEMERAL = 64;

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
}, 180_000);
afterAll(() => stack?.stop());

interface Answer {
  type: number;
  data?: {
    flags?: number;
    embeds?: { title?: string; description?: string; footer?: { text?: string } }[];
    components?: {
      components: { custom_id?: string; label?: string; options?: { value: string }[] }[];
    }[];
  };
}

async function send(interaction: object): Promise<Answer> {
  const init = await signedInteractionInit(stack.keys.privateKey, interaction);
  const response = await stack.worker.fetch('/interactions', init);
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

/** A press of `customId` by `userId` on the message `owner`'s command answered (public). */
const press = (customId: string, userId: string, owner: string, values?: string[]) =>
  send(
    componentInteraction(customId, {
      userId,
      ...(values ? { values } : {}),
      message: { interaction_metadata: { user: { id: owner } } } as unknown as Partial<APIMessage>,
    }),
  );

const components = (answer: Answer) => answer.data?.components?.flatMap((r) => r.components) ?? [];

describe('only the person who ran the command moves its message', () => {
  it('a page button pressed by someone else: a private copy at that page, the message stays', async () => {
    const list = await send(slashCommandInteraction('sessions', [], { userId: ASKER }));
    expect(list.type).toBe(4);
    expect((list.data?.flags ?? 0) & EPHEMERAL).toBe(0);
    const next = components(list).find((c) => c.label === '▶')?.custom_id as string;
    expect(next).toMatch(/^sessions:page:>1/);

    const theirs = await press(next, PASSER_BY, ASKER);
    expect(theirs.type).toBe(4); // a new message, not an update (7) of the asker's
    expect((theirs.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const mine = await press(next, ASKER, ASKER);
    expect(mine.type).toBe(7);
    // The same page either way: the copy is what the asker would have seen.
    expect(theirs.data?.embeds).toEqual(mine.data?.embeds);
    expect(components(theirs).map((c) => c.label)).toEqual(components(mine).map((c) => c.label));
    expect(components(mine).map((c) => c.label)[1]).toMatch(/^2 \/ /);
  }, 60_000);

  it('a view menu chosen by someone else: a private copy of that view', async () => {
    // Session ids are minute codes (yyyymmddHHMM): bigint, read as text.
    const [session] = await rowsOf<{ id: string }>(
      stack.local.db,
      sql`select max(id)::text as id from gaming_sessions`,
    );
    const menu = encodeCustomId('session', ['view', Number((session as { id: string }).id)]);
    const theirs = await press(menu, PASSER_BY, ASKER, ['combat']);
    // Answered at once (4) or after a private "thinking…" (5): never by moving the asker's message.
    expect([4, 5]).toContain(theirs.type);
    expect((theirs.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const mine = await press(menu, ASKER, ASKER, ['combat']);
    expect([6, 7]).toContain(mine.type);
    expect((mine.data?.flags ?? 0) & EPHEMERAL).toBe(0);
  }, 60_000);
});
