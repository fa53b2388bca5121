import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../worker/db/database.ts';
import { openPglite } from '../worker/db/pglite.ts';
import { generateKeyPair } from '../ingest-protocol/keys.ts';
import { runServerCommand } from './server.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
});
afterAll(() => handle.close());

async function server(...argv: string[]) {
  let out = '';
  const write = (text: string) => {
    out += text;
  };
  const code = await runServerCommand(
    argv,
    handle.db,
    write,
    () => new Date('2025-10-03T10:00:00Z'),
  );
  return { code, out };
}

describe('npm run server', () => {
  it('adds, lists and revokes a game server and its keys', async () => {
    const first = (await generateKeyPair()).publicKey;
    const second = (await generateKeyPair()).publicKey;
    expect(
      await server('add', '--name', 'EU #1', '--public-key', first, '--time-zone', 'Europe/Berlin'),
    ).toEqual({
      code: 0,
      out: 'registered server "EU #1" (id 1, clock Europe/Berlin); its agent can push now\n',
    });
    expect(await server('add-key', '--name', 'EU #1', '--public-key', second)).toEqual({
      code: 0,
      out: 'added a key to "EU #1"\n',
    });
    expect(await server('revoke', '--public-key', first)).toEqual({
      code: 0,
      out: 'revoked 1 key(s) of "EU #1"\n',
    });
    const listed = await server('list');
    expect(listed.out).toMatch(
      new RegExp(
        `^EU #1 \\(id 1, clock Europe/Berlin, since .*\\)\\n  ${first.replaceAll('+', '\\+')}  revoked 2025-10-03T10:00:00.000Z\\n  ${second.replaceAll('+', '\\+')}  active\\n$`,
      ),
    );
    expect(await server('revoke', '--name', 'EU #1')).toEqual({
      code: 0,
      out: 'revoked 1 key(s) of "EU #1"\n',
    });
  });

  it('says what is wrong, with a non-zero exit code', async () => {
    expect(await server('add', '--name', 'x')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/^add needs --public-key/),
    });
    expect(await server('add', '--name', 'x', '--public-key', 'abc')).toEqual({
      code: 1,
      out: 'error: public key is not base64 (paste the key `etstats-agent init` printed)\n',
    });
    expect(await server('revoke')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/^revoke needs --public-key or --name/),
    });
    expect(await server('launch')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/^unknown command "launch"/),
    });
  });
});
