import { eq, sql } from 'drizzle-orm';
import { guildAccess } from '../../schema/admin.ts';
import { type AccessLevelName, guildSettings } from '../../schema/discord.ts';
import { markChannelSet } from '../announce/announced.ts';
import type { Queryable } from '../db/database.ts';
import type { AccessLevel } from '../discord/access.ts';

/** What `/admin roles` and `/admin channel` configure for one guild. */
export interface GuildConfig {
  readonly roleLevels: Readonly<Record<string, AccessLevelName>>;
  /** Null: Discord administrators get the default, ADMIN. */
  readonly administratorsLevel: AccessLevelName | null;
  readonly announceChannelId: string | null;
  /** Where quarantined uploads are told (null: the announcement channel). */
  readonly adminChannelId: string | null;
}

/** Levels a role can be mapped to: OWNER comes from the configuration only, PUBLIC is what no mapping means. */
export const ROLE_LEVELS = [
  'trusted',
  'moderator',
  'admin',
] as const satisfies readonly AccessLevel[];
/** Levels Discord administrators can be set to. */
export const ADMINISTRATOR_LEVELS = [
  'public',
  'trusted',
  'moderator',
  'admin',
] as const satisfies readonly AccessLevel[];

export type SettingResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export async function readGuildConfig(db: Queryable, guildId: string): Promise<GuildConfig> {
  const [settings] = await db
    .select()
    .from(guildSettings)
    .where(eq(guildSettings.guildId, guildId));
  const [access] = await db.select().from(guildAccess).where(eq(guildAccess.guildId, guildId));
  return {
    roleLevels: settings?.roleLevels ?? {},
    administratorsLevel: access?.administratorsLevel ?? null,
    announceChannelId: settings?.announceChannelId ?? null,
    adminChannelId: settings?.adminChannelId ?? null,
  };
}

interface Change {
  readonly guildId: string;
  readonly by: string;
  readonly at: Date;
}

/**
 * Maps a role to a level (null: removes the mapping). The guild's @everyone role (its id is the guild's)
 * can give every member TRUSTED at most.
 */
export async function setRoleLevel(
  db: Queryable,
  change: Change & { readonly roleId: string; readonly level: AccessLevel | null },
): Promise<SettingResult> {
  const { guildId, roleId, level } = change;
  if (!/^\d{1,25}$/.test(roleId))
    return { ok: false, reason: `"${roleId.slice(0, 30)}" is not a role id` };
  if (level !== null && !(ROLE_LEVELS as readonly string[]).includes(level)) {
    return {
      ok: false,
      reason: `a role can be mapped to ${ROLE_LEVELS.join(', ')} (owners are set in OWNER_USER_IDS)`,
    };
  }
  if (roleId === guildId && level !== null && level !== 'trusted') {
    return {
      ok: false,
      reason: '@everyone can be given trusted at most: map a staff role instead',
    };
  }
  const merged =
    level === null
      ? sql`${guildSettings.roleLevels} - ${roleId}::text`
      : sql`${guildSettings.roleLevels} || jsonb_build_object(${roleId}::text, ${level}::text)`;
  await db
    .insert(guildSettings)
    .values({
      guildId,
      roleLevels: level === null ? {} : { [roleId]: level },
      updatedAt: change.at,
      updatedBy: change.by,
    })
    .onConflictDoUpdate({
      target: guildSettings.guildId,
      set: { roleLevels: merged, updatedAt: change.at, updatedBy: change.by },
    });
  return { ok: true };
}

/** The level members with Discord's Administrator permission get without a mapped role. */
export async function setAdministratorsLevel(
  db: Queryable,
  change: Change & { readonly level: AccessLevel },
): Promise<SettingResult> {
  if (!(ADMINISTRATOR_LEVELS as readonly string[]).includes(change.level)) {
    return {
      ok: false,
      reason: `Discord administrators can be given ${ADMINISTRATOR_LEVELS.join(', ')}`,
    };
  }
  const values = {
    guildId: change.guildId,
    administratorsLevel: change.level,
    updatedAt: change.at,
    updatedBy: change.by,
  };
  await db
    .insert(guildAccess)
    .values(values)
    .onConflictDoUpdate({ target: guildAccess.guildId, set: values });
  return { ok: true };
}

/** Where round summaries and achievements are posted (null: nowhere). One channel per guild. */
export async function setAnnounceChannel(
  db: Queryable,
  change: Change & { readonly channelId: string | null },
): Promise<SettingResult> {
  if (change.channelId !== null && !/^\d{1,25}$/.test(change.channelId))
    return { ok: false, reason: 'that is not a channel id' };
  await db
    .insert(guildSettings)
    .values({
      guildId: change.guildId,
      announceChannelId: change.channelId,
      updatedAt: change.at,
      updatedBy: change.by,
    })
    .onConflictDoUpdate({
      target: guildSettings.guildId,
      set: { announceChannelId: change.channelId, updatedAt: change.at, updatedBy: change.by },
    });
  // Rounds played before it was set are not posted there (an hour of them would arrive at once).
  if (change.channelId !== null) await markChannelSet(db, change.channelId, change.at);
  return { ok: true };
}

/**
 * Where admins are told of uploads kept in quarantine (null: the announcement channel, as before
 * one was set). One channel per guild.
 */
export async function setAdminChannel(
  db: Queryable,
  change: Change & { readonly channelId: string | null },
): Promise<SettingResult> {
  if (change.channelId !== null && !/^\d{1,25}$/.test(change.channelId))
    return { ok: false, reason: 'that is not a channel id' };
  await db
    .insert(guildSettings)
    .values({
      guildId: change.guildId,
      adminChannelId: change.channelId,
      updatedAt: change.at,
      updatedBy: change.by,
    })
    .onConflictDoUpdate({
      target: guildSettings.guildId,
      set: { adminChannelId: change.channelId, updatedAt: change.at, updatedBy: change.by },
    });
  return { ok: true };
}
