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

export function requiredAccess(rule: AccessRule | undefined, request: AccessRequest): AccessLevel {
  if (rule === undefined) return 'public';
  return typeof rule === 'function' ? rule(request) : rule;
}

/** True when `level` is at least `required` on the ladder. */
export function meetsAccess(level: AccessLevel, required: AccessLevel): boolean {
  return ACCESS_LEVELS.indexOf(level) >= ACCESS_LEVELS.indexOf(required);
}
