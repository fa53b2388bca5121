import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { openPglite } from '../../worker/db/pglite.ts';
import { bindRegisteredGuild } from './register-guild.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
});
afterAll(() => handle.close());

const bound = () =>
  rowsOf<{ guild_id: string; slug: string }>(
    handle.db,
    sql`select cg.guild_id, c.slug from community_guilds cg join communities c on c.id = cg.community_id order by cg.guild_id`,
  );
const NOW = new Date('2026-05-01T12:00:00Z');

describe('npm run register -- --guild: the first guild of a self-hosted deployment', () => {
  it('binds nothing on a dry run or without --guild', async () => {
    expect(
      await bindRegisteredGuild(['--guild', '1200000000000000001', '--dry-run'], handle.db, NOW),
    ).toBeNull();
    expect(await bindRegisteredGuild([], handle.db, NOW)).toBeNull();
    expect(await bound()).toEqual([]);
  });

  it('binds the first guild registered to the default community, and no later one', async () => {
    expect(await bindRegisteredGuild(['--guild', '1200000000000000001'], handle.db, NOW)).toBe(
      'Bound guild 1200000000000000001 to community "default" (the first guild).',
    );
    expect(
      await bindRegisteredGuild(['--guild', '1200000000000000002'], handle.db, NOW),
    ).toBeNull();
    expect(await bound()).toEqual([{ guild_id: '1200000000000000001', slug: 'default' }]);
  });
});
