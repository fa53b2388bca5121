import { box, type Chart } from '../element.ts';
import { chartFrame, emptyBody, innerWidth } from '../kit/frame.ts';
import { legend } from '../kit/legend.ts';
import { lineChart } from '../kit/line.ts';
import { omittedNote } from '../kit/scale.ts';
import { seriesColour, THEME } from '../theme.ts';

export interface SessionTimelinePlayer {
  /** Raw in-game name; colour codes are stripped for display. */
  readonly name: string;
  /** One per entry of `xLabels`; null where the player did not play that map. */
  readonly values: readonly (number | null)[];
}

export interface SessionTimelineInput {
  readonly title?: string;
  readonly subtitle?: string;
  /** What the values are, e.g. "DPM" or "Kills": the y axis caption. */
  readonly metric: string;
  /** The maps (or rounds) in play order; a map played twice appears twice. */
  readonly xLabels: readonly string[];
  readonly players: readonly SessionTimelinePlayer[];
}

const WIDTH = 900;
const PLOT_HEIGHT = 400;
const SHOWN = 10;

function average(values: readonly (number | null)[]): number {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : -1;
}

/**
 * Session timeline: each player's figure map by map through the evening, one line per player.
 * More than 10 lines cannot be told apart, so the 10 best on average are drawn and the rest counted.
 * Throws when a player's values do not match the maps one to one.
 */
export function sessionTimelineChart(input: SessionTimelineInput): Chart {
  const title = input.title ?? `${input.metric} through the session`;
  for (const p of input.players) {
    if (p.values.length !== input.xLabels.length) {
      throw new Error(
        `timeline: player "${p.name}" has ${p.values.length} values for ${input.xLabels.length} maps`,
      );
    }
  }
  const players = [...input.players]
    .sort((a, b) => average(b.values) - average(a.values))
    .slice(0, SHOWN);
  if (players.length === 0 || input.xLabels.length === 0) {
    return chartFrame(
      { title, subtitle: input.subtitle, width: WIDTH, bodyHeight: 120 },
      emptyBody('No maps played in this session'),
    );
  }
  const width = innerWidth(WIDTH);
  const key = legend(
    players.map((p, i) => ({ label: p.name, colour: seriesColour(i) })),
    width,
    4,
  );
  const chart = lineChart({
    width,
    height: PLOT_HEIGHT,
    xLabels: input.xLabels,
    series: players.map((p, i) => ({ colour: seriesColour(i), values: p.values })),
  });
  return chartFrame(
    {
      title,
      subtitle: input.subtitle,
      width: WIDTH,
      bodyHeight: 24 + PLOT_HEIGHT + 14 + key.height,
      footer: omittedNote(input.players.length, players.length),
    },
    box(
      { flexDirection: 'column' },
      box({ height: 24, fontSize: THEME.size.small, color: THEME.muted }, input.metric),
      chart,
      box({ height: key.height, marginTop: 14 }, key.element),
    ),
  );
}
