import { type SQL, sql } from 'drizzle-orm';

/**
 * The name a player is shown by everywhere (commands, charts, the JSON API, announcements): the latest
 * name their GUID was seen with, colour codes stripped. The importer keeps it in `players.name` (the name
 * of the GUID's most recent round; merges and rebuilds keep it too). A round's own name is never shown
 * for a player: a table of an old map or session would then name them by an alias they dropped while
 * the leaderboard beside it names them by the new one. Falls back to the GUID, so a row is never nameless.
 */
export function shownName(guid: SQL): SQL {
  return sql`coalesce((select p_n.name from players p_n where p_n.guid = ${guid}), ${guid})`;
}
