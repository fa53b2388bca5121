import type { APIEmbedField } from 'discord-api-types/v10';
import { clipText } from '../../discord/limits.ts';
import type { PlayerFigures, SessionPlayer } from '../../queries/session-report.ts';
import { MIN_SHOTS } from './awards.ts';
import { formatCount, playerName } from '../kit/text-format.ts';
import { oneDecimal as d1, twoDecimals as d2 } from './session-tables.ts';

// The top view: the best three of the session in each category.

const name = (text: string) => playerName(clipText(text, 24));

interface TopCategory {
  readonly title: string;
  value(f: PlayerFigures): number;
  show(f: PlayerFigures): string;
  /** Ratios only rank players with at least a quarter of the longest time played. */
  readonly ratio?: boolean;
}

const TOP_CATEGORIES: readonly TopCategory[] = [
  { title: 'Kills', value: (f) => f.kills, show: (f) => formatCount(f.kills) },
  { title: 'DPM', value: (f) => f.dpm, show: (f) => d1(f.dpm), ratio: true },
  { title: 'K/D', value: (f) => f.kd, show: (f) => d2(f.kd), ratio: true },
  { title: 'Damage given', value: (f) => f.damage_given, show: (f) => formatCount(f.damage_given) },
  {
    title: 'Accuracy',
    value: (f) => (f.shots >= MIN_SHOTS ? f.accuracy : 0),
    show: (f) => `${d1(f.accuracy)}%`,
    ratio: true,
  },
  {
    title: 'Headshot kills',
    value: (f) => f.headshot_kills,
    show: (f) => String(f.headshot_kills),
  },
  {
    title: 'Revives',
    value: (f) => f.revives_given ?? 0,
    show: (f) => String(f.revives_given ?? 0),
  },
  { title: 'Gibs', value: (f) => f.gibs, show: (f) => String(f.gibs) },
  { title: 'XP', value: (f) => f.xp, show: (f) => formatCount(f.xp) },
];

const MEDALS = ['🥇', '🥈', '🥉'];

export function topFields(players: readonly SessionPlayer[]): APIEmbedField[] {
  const longest = Math.max(0, ...players.map((p) => p.figures.time_played_min));
  return TOP_CATEGORIES.map((c) => {
    const pool = c.ratio
      ? players.filter((p) => p.figures.time_played_min >= longest / 4)
      : players;
    const best = pool
      .filter((p) => c.value(p.figures) > 0)
      .sort((a, b) => c.value(b.figures) - c.value(a.figures) || a.name.localeCompare(b.name))
      .slice(0, 3);
    const value = best
      .map((p, i) => `${MEDALS[i]} ${name(p.name)} — ${c.show(p.figures)}`)
      .join('\n');
    return { name: c.title, value: value || '—', inline: true };
  });
}
