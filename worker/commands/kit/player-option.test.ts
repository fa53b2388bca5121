import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY } from '../../../test/support/community.ts';
import { discordLinks } from '../../../schema/index.ts';
import { loadTruth } from '../../../test/support/corpus.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { resolvePlayer, resolvePlayerOrMember } from './player-option.ts';
import {
  openCorpusDatabase,
  openCorpusDatabaseWith,
} from '../../../test/support/corpus-database.ts';
import { corpusFiles } from '../../../test/support/corpus.ts';

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
    const lines = several.reason.split('\n');
    expect(lines[0]).toBe("Several players match 'iamez':");
    // One line per candidate: latest name, GUID and when last seen; then how to pick one.
    const listed = lines.filter((l) => l.startsWith('• '));
    expect(listed.length).toBe(4);
    for (const line of listed)
      expect(line).toMatch(/^• \*\*iamez\S+\*\* `[0-9A-F]{8}` · last seen \d{4}-\d\d-\d\d$/);
    expect(lines.at(-1)).toMatch(/^Name one by its GUID \(`player:[0-9A-F]{8}`\)/);
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

/**
 * A corpus round replayed weeks later where two newcomers play: one under a name another player used
 * before (EF8ACD12's first, `iamez3`), one under a name that was someone's and is now nobody's latest.
 */
function newcomersRound() {
  const source = corpusFiles().find(
    (f) => f.name === '2025-10-13-205806-braundorf_b4-round-1.txt',
  )!;
  const lines = new TextDecoder().decode(source.bytes).split('\n');
  let n = 0;
  const renamed = lines.map((line, i) => {
    if (i === 0 || !line.includes('\\') || line.startsWith('EF8ACD12') || n >= 2) return line;
    const [guid, name] = n++ === 0 ? ['0BADC0DE', 'iamez3'] : ['0BADC0DF', 'x^ui28'];
    return line.replace(/^[^\\]*\\[^\\]*\\/, `${guid}\\${name}\\`);
  });
  return {
    name: '2026-01-10-205806-braundorf_b4-round-1.txt',
    bytes: new TextEncoder().encode(renamed.join('\n')),
  };
}

describe('resolvePlayer when names are shared', () => {
  let shared: DatabaseHandle;
  beforeAll(async () => {
    shared = await openCorpusDatabaseWith([newcomersRound()]);
  });
  afterAll(() => shared.close());
  const among = (typed: string) =>
    resolvePlayer({ db: shared.db, community: DEFAULT_COMMUNITY }, typed, CALLER);

  it('takes the player whose latest name it is over one who used it before', async () => {
    expect(await among('iamez3')).toMatchObject({
      ok: true,
      player: { guid: '0BADC0DE', name: 'iamez3' },
    });
    // The former owner is still found by their own latest name and by GUID.
    expect(await among('EF8ACD12')).toMatchObject({ ok: true, player: { guid: 'EF8ACD12' } });
  });

  it('lists the players when the name is the latest of two, naming their GUIDs', async () => {
    // A418067B has only ever been x^ui28 (xi28), and 0BADC0DF is now called that too.
    const found = await among('xi28');
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.reason).toContain('`A418067B`');
    expect(found.reason).toContain('`0BADC0DF`');
  });
});

describe('resolvePlayerOrMember', () => {
  const member = (typed: string | undefined, user: string | undefined, caller = CALLER) =>
    resolvePlayerOrMember({ db: handle.db, community: DEFAULT_COMMUNITY }, typed, user, caller);

  it('reads the player option alone as resolvePlayer does', async () => {
    expect(await member('Cru3lz', undefined)).toMatchObject({
      ok: true,
      player: { guid: '9DC8DB48' },
    });
  });

  it('takes a linked member’s player, and says how to link for one who has none', async () => {
    await handle.db.insert(discordLinks).values({
      communityId: DEFAULT_COMMUNITY.id,
      userId: '1300000000000000321',
      guid: '9DC8DB48',
      linkedAt: new Date(),
      linkedBy: '1300000000000000321',
    });
    expect(await member(undefined, '1300000000000000321')).toMatchObject({
      ok: true,
      player: { guid: '9DC8DB48' },
    });
    expect(await member('', '1300000000000000322')).toEqual({
      ok: false,
      reason:
        '<@1300000000000000322> has not linked a player here. They can link theirs with `/link player:<their name>`; or name the player instead (`player:`).',
    });
    expect(await member('Cru3lz', '1300000000000000321')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Give a player or a user, not both/),
    });
    expect(await member(undefined, 'not-an-id')).toMatchObject({ ok: false });
  });
});
