/** The access ladder, lowest first. OWNER comes from a setting; the others from guild roles. */
export const ACCESS_LEVELS = ['public', 'trusted', 'moderator', 'admin', 'owner'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** What is being attempted, for commands whose level depends on the subcommand or button (`/admin rebuild` is OWNER). */
export interface AccessRequest {
  readonly kind: 'command' | 'autocomplete' | 'component';
  readonly subcommand: readonly string[];
  /** Components only: the custom_id after `<command>:`. */
  readonly customId: string | null;
}

/** A command's access rule: one level, or a level per subcommand/button. Absent means 'public'. */
export type AccessRule = AccessLevel | ((request: AccessRequest) => AccessLevel);

/** Each level's place on the ladder: a Map, so no name (`constructor`, `__proto__`) finds anything else. */
const RANK: ReadonlyMap<unknown, number> = new Map(ACCESS_LEVELS.map((level, i) => [level, i]));

/** True for the five levels, and nothing else (not a prototype member a lookup fell through to). */
export function isAccessLevel(value: unknown): value is AccessLevel {
  return RANK.has(value);
}

/** The level a request needs; a rule answering anything but a known level needs OWNER (fails closed). */
export function requiredAccess(rule: AccessRule | undefined, request: AccessRequest): AccessLevel {
  if (rule === undefined) return 'public';
  const level: unknown = typeof rule === 'function' ? rule(request) : rule;
  return isAccessLevel(level) ? level : 'owner';
}

/** True when `level` is at least `required` on the ladder; false when either is not a known level. */
export function meetsAccess(level: AccessLevel, required: AccessLevel): boolean {
  const have = RANK.get(level);
  const need = RANK.get(required);
  return have !== undefined && need !== undefined && have >= need;
}
