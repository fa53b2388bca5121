import type { ParsedRound } from '../round.ts';

/**
 * A full GUID seen in a community's stats.lua rounds, and when it was first seen there: the earliest
 * owns its 8-character prefix in that community.
 */
export interface GuidClaim {
  readonly guid: string;
  readonly prefix: string;
  /** The end of the earliest round it was seen in (`round_end_unix`, ms). */
  readonly firstMs: number;
}

/**
 * Whether claim `a` owns a prefix before claim `b`: the one seen in the earlier round, two seen in the
 * same round by their text. Nothing else takes part, so the owner never depends on arrival order.
 */
export const ownsBefore = (a: GuidClaim, b: GuidClaim) =>
  a.firstMs !== b.firstMs ? a.firstMs < b.firstMs : a.guid < b.guid;

/** The full GUIDs a stats.lua round names (bots have none), with its end: what it claims. */
export function claimsOf(round: ParsedRound): GuidClaim[] {
  if (round.source !== 'stats-lua' || round.endedAtMs === undefined) return [];
  const firstMs = round.endedAtMs;
  return round.players.flatMap((p) =>
    p.fullGuid ? [{ guid: p.fullGuid, prefix: p.fullGuid.slice(0, 8), firstMs }] : [],
  );
}

/** The owners of the prefixes once `claims` join `owners` (owner claims by prefix). */
export function withClaims(
  owners: ReadonlyMap<string, GuidClaim>,
  claims: readonly GuidClaim[],
): Map<string, GuidClaim> {
  const out = new Map(owners);
  for (const c of claims) {
    const held = out.get(c.prefix);
    if (!held || ownsBefore(c, held)) out.set(c.prefix, c);
  }
  return out;
}

/**
 * Files a stats.lua round's players under the owners of their prefixes in its community: the owner
 * under the 8 characters (so round files, which carry only those, count for it), any other full GUID
 * under its own 32, kept apart. A prefix with no owner known keeps the reader's filing. Round files and
 * bots are as they were.
 */
export function fileUnderOwners(
  round: ParsedRound,
  owners: ReadonlyMap<string, { readonly guid: string }>,
): ParsedRound {
  if (round.source !== 'stats-lua') return round;
  let moved = false;
  const players = round.players.map((p) => {
    const owner = p.fullGuid ? owners.get(p.fullGuid.slice(0, 8)) : undefined;
    if (!p.fullGuid || !owner) return p;
    const guid = owner.guid === p.fullGuid ? p.fullGuid.slice(0, 8) : p.fullGuid;
    if (guid === p.guid) return p;
    moved = true;
    return { ...p, guid };
  });
  return moved ? { ...round, players } : round;
}
