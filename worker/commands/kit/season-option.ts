import type { APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Choice } from '../../discord/responses.ts';
import { findSeason, type SeasonWithData, seasonsWithData } from '../../queries/season-history.ts';
import { type CommandServices, communityOf } from '../../services.ts';
import { MAX_CHOICES } from './autocomplete.ts';
import { quote } from './player-option.ts';

/** How many seasons an error message lists before "…". */
const LISTED = 12;

/** The `season` option of /season and /top: one season with data, autocompleted. */
export function seasonOption(description: string): APIApplicationCommandBasicOption {
  return {
    type: ApplicationCommandOptionType.String,
    name: 'season',
    description,
    required: false,
    autocomplete: true,
    max_length: 40,
  };
}

const day = (iso: string) => iso.slice(0, 10);
/** The last day a season covers (its end is exclusive). */
const lastDay = (iso: string) => new Date(Date.parse(iso) - 1).toISOString().slice(0, 10);

/** "2025 Q3 · #1 · 2025-07-01 – 2025-09-30 · 114 rounds": what a season choice shows. */
function choiceName(season: SeasonWithData): string {
  const span = `${day(season.startsAt)} – ${season.endsAt === null ? 'open' : lastDay(season.endsAt)}`;
  return `${season.name} · #${season.number} · ${span} · ${season.rounds} rounds`.slice(0, 100);
}

/** Seasons with data whose name, number or start date holds the typed text; newest first. */
export async function seasonChoices(
  services: Pick<CommandServices, 'db' | 'community'>,
  typed: string,
): Promise<Choice[]> {
  const text = typed.trim().toLowerCase();
  const seasons = await seasonsWithData(services.db, communityOf(services).id);
  return seasons
    .filter((s) => text === '' || choiceName(s).toLowerCase().includes(text))
    .reverse()
    .slice(0, MAX_CHOICES)
    .map((s) => ({ name: choiceName(s), value: s.key }));
}

/**
 * The season a `season` option names among the community's seasons with data (`seasonsWithData`), or
 * what to tell the user: the seasons there are to pick from.
 */
export function resolveSeason(
  seasons: readonly SeasonWithData[],
  typed: string,
): { ok: true; season: SeasonWithData } | { ok: false; reason: string } {
  const found = findSeason(seasons, typed);
  if (found) return { ok: true, season: found };
  if (seasons.length === 0)
    return {
      ok: false,
      reason:
        'No season has any rounds yet: seasons appear here once rounds are imported and the leaderboards computed.',
    };
  const listed = seasons
    .slice(-LISTED)
    .reverse()
    .map((s) => `${s.name} (#${s.number})`);
  const more = seasons.length > LISTED ? ', …' : '';
  return {
    ok: false,
    reason: `There is no season "${quote(typed.slice(0, 40))}" with rounds. Seasons with data, newest first: ${listed.join(', ')}${more}. Pick one from the list, or give its name or number.`,
  };
}
