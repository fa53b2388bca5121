import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../worker/db/database.ts';
import { openPglite } from '../worker/db/pglite.ts';
import { communityOfGuild } from '../worker/queries/communities.ts';
import { runCommunityCommand } from './community.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
});
afterAll(() => handle.close());

const GUILD = '123456789012345678';

async function community(...argv: string[]) {
  let out = '';
  const code = await runCommunityCommand(
    argv,
    handle.db,
    (text) => {
      out += text;
    },
    () => new Date('2025-10-03T10:00:00Z'),
  );
  return { code, out };
}

describe('npm run community', () => {
  it('lists the default community, creates another, and binds, moves and unbinds a guild', async () => {
    expect(await community('list')).toEqual({
      code: 0,
      out: 'default (id 1) "Our community": guilds none; servers none\n',
    });
    expect(await community('create', 'clan-b', 'Clan', 'B')).toEqual({
      code: 0,
      out: 'created clan-b\n',
    });
    expect(await community('bind', GUILD)).toEqual({
      code: 0,
      out: `guild ${GUILD} bound to default\n`,
    });
    expect((await communityOfGuild(handle.db, GUILD))?.slug).toBe('default');
    expect(await community('bind', GUILD, 'clan-b')).toEqual({
      code: 0,
      out: `guild ${GUILD} bound to clan-b (was default)\n`,
    });
    expect((await communityOfGuild(handle.db, GUILD))?.slug).toBe('clan-b');
    expect(await community('list')).toEqual({
      code: 0,
      out:
        'default (id 1) "Our community": guilds none; servers none\n' +
        `clan-b (id 2) "Clan B": guilds ${GUILD}; servers none\n`,
    });
    expect(await community('unbind', GUILD)).toEqual({
      code: 0,
      out: `guild ${GUILD} unbound from clan-b\n`,
    });
    expect(await communityOfGuild(handle.db, GUILD)).toBeNull();
  });

  it('says what is wrong: a bad slug, a taken slug, a bad guild id, an unknown community', async () => {
    expect(await community('create', 'Bad Slug!', 'x')).toEqual({
      code: 1,
      out: 'error: "bad slug!" is not a slug: 2 to 32 lower-case letters, digits and dashes\n',
    });
    expect(await community('create', 'clan-b', 'again')).toEqual({
      code: 1,
      out: 'error: a community "clan-b" already exists\n',
    });
    expect(await community('bind', 'not-a-guild')).toEqual({
      code: 1,
      out: 'error: "not-a-guild" is not a guild id (a Discord snowflake)\n',
    });
    expect(await community('bind', GUILD, 'nowhere')).toEqual({
      code: 1,
      out: 'error: no community "nowhere"\n',
    });
    expect(await communityOfGuild(handle.db, GUILD)).toBeNull();
    expect(await community('unbind', GUILD)).toEqual({
      code: 1,
      out: `error: guild ${GUILD} is not bound to any community\n`,
    });
  });

  it('prints the usage with exit code 2 for a command it cannot run', async () => {
    for (const argv of [
      [],
      ['launch'],
      ['create', 'only-slug'],
      ['bind'],
      ['unbind', GUILD, 'x'],
    ]) {
      const { code, out } = await community(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(out, argv.join(' ')).toMatch(
        argv.length === 0 ? /^npm run community -- <command>/ : /^cannot run ".*"\n\nnpm run/,
      );
    }
  });
});
