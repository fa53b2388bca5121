/**
 * The one look of every chart: Discord's dark palette, sizes chosen to stay readable when a phone
 * shows an 800 px image at about 360 px (so nothing under 16 px), and the game's team colours.
 */
export const THEME = {
  width: 800,
  padding: 28,
  background: '#2b2d31',
  panel: '#1e1f22',
  rowAlt: '#313338',
  grid: '#404249',
  text: '#f2f3f5',
  muted: '#b5bac1',
  faint: '#80848e',
  accent: '#5865f2',
  good: '#3ba55d',
  bad: '#ed4245',
  fontFamily: 'Inter',
  size: { title: 30, subtitle: 18, body: 20, small: 16, big: 44 },
  radius: 8,
} as const;

/** Axis is red and Allies blue, as in game. 1 and 2 are the mod's side numbers. */
export const TEAM_COLOURS = { 1: '#e0464b', 2: '#3b82f6' } as const;
export const NEUTRAL_TEAM = '#8e9297';

export function teamColour(team: number | null | undefined): string {
  return team === 1 || team === 2 ? TEAM_COLOURS[team] : NEUTRAL_TEAM;
}

/**
 * Series colours for lines and radar shapes: distinct hues that stay apart on the dark background,
 * red and blue last so they are not mistaken for the teams.
 */
export const SERIES_COLOURS = [
  '#f0b232',
  '#57f287',
  '#eb459e',
  '#00c8d7',
  '#a78bfa',
  '#fb923c',
  '#9ae65c',
  '#f472b6',
  '#60a5fa',
  '#e0464b',
  '#fde047',
  '#94a3b8',
] as const;

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] as string;
}
