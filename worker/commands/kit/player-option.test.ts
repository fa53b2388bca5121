import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY } from '../../../test/support/community.ts';
import { discordLinks } from '../../../schema/index.ts';
import { loadTruth } from '../../../test/support/corpus.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { resolvePlayer } from './player-option.ts';
import { openCorpusDatabase } from '../../../test/support/corpus-database.ts';

const truth = loadTruth();
const CALLER = '1300000000000000123';
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openCorpusDatabase();
});
afterAll(() => handle.close());

const clean = (name: string) => name.replace(/\^[\s\S]/g, '');
const resolve = (typed: string | undefined, caller = CALLER) =>
  resolvePlayer({ db: handle.db, community: DEFAULT_COMMUNITY }, typed, caller);

describe('resolvePlayer', () => {
  it('takes a GUID in any case, as autocomplete sends it', async () => {
    for (const guid of ['EF8ACD12', 'ef8acd12', ' EF8ACD12 ']) {
      expect(await resolve(guid)).toMatchObject({ ok: true, player: { guid: 'EF8ACD12' } });
    }
  });

  it('finds every human by each name they used, colour codes typed or not, when that name is theirs alone', async () => {
    const owners = new Map<string, Set<string>>();
    for (const [guid, p] of Object.entries(truth.players)) {
      for (const name of p.names)
        owners.set(
          clean(name).toLowerCase(),
          new Set([...(owners.get(clean(name).toLowerCase()) ?? []), guid]),
        );
    }
    let checked = 0;
    for (const [guid, p] of Object.entries(truth.players)) {
      if (p.bot) continue;
      for (const name of p.names) {
        if (owners.get(clean(name).toLowerCase())!.size > 1) continue;
        const found = await resolve(name);
        // A name that is also part of another player's name is still theirs: a whole name beats a part.
        expect(found, name).toMatchObject({ ok: true, player: { guid } });
        expect(await resolve(clean(name).toUpperCase()), name).toMatchObject({
          ok: true,
          player: { guid },
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('takes a part of a name when one player has it, and lists the players when several do', async () => {
    expect(await resolve('Cru3lz')).toMatchObject({ ok: true, player: { guid: '9DC8DB48' } });
    const several = await resolve('iamez');
    expect(several.ok).toBe(false);
    if (several.ok) return;
    expect(several.reason).toMatch(
      /^Several players match 'iamez': iamez\S+, .* — pick one from the list\.$/,
    );
  });

  it('says when nothing matches, escaping what was typed', async () => {
    expect(await resolve('*nobody*')).toEqual({
      ok: false,
      reason: "No player matches '\\*nobody\\*'. Try part of a name, or /whois.",
    });
    expect(await resolve('^1^2')).toEqual({ ok: false, reason: "No player matches '^1^2'." });
  });

  it('matches % and _ literally, not as patterns', async () => {
    expect(await resolve('%')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^No player matches/),
    });
    // As a LIKE pattern "ra_" would also match "raguo18"; literally only "ra_29" has it.
    expect(await resolve('ra_')).toMatchObject({ ok: true, player: { guid: 'AF29D115' } });
  });

  it('uses the caller’s link when no player is named', async () => {
    expect(await resolve(undefined)).toEqual({
      ok: false,
      reason: 'You have not linked a player: use /link to link yours, or name a player.',
    });
    await handle.db.insert(discordLinks).values({
      communityId: DEFAULT_COMMUNITY.id,
      userId: CALLER,
      guid: '2B491044',
      linkedAt: new Date(),
      linkedBy: CALLER,
    });
    expect(await resolve('  ')).toMatchObject({
      ok: true,
      player: { guid: '2B491044', name: 'lagger1' },
    });
  });
});
