/**
 * The shape a stats.lua round JSON must have before anything of it is stored (Oksii/legacy-configs,
 * `luascripts/README.md`, "TypeScript types"). Only what the round model reads is held to a type;
 * everything else (movement, stances, vehicle stats, telemetry) passes through as sent and is kept in
 * the stored JSON. A refusal names the field: `player_stats["…"].weaponStats[3]: …`.
 */
import * as v from 'valibot';
import type { StatsLuaPayload } from '../../stats/stats-lua/payload.ts';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const count = v.pipe(v.number(), v.finite());
const side = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3));
/** stats.lua writes some counters as strings (`"rounds": "3"`). */
const numberish = v.union([
  v.pipe(v.number(), v.integer()),
  v.pipe(v.string(), v.regex(/^\d{1,6}$/)),
]);

const roundInfo = v.looseObject({
  servername: v.optional(text(256)),
  config: v.optional(text(256)),
  matchID: v.optional(text(64)),
  mapname: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'is not a map name')),
  round: v.picklist([1, 2], 'is not 1 or 2'),
  defenderteam: side,
  winnerteam: side,
  timelimit: text(16),
  nextTimeLimit: text(16),
  round_start: count,
  round_end: count,
  round_start_unix: count,
  round_end_unix: count,
});

const player = v.looseObject({
  guid: text(32),
  name: text(128),
  rounds: numberish,
  team: numberish,
  weaponStats: v.pipe(v.array(text(24)), v.maxLength(1 + 28 * 5 + 10)),
});

const metadata = v.looseObject({
  servername: v.optional(text(256)),
  config: v.optional(text(256)),
  matchID: v.optional(text(64)),
  scores: v.nullish(
    v.looseObject({
      alpha_teamname: v.nullish(text(128)),
      beta_teamname: v.nullish(text(128)),
      round: v.optional(v.looseObject({ round_num: v.optional(v.picklist([1, 2])) })),
    }),
  ),
});

const event = v.looseObject({
  label: text(64),
  leveltime: count,
  round_id: v.optional(count),
  match_id: v.optional(text(64)),
});

/** A round holds at most 64 players and, with a full event log, some tens of thousands of events. */
export const MAX_PLAYERS = 64;
export const MAX_EVENTS = 200_000;

const payload = v.looseObject({
  round_info: roundInfo,
  player_stats: v.pipe(v.record(v.string(), player), v.maxEntries(MAX_PLAYERS)),
  metadata: v.optional(metadata),
  gamelog: v.optional(v.pipe(v.array(event), v.maxLength(MAX_EVENTS))),
});

export type SchemaCheck =
  | { readonly ok: true; readonly payload: StatsLuaPayload }
  | { readonly ok: false; readonly reason: string };

/** Where an issue is, as a path a server admin can look up in the JSON: `round_info.round`. */
function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    out +=
      typeof key === 'number'
        ? `[${key}]`
        : typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
          ? `${out ? '.' : ''}${key}`
          : `[${JSON.stringify(String(key).slice(0, 40))}]`;
  }
  return out || '(the body)';
}

/** Checks a parsed body against the shape; the first few issues, each with its field, when it fails. */
export function checkStatsLuaShape(body: unknown): SchemaCheck {
  const result = v.safeParse(payload, body, { abortPipeEarly: true });
  if (result.success) return { ok: true, payload: result.output as StatsLuaPayload };
  const issues = result.issues.slice(0, 3).map((i) => `${pathOf(i)}: ${i.message}`);
  const more = result.issues.length > 3 ? ` (and ${result.issues.length - 3} more)` : '';
  return { ok: false, reason: issues.join('; ') + more };
}
