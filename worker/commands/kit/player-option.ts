import type { APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { type CommandServices, communityOf } from '../../services.ts';
import {
  findPlayers,
  linkOfUser,
  type PlayerMatch,
  type PlayerRef,
  playerByGuid,
  searchText,
} from '../../queries/links.ts';
import { PERIOD_IDS, PERIOD_NAMES } from '../../queries/period.ts';
import { formatDay, playerName } from './text-format.ts';

/** The `player` option of /stats, /compare, /link…: autocompleted, its value a GUID when picked from the list. */
export function playerOption(
  name = 'player',
  description = 'A name, part of one, or a GUID (empty: your linked player)',
  required = false,
): APIApplicationCommandBasicOption {
  return {
    type: ApplicationCommandOptionType.String,
    name,
    description,
    required,
    autocomplete: true,
    max_length: 64,
  };
}

/** The `period` option: all time, this season, the last 30 days, the last session. */
export function periodOption(): APIApplicationCommandBasicOption {
  return {
    type: ApplicationCommandOptionType.String,
    name: 'period',
    description: 'Which time span (default: all time)',
    required: false,
    choices: PERIOD_IDS.map((id) => ({ name: PERIOD_NAMES[id], value: id })),
  };
}

export type PlayerResolution =
  | { readonly ok: true; readonly player: PlayerRef }
  | { readonly ok: false; readonly reason: string };

/** How many candidates an ambiguity message lists (each on a line of its own). */
const LISTED = 8;

/**
 * The player an option names: an autocomplete pick (a GUID), a GUID typed in full, a whole name (a
 * player's latest name before another player's former one; else any name a GUID used), or a unique part
 * of one. No text: the caller's linked player. Each failure is a message to show as is: no match,
 * several matches (listed, to pick from), or no link.
 */
export async function resolvePlayer(
  services: Pick<CommandServices, 'db' | 'community'>,
  typed: string | undefined,
  callerId: string,
): Promise<PlayerResolution> {
  const { db } = services;
  const { id: community } = communityOf(services);
  const text = typed?.trim() ?? '';
  if (text === '') {
    const link = await linkOfUser(db, community, callerId);
    if (!link)
      return {
        ok: false,
        reason: 'You have not linked a player: use /link to link yours, or name a player.',
      };
    return { ok: true, player: { guid: link.guid, name: link.name, bot: link.bot } };
  }
  if (/^(?:[0-9a-z]{8}|[0-9a-f]{32})$/i.test(text)) {
    const byGuid = await playerByGuid(db, community, text);
    if (byGuid) return { ok: true, player: byGuid };
  }
  if (searchText(text) === '') return { ok: false, reason: `No player matches '${quote(text)}'.` };
  const matches = await findPlayers(db, community, text, LISTED + 1);
  const exact = matches.filter((m) => m.rank === 0);
  const current = exact.filter((m) => m.current);
  const pool = current.length > 0 ? current : exact.length > 0 ? exact : matches;
  const [only] = pool;
  if (pool.length === 1 && only)
    return { ok: true, player: { guid: only.guid, name: only.name, bot: only.bot } };
  if (pool.length === 0)
    return {
      ok: false,
      reason: `No player matches '${quote(text)}'. Try part of a name, or /whois.`,
    };
  return { ok: false, reason: candidatesMessage(text, pool) };
}

/**
 * Several players fit what was typed: each on a line with the GUID that names them alone, so the
 * answer itself is the list to pick from (the autocomplete list is gone once the command is sent).
 */
function candidatesMessage(text: string, pool: readonly PlayerMatch[]): string {
  const lines = pool.slice(0, LISTED).map((m) => {
    const alias = m.alias ? ` (as ${playerName(m.alias)})` : '';
    return `• **${playerName(m.name)}**${alias} \`${m.guid}\` · last seen ${formatDay(m.last_seen_at)}`;
  });
  if (pool.length > LISTED) lines.push('…and more: type more of the name.');
  return [
    `Several players match '${quote(text)}':`,
    ...lines,
    `Name one by its GUID (\`player:${pool[0]?.guid}\`) or pick it from the list while typing.`,
  ].join('\n');
}

/** The `user` option of /stats: a Discord member, whose linked player is meant. */
export function memberOption(): APIApplicationCommandBasicOption {
  return {
    type: ApplicationCommandOptionType.User,
    name: 'user',
    description: 'A Discord member: their linked player',
    required: false,
  };
}

/**
 * The player a `player` or `user` option names: the text as `resolvePlayer` reads it, or the member's
 * linked player. Neither: the caller's own. Both: refused, as they could disagree.
 */
export async function resolvePlayerOrMember(
  services: Pick<CommandServices, 'db' | 'community'>,
  typed: string | undefined,
  memberId: string | undefined,
  callerId: string,
): Promise<PlayerResolution> {
  if (memberId === undefined || memberId === '') return resolvePlayer(services, typed, callerId);
  if ((typed?.trim() ?? '') !== '')
    return {
      ok: false,
      reason:
        'Give a player or a user, not both: `player:` names a player, `user:` a Discord member.',
    };
  if (!/^\d{1,20}$/.test(memberId))
    return {
      ok: false,
      reason: 'That user option is not a Discord member: pick one from the list.',
    };
  if (memberId === callerId) return resolvePlayer(services, undefined, callerId);
  const link = await linkOfUser(services.db, communityOf(services).id, memberId);
  if (!link)
    return {
      ok: false,
      reason: `<@${memberId}> has not linked a player here. They can link theirs with \`/link player:<their name>\`; or name the player instead (\`player:\`).`,
    };
  return { ok: true, player: { guid: link.guid, name: link.name, bot: link.bot } };
}

/** Typed text echoed back in a message: escaped and short. */
export function quote(text: string): string {
  return playerName(text.length > 40 ? `${text.slice(0, 39)}…` : text);
}
