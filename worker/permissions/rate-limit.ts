import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import type { RateClass } from '../discord/command.ts';

/**
 * Token buckets in Postgres (table rate_limit_buckets), so every Worker isolate shares them. A bucket
 * holds up to `capacity` tokens and refills `perSecond`; each interaction takes one token from its user's
 * bucket and one from its guild's, for its class. Charts and big reports cost the database and the
 * renderer far more than a text answer, so their class is stricter; autocomplete fires on every keystroke,
 * so its class is looser.
 */

export type { RateClass } from '../discord/command.ts';

export interface BucketRule {
  readonly capacity: number;
  readonly perSecond: number;
}

export type RateLimitPolicy = Readonly<
  Record<RateClass, { readonly user: BucketRule; readonly guild: BucketRule }>
>;

export const DEFAULT_RATE_LIMITS: RateLimitPolicy = {
  // A burst of 8 commands, then one every 3 s per user; a guild of regulars shares 40 and one a second.
  light: { user: { capacity: 8, perSecond: 1 / 3 }, guild: { capacity: 40, perSecond: 1 } },
  // Charts: 3 in a row, then one every 20 s per user; 10 and one every 6 s per guild.
  heavy: { user: { capacity: 3, perSecond: 1 / 20 }, guild: { capacity: 10, perSecond: 1 / 6 } },
  autocomplete: { user: { capacity: 40, perSecond: 4 }, guild: { capacity: 200, perSecond: 20 } },
};

export interface Bucket extends BucketRule {
  /** `user:<id>:<class>` or `guild:<id>:<class>`. */
  readonly key: string;
}

export type RateVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly key: string };

/** The buckets an interaction draws from: its user's, and its guild's unless it came from a DM. */
export function bucketsFor(
  policy: RateLimitPolicy,
  rateClass: RateClass,
  who: { userId: string; guildId: string | null },
): Bucket[] {
  const rule = policy[rateClass];
  const buckets: Bucket[] = [{ key: `user:${who.userId}:${rateClass}`, ...rule.user }];
  if (who.guildId !== null)
    buckets.push({ key: `guild:${who.guildId}:${rateClass}`, ...rule.guild });
  return buckets;
}

type TakeRow = {
  key: string;
  refilled: number | string | null;
  per_second: number | string;
  taken: boolean;
};

/**
 * Takes one token from every bucket, or from none: one statement when all have a token (the common case).
 * The UPDATE locks each row and re-checks it against the latest committed value, so concurrent requests
 * never spend the same token. A bucket seen for the first time starts full. When one bucket is empty, the
 * tokens taken from the others go back, and the answer says when the emptiest one has a token again.
 */
export function takeTokens(
  db: Queryable,
  buckets: readonly Bucket[],
  now: Date,
): Promise<RateVerdict> {
  return take(db, buckets, now, false);
}

async function take(
  db: Queryable,
  buckets: readonly Bucket[],
  now: Date,
  retried: boolean,
): Promise<RateVerdict> {
  if (buckets.length === 0) return { allowed: true };
  const at = now.toISOString();
  const input = sql.join(
    buckets.map((b) => sql`(${b.key}::text, ${b.capacity}::float8, ${b.perSecond}::float8)`),
    sql`, `,
  );
  const [stored, wanted] = [sql.raw('b'), sql.raw('v')];
  // Tokens now: what the bucket held plus what flowed in since, never above capacity (clocks may disagree: no negative time).
  const refilled = sql`least(${wanted}.capacity, ${stored}.tokens + greatest(0, extract(epoch from (${at}::timestamptz - ${stored}.updated_at))) * ${wanted}.per_second)`;
  const rows = await rowsOf<TakeRow>(
    db,
    sql`
    with v(key, capacity, per_second) as (values ${input}),
    spent as (
      update rate_limit_buckets b set tokens = ${refilled} - 1, updated_at = greatest(b.updated_at, ${at}::timestamptz)
      from v where b.key = v.key and ${refilled} >= 1
      returning b.key),
    fresh as (
      insert into rate_limit_buckets (key, tokens, updated_at)
      select v.key, v.capacity - 1, ${at}::timestamptz from v where not exists (select 1 from rate_limit_buckets b where b.key = v.key)
      on conflict (key) do nothing
      returning key)
    select v.key, ${refilled} as refilled, v.per_second,
      (v.key in (select key from spent) or v.key in (select key from fresh)) as taken
    from v left join rate_limit_buckets b on b.key = v.key`,
  );
  if (rows.every((row) => row.taken)) return { allowed: true };
  const taken = rows.filter((row) => row.taken).map((row) => row.key);
  if (taken.length > 0) await refund(db, taken, buckets);
  // A bucket another request created a moment ago (both saw none): it is full, so this one deserves a second try.
  if (!retried && rows.some((row) => !row.taken && row.refilled === null))
    return take(db, buckets, now, true);
  const waits = rows
    .filter((row) => !row.taken)
    .map((row) => {
      const refilled = row.refilled === null ? 0 : Number(row.refilled);
      return {
        key: row.key,
        seconds: Math.max(1, Math.ceil((1 - refilled) / Number(row.per_second))),
      };
    })
    .sort((a, b) => b.seconds - a.seconds);
  const worst = waits[0] ?? { key: buckets[0]?.key ?? '', seconds: 1 };
  return { allowed: false, retryAfterSeconds: worst.seconds, key: worst.key };
}

/** Gives back the tokens of an attempt that another bucket refused (capped at each bucket's capacity). */
async function refund(db: Queryable, keys: readonly string[], buckets: readonly Bucket[]) {
  const values = sql.join(
    buckets
      .filter((b) => keys.includes(b.key))
      .map((b) => sql`(${b.key}::text, ${b.capacity}::float8)`),
    sql`, `,
  );
  await db.execute(sql`update rate_limit_buckets b set tokens = least(v.capacity, b.tokens + 1)
    from (values ${values}) as v(key, capacity) where b.key = v.key`);
}

/** Deletes buckets idle long enough to be full again (they start full when next seen); for a daily job. */
export async function pruneRateLimitBuckets(
  db: Queryable,
  now: Date,
  idleHours = 24,
): Promise<number> {
  const cutoff = new Date(now.getTime() - idleHours * 3_600_000).toISOString();
  const rows = await rowsOf<{ key: string }>(
    db,
    sql`delete from rate_limit_buckets where updated_at < ${cutoff}::timestamptz returning key`,
  );
  return rows.length;
}

/** What the user reads: short, and says when to try again. */
export function retryMessage(retryAfterSeconds: number): string {
  const wait =
    retryAfterSeconds >= 90 ? `${Math.ceil(retryAfterSeconds / 60)} min` : `${retryAfterSeconds} s`;
  return `Slow down a little: too many commands at once. Try again in ${wait}.`;
}
