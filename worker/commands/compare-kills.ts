import type { APIEmbedField } from 'discord-api-types/v10';
import type { HeadToHeadKills } from '../queries/head-to-head-kills.ts';
import { playerName, plural } from './kit/text-format.ts';

/** `/compare`'s head-to-head kill count, from the stats.lua rounds both played (their event logs). */
export function headToHeadKillsField(
  kills: HeadToHeadKills | null,
  names: readonly [string, string],
): APIEmbedField[] {
  if (!kills) return [];
  return [
    {
      name: 'Kills on each other',
      value: `${playerName(names[0])} killed ${playerName(names[1])} ${plural(kills.aKilledB, 'time')}, ${playerName(names[1])} killed ${playerName(names[0])} ${plural(kills.bKilledA, 'time')} (event logs of ${plural(kills.rounds, 'round')} both played)`,
    },
  ];
}
