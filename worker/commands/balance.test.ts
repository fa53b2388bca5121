import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandOptions, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { recomputeRating } from '../recompute/rating.ts';
import { balance, balanceTokens } from './balance.ts';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await recomputeRating(handle.db, 1, 'all');
});
afterAll(() => handle.close());

async function ask(players: string) {
  const interaction = slashCommandInteraction('balance', commandOptions({ players }));
  const { subcommand, options } = readOptions(interaction.data.options);
  const result = await balance.run({
    caller: readCaller(interaction),
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
    now: () => new Date('2026-01-01T00:00:00Z'),
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
    applicationId: '1',
    log: () => {},
    commands: [balance],
    interaction,
    subcommand,
    options,
  });
  if (result.kind !== 'reply') throw new Error('expected an immediate reply');
  assertWithinLimits(result.message);
  return result.message;
}

describe('/balance', () => {
  it('reads names and mentions as one player each', () => {
    expect(balanceTokens('kris, endekk <@123><@!456> lagger')).toEqual([
      'kris',
      'endekk',
      '<@123>',
      '<@!456>',
      'lagger',
    ]);
  });

  it('splits six rated players three and three, fairest first, with the next best after', async () => {
    const top = await rowsOf<{ guid: string; mu: number }>(
      handle.db,
      sql`select distinct on (key) key as guid, mu_after as mu from rating_changes
        where key not like '~%' order by key, ended_at desc limit 6`,
    );
    const message = await ask(top.map((p) => p.guid).join(', '));
    const text = message.embeds?.[0]?.description ?? '';
    const teamA = /\*\*Team A\*\* \((\d+)% to win\): (.*)/.exec(text);
    const teamB = /\*\*Team B\*\* \((\d+)%\): (.*)/.exec(text);
    expect(teamA?.[2]?.split(', ')).toHaveLength(3);
    expect(teamB?.[2]?.split(', ')).toHaveLength(3);
    expect(Number(teamA?.[1]) + Number(teamB?.[1])).toBe(100);
    const next = [...text.matchAll(/^(\d+)%: .* vs .*$/gm)].map((m) => Number(m[1]));
    expect(next).toHaveLength(2);
    for (const p of next)
      expect(Math.abs(p - 50)).toBeGreaterThanOrEqual(Math.abs(Number(teamA?.[1]) - 50));
  });

  it('says what to do when too few players, a player twice or an unlinked mention is given', async () => {
    expect((await ask('kris')).content).toMatch(/Give 2 to 12 players/);
    const [one] = await rowsOf<{ guid: string }>(
      handle.db,
      sql`select guid from players where not bot order by guid limit 1`,
    );
    expect((await ask(`${one?.guid}, ${one?.guid}`)).content).toMatch(/named twice/);
    expect((await ask(`${one?.guid} <@1300000000000000099>`)).content).toMatch(
      /has not linked a player here/,
    );
  });
});
