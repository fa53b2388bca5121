import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import {
  type Bucket,
  bucketsFor,
  DEFAULT_RATE_LIMITS,
  pruneRateLimitBuckets,
  retryMessage,
  takeTokens,
} from './rate-limit.ts';

const T0 = new Date('2026-05-01T12:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const user = (capacity: number, perSecond: number, id = 'u1'): Bucket => ({
  key: `user:${id}:light`,
  capacity,
  perSecond,
});
const guild = (capacity: number, perSecond: number): Bucket => ({
  key: 'guild:g1:light',
  capacity,
  perSecond,
});

let handle: PgliteHandle;
beforeAll(async () => {
  handle = await openPglite();
});
afterAll(() => handle.close());
beforeEach(async () => {
  await handle.db.execute(sql`delete from rate_limit_buckets`);
});

async function allowedOf(buckets: Bucket[], times: number, when: Date): Promise<boolean[]> {
  const results: boolean[] = [];
  for (let i = 0; i < times; i++)
    results.push((await takeTokens(handle.db, buckets, when)).allowed);
  return results;
}

const tokens = async (key: string) =>
  (
    await rowsOf<{ tokens: number }>(
      handle.db,
      sql`select tokens from rate_limit_buckets where key = ${key}`,
    )
  )[0]?.tokens;

describe('token buckets in Postgres', () => {
  it('allows a full bucket’s burst, then refuses and says when a token is back', async () => {
    expect(await allowedOf([user(3, 0.5)], 3, T0)).toEqual([true, true, true]);
    expect(await takeTokens(handle.db, [user(3, 0.5)], T0)).toEqual({
      allowed: false,
      retryAfterSeconds: 2,
      key: 'user:u1:light',
    });
    expect(await takeTokens(handle.db, [user(3, 0.5)], at(1))).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
      key: 'user:u1:light',
    });
  });

  it('refills with time, never above capacity', async () => {
    await allowedOf([user(3, 0.5)], 3, T0);
    expect(await allowedOf([user(3, 0.5)], 2, at(2))).toEqual([true, false]);
    expect(await allowedOf([user(3, 0.5)], 4, at(3600))).toEqual([true, true, true, false]);
  });

  it('counts a clock running backwards as no time passed', async () => {
    await allowedOf([user(1, 1)], 1, at(10));
    expect((await takeTokens(handle.db, [user(1, 1)], T0)).allowed).toBe(false);
    expect((await takeTokens(handle.db, [user(1, 1)], at(11))).allowed).toBe(true);
  });

  it('keeps users apart but shares the guild’s bucket between them', async () => {
    const g = guild(4, 0.1);
    expect(await allowedOf([user(3, 0.1, 'a'), g], 3, T0)).toEqual([true, true, true]);
    expect((await takeTokens(handle.db, [user(3, 0.1, 'a'), g], T0)).allowed).toBe(false);
    expect(await allowedOf([user(3, 0.1, 'b'), g], 2, T0)).toEqual([true, false]);
  });

  it('takes from every bucket or from none: a refusal by the guild leaves the user’s tokens alone', async () => {
    const g = guild(1, 0.01);
    expect((await takeTokens(handle.db, [user(5, 1, 'a'), g], T0)).allowed).toBe(true);
    expect(await tokens('user:a:light')).toBe(4);
    const refused = await takeTokens(handle.db, [user(5, 1, 'a'), g], T0);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 100, key: 'guild:g1:light' });
    expect(await tokens('user:a:light')).toBe(4);
  });

  it('is stricter for charts than for text, and looser for autocomplete', () => {
    const { light, heavy, autocomplete } = DEFAULT_RATE_LIMITS;
    expect(heavy.user.capacity).toBeLessThan(light.user.capacity);
    expect(heavy.user.perSecond).toBeLessThan(light.user.perSecond);
    expect(heavy.guild.perSecond).toBeLessThan(light.guild.perSecond);
    expect(autocomplete.user.perSecond).toBeGreaterThan(light.user.perSecond);
  });

  it('names a user bucket and a guild bucket per class, and no guild bucket in a DM', () => {
    expect(
      bucketsFor(DEFAULT_RATE_LIMITS, 'heavy', { userId: '1', guildId: '2' }).map((b) => b.key),
    ).toEqual(['user:1:heavy', 'guild:2:heavy']);
    expect(
      bucketsFor(DEFAULT_RATE_LIMITS, 'light', { userId: '1', guildId: null }).map((b) => b.key),
    ).toEqual(['user:1:light']);
  });

  it('prunes buckets idle for a day (they would be full again anyway)', async () => {
    await takeTokens(handle.db, [user(3, 1, 'old')], T0);
    await takeTokens(handle.db, [user(3, 1, 'new')], at(86_000));
    expect(await pruneRateLimitBuckets(handle.db, at(86_400 + 10))).toBe(1);
    expect(await tokens('user:new:light')).toBe(2);
  });

  it('tells the user when to retry, in seconds or minutes', () => {
    expect(retryMessage(7)).toBe(
      'Slow down a little: too many commands at once. Try again in 7 s.',
    );
    expect(retryMessage(200)).toBe(
      'Slow down a little: too many commands at once. Try again in 4 min.',
    );
  });
});
