import { sql } from 'drizzle-orm';
import type { AccessLevelName } from '../../schema/discord.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { type AccessLevel, isAccessLevel, meetsAccess } from '../discord/access.ts';
import type { Caller } from '../discord/interaction.ts';

/**
 * Who may do what, decided from the signed interaction alone (user id, guild, member roles and
 * permission bits: Discord signs them, so a user cannot forge them) plus what the database says:
 *
 * - OWNER: the user id is in OWNER_USER_IDS. Nothing else grants it, and it works in DMs too.
 * - ADMIN / MODERATOR / TRUSTED: the highest level any of the member's roles maps to in this guild
 *   (`/admin roles`). The guild's own id is its @everyone role, so mapping it gives every member a level;
 *   that mapping is capped at TRUSTED, so one slip cannot make the whole server staff.
 * - Discord administrators (the Administrator permission bit) get ADMIN, unless the guild set another
 *   level for them: they can give themselves any role anyway, so withholding ADMIN protects little, but a
 *   guild that wants every privileged act to come from a named staff role can lower it.
 * - TRUSTED: the user has linked an in-game player (`/link`, or a moderator's `/admin link`).
 * - PUBLIC otherwise. Role levels never reach OWNER; a stored 'owner' counts as ADMIN.
 */

/** What the database knows about a caller; read in one round trip by `loadAccessFacts`. */
export interface AccessFacts {
  readonly ownerUserIds: readonly string[];
  /** Role id → level in the caller's guild (empty in DMs or when the guild configured none). */
  readonly roleLevels: Readonly<Record<string, AccessLevelName>>;
  /** The level members with the Administrator permission get; null means the default, ADMIN. */
  readonly administratorsLevel: AccessLevelName | null;
  readonly linked: boolean;
}

/** Discord's ADMINISTRATOR permission bit (1 << 3): implies every other permission. */
const ADMINISTRATOR = 1n << 3n;
/** The most a role mapping can grant; the @everyone role (id = guild id) is capped lower. */
const ROLE_CEILING: AccessLevel = 'admin';
const EVERYONE_CEILING: AccessLevel = 'trusted';

export { isAccessLevel };

/** A role's mapped level, own properties only (a role id is never a prototype member's name). */
const mappedLevel = (levels: Readonly<Record<string, unknown>>, role: string): unknown =>
  Object.hasOwn(levels, role) ? levels[role] : undefined;

const highest = (a: AccessLevel, b: AccessLevel): AccessLevel => (meetsAccess(a, b) ? a : b);
const capped = (level: AccessLevel, ceiling: AccessLevel): AccessLevel =>
  meetsAccess(ceiling, level) ? level : ceiling;

/** True when the member's permission bitfield (a decimal string) carries ADMINISTRATOR; false when unreadable. */
export function hasAdministrator(permissions: string | null): boolean {
  if (permissions === null || !/^\d{1,40}$/.test(permissions)) return false;
  return (BigInt(permissions) & ADMINISTRATOR) === ADMINISTRATOR;
}

/** The caller's level: pure, so every rule above is tested without a database. */
export function resolveAccess(caller: Caller, facts: AccessFacts): AccessLevel {
  if (caller.userId !== '' && facts.ownerUserIds.includes(caller.userId)) return 'owner';
  let level: AccessLevel = facts.linked ? 'trusted' : 'public';
  if (caller.guildId === null) return level;
  for (const role of caller.roles) {
    const mapped = mappedLevel(facts.roleLevels, role);
    if (isAccessLevel(mapped)) level = highest(level, capped(mapped, ROLE_CEILING));
  }
  const everyone = mappedLevel(facts.roleLevels, caller.guildId);
  if (isAccessLevel(everyone)) level = highest(level, capped(everyone, EVERYONE_CEILING));
  if (hasAdministrator(caller.permissions)) {
    const administrators = isAccessLevel(facts.administratorsLevel)
      ? facts.administratorsLevel
      : 'admin';
    level = highest(level, capped(administrators, ROLE_CEILING));
  }
  return level;
}

/** Role levels, the administrators' level and whether the user linked a player: one query. */
export async function loadAccessFacts(
  db: Queryable,
  caller: Caller,
  ownerUserIds: readonly string[],
  communityId: number | null,
): Promise<AccessFacts> {
  const guild = caller.guildId ?? '';
  const [row] = await rowsOf<{
    role_levels: Record<string, AccessLevelName> | null;
    administrators_level: AccessLevelName | null;
    linked: boolean;
  }>(
    db,
    sql`select (select role_levels from guild_settings where guild_id = ${guild}) as role_levels,
      (select administrators_level from guild_access where guild_id = ${guild}) as administrators_level,
      exists (select 1 from discord_links where community_id = ${communityId ?? -1}
        and user_id = ${caller.userId}) as linked`,
  );
  return {
    ownerUserIds,
    roleLevels: row?.role_levels ?? {},
    administratorsLevel: row?.administrators_level ?? null,
    linked: row?.linked === true,
  };
}

/** Readable names for messages: "a moderator", "an admin". */
export function levelName(level: AccessLevel): string {
  switch (level) {
    case 'public':
      return 'everyone';
    case 'trusted':
      return 'linked players';
    case 'moderator':
      return 'moderators';
    case 'admin':
      return 'admins';
    case 'owner':
      return 'the bot owners';
  }
}
