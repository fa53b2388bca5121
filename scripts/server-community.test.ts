import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../ingest-protocol/keys.ts';
import { addCommunity } from '../test/support/community.ts';
import type { DatabaseHandle } from '../worker/db/database.ts';
import { openPglite } from '../worker/db/pglite.ts';
import { runServerCommand } from './server.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
  await addCommunity(handle.db, 'other', 'Another community');
});
afterAll(() => handle.close());

async function server(...argv: string[]) {
  let out = '';
  const code = await runServerCommand(
    argv,
    handle.db,
    (text) => {
      out += text;
    },
    () => new Date('2025-10-03T10:00:00Z'),
  );
  return { code, out };
}

describe('npm run server --community', () => {
  it('registers, lists and revokes within that community only', async () => {
    const ours = (await generateKeyPair()).publicKey;
    const theirs = (await generateKeyPair()).publicKey;
    expect(await server('add', '--name', 'EU', '--public-key', ours)).toMatchObject({ code: 0 });
    // The same name is free in another community.
    expect(
      await server('add', '--community', 'other', '--name', 'EU', '--public-key', theirs),
    ).toEqual({
      code: 0,
      out: 'registered server "EU" (id 2, clock UTC); its agent can push now\n',
    });
    const listed = await server('list', '--community', 'other');
    expect(listed.out).toContain(theirs);
    expect(listed.out).not.toContain(ours);
    expect((await server('list')).out).not.toContain(theirs);
    // A key of the default community's server cannot be revoked from the other one.
    expect(await server('revoke', '--community', 'other', '--public-key', ours)).toEqual({
      code: 1,
      out: 'error: no active key matches that public key\n',
    });
    expect(await server('revoke', '--community', 'other', '--name', 'EU')).toEqual({
      code: 0,
      out: 'revoked 1 key(s) of "EU"\n',
    });
    expect((await server('list')).out).toMatch(/ {2}\S+ {2}active\n$/);
    expect((await server('list', '--community', 'other')).out).toMatch(/revoked 2025-10-03/);
  });

  it('refuses an unknown community', async () => {
    const key = (await generateKeyPair()).publicKey;
    expect(
      await server('add', '--community', 'nowhere', '--name', 'X', '--public-key', key),
    ).toEqual({
      code: 1,
      out: 'error: no community "nowhere" (npm run community -- list)\n',
    });
    expect(await server('list', '--community', 'nowhere')).toMatchObject({ code: 1 });
  });
});
