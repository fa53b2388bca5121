// Hostile but validly signed input against the deployed Worker bundle in workerd (Neon driver → WebSocket
// bridge → served PGlite over the sample corpus): a NUL in an uploaded file is quarantined (422), not a
// 503 the agent retries for ever, while a database that cannot be reached is still a 503; a signed
// interaction of the wrong shape is answered 200, a replayed one runs nothing again, and `/admin
// quarantine __proto__` autocomplete shows a member without roles nothing.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsFiles } from '../../schema/index.ts';
import { generateKeyPair, importSigningKey, type SigningKey } from '../../ingest-protocol/keys.ts';
import { signFileUpload } from '../../ingest-protocol/sign.ts';
import type { LocalPostgres } from '../../scripts/lib/local-postgres.ts';
import {
  autocompleteInteraction,
  commandOptions,
  type DiscordKeyPair,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { ALREADY_HANDLED } from '../../worker/discord/dispatch.ts';
import { addServer } from '../../worker/ingest/registry.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';
import { startWorker, type TestWorker } from '../support/workerd.ts';

const NUL = 'line holds the control character U+0000, which a stats file never has';
/** A guild member with no roles and no permissions: PUBLIC. */
const NOBODY = { userId: '1300000000000000201', roles: [], permissions: '0' };

let stack: LocalStack;
let local: LocalPostgres;
let keys: DiscordKeyPair;
let worker: TestWorker;
let signing: SigningKey;

beforeAll(async () => {
  const pair = await generateKeyPair();
  signing = await importSigningKey(pair);
  stack = await startLocalStack(async (db) => {
    const added = await addServer(db.db, {
      communityId: 1,
      name: 'hostile',
      publicKey: pair.publicKey,
    });
    if (!added.ok) throw new Error(added.reason);
  });
  ({ local, keys, worker } = stack);
});
afterAll(() => stack?.stop());

async function ingest(target: TestWorker, fileName: string, bytes: Uint8Array) {
  const request = await signFileUpload({
    fileName,
    bytes,
    parsed: null,
    keys: [signing],
    now: new Date(),
  });
  const response = await target.fetch('/ingest', {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    json: (await response.json()) as Record<string, unknown>,
  };
}

async function until(condition: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out waiting for the audit log');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const post = (init: { body: string; headers: Record<string, string> }) =>
  worker.fetch('/interactions', { method: 'POST', ...init });
const signed = (interaction: unknown) =>
  signedInteractionInit(
    keys.privateKey,
    interaction as Parameters<typeof signedInteractionInit>[1],
  );
const auditCount = async () =>
  (await rowsOf<{ n: number }>(local.db, sql`select count(*)::int as n from audit_log`))[0]?.n;

describe('POST /ingest with poison bytes, in workerd', () => {
  it('quarantines a companion with a NUL (422) and the agent sending it again gets a duplicate', async () => {
    const name = '2026-05-01-120000-supply-round-1-endstats.txt';
    const bytes = new TextEncoder().encode('Most kills\tBo\u0000b\t12\nBob\t3\t1\n');
    expect(await ingest(worker, name, bytes)).toMatchObject({
      status: 422,
      json: { status: 'quarantined', line: 1, reason: NUL },
    });
    const kept = await local.db
      .select({
        status: statsFiles.status,
        line: statsFiles.errorLine,
        reason: statsFiles.errorReason,
      })
      .from(statsFiles)
      .where(eq(statsFiles.fileName, name));
    expect(kept).toEqual([{ status: 'quarantined', line: 1, reason: NUL }]);
    expect(await ingest(worker, name, bytes)).toMatchObject({
      status: 200,
      json: { status: 'duplicate', previous: 'quarantined' },
    });
  });

  it('still answers 503 with Retry-After when the database cannot be reached', async () => {
    const unreachable = await startWorker({
      bindings: {
        DATABASE_URL: local.pgUrl,
        DATABASE_WS_PROXY: '127.0.0.1:9',
        DISCORD_PUBLIC_KEY: keys.publicKeyHex,
        DISCORD_APPLICATION_ID: '1100000000000000001',
      },
    });
    try {
      const name = '2026-05-01-121000-supply-round-1-endstats.txt';
      const answer = await ingest(
        unreachable,
        name,
        new TextEncoder().encode('Most kills\tB\t1\n'),
      );
      expect(answer).toMatchObject({
        status: 503,
        retryAfter: '5',
        json: { error: expect.stringMatching(/database unavailable/) },
      });
    } finally {
      await unreachable.stop();
    }
  });
});

describe('signed interactions, in workerd', () => {
  const status = () =>
    slashCommandInteraction('admin', commandOptions({}, { subcommand: ['status'] }), NOBODY);

  it('answers a body without data, or with options that are not a list, 200 with an apology', async () => {
    const { data: _, ...noData } = status() as unknown as Record<string, unknown>;
    const notList = { ...status(), data: { ...status().data, options: { name: 'status' } } };
    const noDataAutocomplete = (() => {
      const { data: __, ...rest } = autocompleteInteraction(
        'stats',
        [],
        NOBODY,
      ) as unknown as Record<string, unknown>;
      return rest;
    })();
    for (const [what, body] of [
      ['no data', noData],
      ['options not a list', notList],
    ] as const) {
      const response = await post(await signed(body));
      expect(response.status, what).toBe(200);
      expect(await response.json(), what).toMatchObject({
        type: 4,
        data: { flags: 64, content: expect.stringMatching(/could not be read/) },
      });
    }
    const response = await post(await signed(noDataAutocomplete));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 8, data: { choices: [] } });
  });

  it('runs a replayed interaction once: the copy is told it was handled, and nothing is audited twice', async () => {
    const before = await auditCount();
    const init = await signed(status());
    const first = await post(init);
    expect(first.status).toBe(200);
    expect(JSON.stringify(await first.json())).toMatch(/is for moderators only/);
    const again = await post(init);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      type: 4,
      data: { flags: 64, content: ALREADY_HANDLED },
    });
    // The audit row is written in waitUntil: wait for the first, then give a second time to show.
    await until(async () => (await auditCount()) === (before ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await auditCount()).toBe((before ?? 0) + 1);
  });

  it('shows a member without roles no quarantined file through /admin quarantine __proto__ autocomplete', async () => {
    const quarantined = await rowsOf<{ file_name: string }>(
      local.db,
      sql`select file_name from stats_files where status = 'quarantined'`,
    );
    expect(quarantined.length).toBeGreaterThan(0);
    for (const name of ['__proto__', 'constructor', 'toString']) {
      const response = await post(
        await signed(
          autocompleteInteraction(
            'admin',
            commandOptions({ file: '' }, { subcommand: ['quarantine', name], focused: 'file' }),
            NOBODY,
          ),
        ),
      );
      expect(response.status, name).toBe(200);
      expect(await response.json(), name).toEqual({ type: 8, data: { choices: [] } });
    }
    const deniedCount = async () =>
      (
        await rowsOf<{ n: number }>(
          local.db,
          sql`select count(*)::int as n from audit_log where command like 'admin quarantine % [autocomplete]'`,
        )
      )[0]?.n;
    await until(async () => (await deniedCount()) === 3);
    const denied = await rowsOf<{ command: string; attempts: number }>(
      local.db,
      sql`select command, attempts from audit_log where command like 'admin quarantine % [autocomplete]'
        and outcome = 'denied' order by command`,
    );
    expect(denied).toEqual([
      { command: 'admin quarantine __proto__ [autocomplete]', attempts: 1 },
      { command: 'admin quarantine constructor [autocomplete]', attempts: 1 },
      { command: 'admin quarantine toString [autocomplete]', attempts: 1 },
    ]);
  });
});
