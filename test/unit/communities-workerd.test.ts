// The attack the communities close, against the deployed bundle in workerd: an administrator of an
// unrelated guild (permission bit 8, no roles anywhere) tried to register a server with their own key,
// revoke a real server's key and read the quarantine. Now their guild is bound to no community: every
// attempt gets the set-up note and nothing is written. In the community's own guild the same permission
// makes them ADMIN of that community, and a round signed with an unregistered key is refused.
import { sql } from 'drizzle-orm';
import type { APIInteraction } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, importSigningKey } from '../../ingest-protocol/keys.ts';
import { signFileUpload } from '../../ingest-protocol/sign.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { UNBOUND_NOTE } from '../../worker/permissions/community.ts';
import {
  autocompleteInteraction,
  commandOptions,
  DEFAULT_GUILD_ID,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { corpusFiles } from '../support/corpus.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';

const OTHER_GUILD = '1200000000000000999';
const ATTACKER = { userId: '1300000000000000666', permissions: '8' };

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
}, 120_000);
afterAll(() => stack?.stop());

async function answer(interaction: APIInteraction): Promise<{ type: number; data?: unknown }> {
  const response = await stack.worker.fetch(
    '/interactions',
    await signedInteractionInit(stack.keys.privateKey, interaction),
  );
  expect(response.status).toBe(200);
  return (await response.json()) as { type: number; data?: unknown };
}

const admin = (path: readonly string[], options: Record<string, string | number> = {}) =>
  commandOptions(options, { subcommand: path });

async function stored() {
  return rowsOf<{ servers: number; keys: number; revoked: number; files: number }>(
    stack.local.db,
    sql`select (select count(*) from game_servers)::int as servers, (select count(*) from server_keys)::int as keys,
      (select count(*) from server_keys where revoked_at is not null)::int as revoked,
      (select count(*) from stats_files)::int as files`,
  );
}

describe('an administrator of an unbound guild, in workerd', () => {
  it('gets the set-up note for every /admin act, and nothing is written', async () => {
    const before = await stored();
    const pair = await generateKeyPair();
    const inOther = { ...ATTACKER, guildId: OTHER_GUILD };
    for (const options of [
      admin(['servers', 'add'], { name: 'evil', public_key: pair.publicKey }),
      admin(['servers', 'revoke'], { name: 'corpus' }),
      admin(['quarantine', 'list']),
      admin(['audit']),
    ]) {
      const body = await answer(slashCommandInteraction('admin', options, inOther));
      expect(JSON.stringify(body)).toContain(UNBOUND_NOTE.slice(0, 60));
    }
    const stats = await answer(slashCommandInteraction('top', [], inOther));
    expect(JSON.stringify(stats)).toContain(UNBOUND_NOTE.slice(0, 60));
    const choices = await answer(
      autocompleteInteraction(
        'admin',
        commandOptions({ file: '' }, { subcommand: ['quarantine', 'show'], focused: 'file' }),
        inOther,
      ),
    );
    expect(choices).toEqual({ type: 8, data: { choices: [] } });
    expect(await stored()).toEqual(before);
  });

  it('is an admin of the community in its own bound guild, and of nothing else', async () => {
    const body = await answer(
      slashCommandInteraction('admin', admin(['quarantine', 'list']), {
        ...ATTACKER,
        guildId: DEFAULT_GUILD_ID,
      }),
    );
    expect(JSON.stringify(body)).not.toContain(UNBOUND_NOTE.slice(0, 60));
    expect(JSON.stringify(body)).toContain('.txt');
  });

  it('cannot push a round signed with a key no community registered', async () => {
    const before = await stored();
    const file = corpusFiles()[0] as { name: string; bytes: Uint8Array };
    const key = await importSigningKey(await generateKeyPair());
    const upload = await signFileUpload({
      fileName: `2030-01-01-200000-${file.name.slice(18)}`,
      bytes: file.bytes,
      parsed: null,
      keys: [key],
      now: new Date(),
    });
    const response = await stack.worker.fetch('/ingest', {
      method: 'POST',
      headers: upload.headers,
      body: upload.body,
    });
    expect(response.status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it("serves the community's API under its slug and, with one community, under /api", async () => {
    for (const path of ['/c/default/api/sessions', '/api/sessions']) {
      const response = await stack.worker.fetch(path);
      expect(response.status).toBe(200);
      const { sessions } = (await response.json()) as { sessions: { id: unknown }[] };
      expect(sessions.length).toBeGreaterThan(0);
      // Session ids are int8: through the Worker's Neon driver they are numbers too, as in PGlite.
      for (const { id } of sessions) expect(id).toEqual(expect.any(Number));
      const [first] = sessions as [{ id: number }];
      const detail = await stack.worker.fetch(path.replace(/sessions$/, `sessions/${first.id}`));
      expect(((await detail.json()) as { id: unknown }).id).toBe(first.id);
    }
    expect((await stack.worker.fetch('/c/nobody/api/sessions')).status).toBe(404);
  });
});
