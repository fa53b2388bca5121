import type { APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { type CommandServices, communityOf } from '../../services.ts';
import {
  findPlayers,
  linkOfUser,
  type PlayerRef,
  playerByGuid,
  searchText,
} from '../../queries/links.ts';
import { PERIOD_IDS, PERIOD_NAMES } from '../../queries/period.ts';
import { playerName } from './text-format.ts';

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

/** How many candidates an ambiguity message names. */
const LISTED = 5;

/**
 * The player an option names: an autocomplete pick (a GUID), a GUID typed in full, a whole name (any
 * name the GUID used), or a unique part of one. No text: the caller's linked player. Each failure is a
 * message to show as is: no match, several matches (named), or no link.
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
  if (/^[0-9a-z]{8}$/i.test(text)) {
    const byGuid = await playerByGuid(db, community, text);
    if (byGuid) return { ok: true, player: byGuid };
  }
  if (searchText(text) === '') return { ok: false, reason: `No player matches '${quote(text)}'.` };
  const matches = await findPlayers(db, community, text, LISTED + 1);
  const exact = matches.filter((m) => m.rank === 0);
  const pool = exact.length > 0 ? exact : matches;
  const [only] = pool;
  if (pool.length === 1 && only)
    return { ok: true, player: { guid: only.guid, name: only.name, bot: only.bot } };
  if (pool.length === 0)
    return {
      ok: false,
      reason: `No player matches '${quote(text)}'. Try part of a name, or /whois.`,
    };
  const listed = pool.slice(0, LISTED).map((m) => playerName(m.name));
  const more = pool.length > LISTED ? ', …' : '';
  return {
    ok: false,
    reason: `Several players match '${quote(text)}': ${listed.join(', ')}${more} — pick one from the list.`,
  };
}

/** Typed text echoed back in a message: escaped and short. */
export function quote(text: string): string {
  return playerName(text.length > 40 ? `${text.slice(0, 39)}…` : text);
}
