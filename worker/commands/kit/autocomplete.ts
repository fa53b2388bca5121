import { displayText } from '../../../stats/display-text.ts';
import { WEAPON_NAMES, weaponLabel } from '../../../stats/fields.ts';
import { type CommandServices, communityOf } from '../../services.ts';
import type { Choice } from '../../discord/responses.ts';
import { findPlayers } from '../../queries/links.ts';
import { mapNames } from '../../queries/maps.ts';

/** Discord shows at most 25 choices. */
export const MAX_CHOICES = 25;
const MAX_CHOICE_NAME = 100;

/**
 * Players for a `player` option: the whole name or GUID first, then names starting with the text, then
 * names containing it; humans before bots; the most recently seen first. The value is the GUID, so the
 * pick resolves to exactly that player. Names are cleaned before they are cut, so the cut counts
 * what shows.
 */
export async function playerChoices(
  services: Pick<CommandServices, 'db' | 'community'>,
  typed: string,
): Promise<Choice[]> {
  const { id } = communityOf(services);
  const found = await findPlayers(services.db, id, typed.slice(0, 64), MAX_CHOICES);
  return found.map((p) => {
    const aliasShown = p.alias ? displayText(p.alias) : '';
    const alias = aliasShown ? ` (as ${aliasShown})` : '';
    const tail = ` · ${p.guid}${p.bot ? ' · bot' : ''}`;
    return {
      name:
        clip(`${displayText(p.name) || '(no name)'}${alias}`, MAX_CHOICE_NAME - tail.length) + tail,
      value: p.guid,
    };
  });
}

/** Maps for a `map` option: names starting with the text first, then containing it; most played first. */
export async function mapChoices(
  services: Pick<CommandServices, 'db' | 'community'>,
  typed: string,
): Promise<Choice[]> {
  const { id } = communityOf(services);
  const maps = await mapNames(services.db, id, typed.slice(0, 64), MAX_CHOICES);
  return maps.map((m) => ({
    name: clip(`${displayText(m.map) || m.map} · ${m.rounds} rounds`, MAX_CHOICE_NAME),
    value: m.map,
  }));
}

/** Weapons for a `weapon` option (a fixed list of 28: no database needed). */
export function weaponChoices(typed: string): Choice[] {
  return matchWeapons(typed)
    .slice(0, MAX_CHOICES)
    .map((id) => ({ name: `${weaponLabel(id)} (${WEAPON_NAMES[id]})`, value: WEAPON_NAMES[id]! }));
}

/** How weapon names compare: case, the `WS_` prefix, spaces and underscores ignored (`WS_KNIFE_KBAR` = `knife kbar`). */
export const weaponKey = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/^ws_/, '')
    .replace(/[\s_-]+/g, '');

/**
 * Weapon ids whose `WS_` name, display label or id matches `typed`: whole matches, then starts, then
 * parts, in id order within each. Empty text: every weapon.
 */
export function matchWeapons(typed: string): number[] {
  const text = weaponKey(typed.trim());
  if (text === '') return WEAPON_NAMES.map((_, id) => id);
  const scored: { id: number; score: number }[] = [];
  WEAPON_NAMES.forEach((name, id) => {
    const forms = [weaponKey(name), weaponKey(weaponLabel(id)), String(id)];
    const score = forms.some((f) => f === text)
      ? 0
      : forms.some((f) => f.startsWith(text))
        ? 1
        : forms.some((f) => f.includes(text))
          ? 2
          : -1;
    if (score >= 0) scored.push({ id, score });
  });
  return scored.sort((a, b) => a.score - b.score || a.id - b.id).map((s) => s.id);
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
