// The deployed Worker bundle in workerd, answering Discord interactions signed with real Ed25519 keys, over
// the imported sample corpus (Neon driver → WebSocket bridge → served PGlite), follow-ups going to the
// Discord stand-in. Signature checks are proven both ways: a valid request is accepted.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPostgres } from '../../scripts/lib/local-postgres.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { FULL_RECOMPUTE_CRON } from '../../worker/jobs/scheduled.ts';
import {
  type DiscordKeyPair,
  generateDiscordKeys,
  pingInteraction,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';
import type { TestWorker } from '../support/workerd.ts';

let stack: LocalStack;
let local: LocalPostgres;
let keys: DiscordKeyPair;
let worker: TestWorker;

beforeAll(async () => {
  stack = await startLocalStack();
  ({ local, keys, worker } = stack);
});

afterAll(() => stack?.stop());

const post = (init: { body: string; headers: Record<string, string> }) =>
  worker.fetch('/interactions', { method: 'POST', ...init });
const now = () => Math.floor(Date.now() / 1000);

describe('Discord interactions in workerd', () => {
  it('accepts a validly signed PING and answers PONG', async () => {
    const response = await post(await signedInteractionInit(keys.privateKey, pingInteraction()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 1 });
  });

  it('refuses a tampered body, a tampered timestamp, another key, a stale or future timestamp and missing headers', async () => {
    const valid = await signedInteractionInit(keys.privateKey, pingInteraction());
    const other = await generateDiscordKeys();
    const cases: Record<string, { body: string; headers: Record<string, string> }> = {
      'tampered body': { ...valid, body: valid.body.replace('"type":1', '"type": 1') },
      'tampered timestamp': {
        ...valid,
        headers: { ...valid.headers, 'X-Signature-Timestamp': String(now() - 1) },
      },
      'another key': await signedInteractionInit(other.privateKey, pingInteraction()),
      'stale timestamp': await signedInteractionInit(keys.privateKey, pingInteraction(), {
        timestamp: now() - 6 * 60,
      }),
      'future timestamp': await signedInteractionInit(keys.privateKey, pingInteraction(), {
        timestamp: now() + 6 * 60,
      }),
      'missing signature': {
        body: valid.body,
        headers: {
          'content-type': 'application/json',
          'X-Signature-Timestamp': valid.headers['X-Signature-Timestamp'] as string,
        },
      },
      'missing timestamp': {
        body: valid.body,
        headers: {
          'content-type': 'application/json',
          'X-Signature-Ed25519': valid.headers['X-Signature-Ed25519'] as string,
        },
      },
    };
    for (const [what, init] of Object.entries(cases))
      expect((await post(init)).status, what).toBe(401);
  });

  it('answers a slash command from the database', async () => {
    const response = await post(
      await signedInteractionInit(keys.privateKey, slashCommandInteraction('help', [])),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      type: number;
      data: { content?: string; embeds?: unknown[]; allowed_mentions: unknown };
    };
    expect(body.type).toBe(4);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('runs the cron: the nightly full recompute fills the leaderboards, the quarter-hourly refresh keeps them', async () => {
    const entries = async () =>
      (
        await rowsOf<{ n: number }>(
          local.db,
          sql`select count(*)::int as n from leaderboard_entries`,
        )
      )[0]?.n;
    await worker.scheduled(FULL_RECOMPUTE_CRON);
    const full = await entries();
    expect(full).toBeGreaterThan(100);
    await worker.scheduled('*/15 * * * *');
    expect(await entries()).toBe(full);
  });
});
