// Rate limits as users meet them: through the signed interactions endpoint with the real limits
// (worker/permissions/rate-limit.ts DEFAULT_RATE_LIMITS), over the imported corpus.
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openCorpusDatabase, type CorpusDatabase } from '../support/corpus-database.ts';
import {
  autocompleteInteraction,
  commandOptions,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { DEFAULT_RATE_LIMITS } from '../../worker/permissions/rate-limit.ts';
import { auditRows, GUILD, type Harness, startHarness } from './permissions-harness.ts';

const T0 = new Date('2026-05-01T12:00:00Z');
const OWNER = '1300000000000000100';
const user = (n: number) => ({ userId: `13000000000000002${String(n).padStart(2, '0')}` });
const HEAVY = DEFAULT_RATE_LIMITS.heavy;
const LIGHT = DEFAULT_RATE_LIMITS.light;

let corpus: CorpusDatabase;
let harness: Harness;

beforeAll(async () => {
  corpus = await openCorpusDatabase();
  harness = await startHarness(corpus.db, { owners: [OWNER], now: T0, guilds: [GUILD] });
}, 120_000);
afterAll(async () => {
  await harness?.close();
  await corpus?.close();
});
beforeEach(async () => {
  await corpus.db.execute(sql`delete from rate_limit_buckets`);
  await corpus.db.execute(sql`delete from audit_log`);
  harness.setNow(T0);
  harness.ran.length = 0;
});

/** A text command (no chart): the light budget. */
const status = (actor: { userId: string }) =>
  harness.post(slashCommandInteraction('status', [], actor));
const map = (actor: { userId: string }) =>
  harness.post(slashCommandInteraction('map', commandOptions({ name: 'supply' }), actor));
const limited = (response: unknown) =>
  (response as { data?: { content?: string } }).data?.content?.startsWith(
    'Slow down a little: too many commands at once. Try again in ',
  ) ?? false;

describe('rate limits through /interactions', () => {
  it('answers a chart command past the burst with a short ephemeral "try again in N s", without running it', async () => {
    for (let i = 0; i < HEAVY.user.capacity; i++)
      expect(limited(await map(user(1))), `request ${i + 1}`).toBe(false);
    const refused = await map(user(1));
    expect(refused).toEqual({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: {
        content: `Slow down a little: too many commands at once. Try again in ${Math.ceil(1 / HEAVY.user.perSecond)} s.`,
        allowed_mentions: { parse: [] },
        flags: MessageFlags.Ephemeral,
      },
    });
    expect(harness.ran).toHaveLength(HEAVY.user.capacity);
    await harness.settled();
    // A refusal for speed is not a permission denial: no audit row (a flood must not flood the log).
    expect(await auditRows(corpus.db)).toEqual([]);
  });

  it('lets the user back in once the bucket refilled', async () => {
    for (let i = 0; i < HEAVY.user.capacity; i++) await map(user(2));
    expect(limited(await map(user(2)))).toBe(true);
    harness.setNow(new Date(T0.getTime() + 1000 / HEAVY.user.perSecond));
    expect(limited(await map(user(2)))).toBe(false);
  });

  it('is stricter for charts than for text: text commands still answer after the chart budget is spent', async () => {
    for (let i = 0; i < HEAVY.user.capacity; i++) await map(user(3));
    expect(limited(await map(user(3)))).toBe(true);
    for (let i = 0; i < LIGHT.user.capacity; i++)
      expect(limited(await status(user(3))), `text ${i + 1}`).toBe(false);
    expect(limited(await status(user(3)))).toBe(true);
  });

  it('limits a guild as a whole: many users together cannot exceed the guild’s chart budget', async () => {
    let answered = 0;
    for (let n = 10; n < 10 + HEAVY.guild.capacity + 2; n++) {
      if (!limited(await map(user(n)))) answered++;
    }
    expect(answered).toBe(HEAVY.guild.capacity);
  });

  it('refuses autocomplete past its (looser) budget with an empty list', async () => {
    const typing = () =>
      harness.post(
        autocompleteInteraction(
          'map',
          commandOptions({ name: 's' }, { focused: 'name' }),
          user(40),
        ),
      );
    for (let i = 0; i < DEFAULT_RATE_LIMITS.autocomplete.user.capacity; i++) {
      const body = (await typing()) as { data: { choices: unknown[] } };
      expect(body.data.choices.length, `keystroke ${i + 1}`).toBeGreaterThan(0);
    }
    expect(await typing()).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [] },
    });
  });

  it('never limits the configured owners', async () => {
    for (let i = 0; i < HEAVY.user.capacity + HEAVY.guild.capacity + 3; i++)
      expect(limited(await map({ userId: OWNER })), `request ${i + 1}`).toBe(false);
  });

  it('counts a forbidden attempt too, so a flood of them is refused before it reaches the audit log', async () => {
    const attempt = () =>
      harness.post(
        slashCommandInteraction('admin', [{ name: 'status', type: 1, options: [] }], user(50)),
      );
    for (let i = 0; i < LIGHT.user.capacity; i++) expect(limited(await attempt())).toBe(false);
    expect(limited(await attempt())).toBe(true);
    await harness.settled();
    const rows = await auditRows(corpus.db);
    expect(rows).toHaveLength(LIGHT.user.capacity);
    expect(new Set(rows.map((r) => r.outcome))).toEqual(new Set(['denied']));
  });
});
