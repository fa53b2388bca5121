import { box, type Chart, type Element, text } from '../element.ts';
import { chartDuration, chartInt } from '../chart-numbers.ts';
import { chartFrame, innerWidth } from '../kit/frame.ts';
import { displayName } from '../names.ts';
import { teamColour, THEME } from '../theme.ts';

export interface ResultsTeam {
  /** E.g. "Team A" or the clan tag. */
  readonly name: string;
  /** Raw in-game names; colour codes are stripped for display. */
  readonly players: readonly string[];
  /** The side colour to draw the team in (1 Axis red, 2 Allies blue). Defaults: first 1, second 2. */
  readonly side?: 1 | 2;
}

export interface ResultsMap {
  readonly map: string;
  /** Stopwatch points of the first and second team on this map. */
  readonly points: readonly [number, number];
  /** Each team's attack time in seconds; null when it did not complete the objective. */
  readonly attackTimesS?: readonly [number | null, number | null];
}

export interface SessionResultsInput {
  readonly title?: string;
  readonly subtitle?: string;
  readonly teams: readonly [ResultsTeam, ResultsTeam];
  /** In play order. */
  readonly maps: readonly ResultsMap[];
  /** Final score; defaults to the sum of the map points. */
  readonly score?: readonly [number, number];
}

const WIDTH = 800;
const SCORE_HEIGHT = 96;
const MAP_ROW = 36;
const ROSTER_LINE = 26;
const ROSTER_HEAD = 26;
const ROSTER_SHOWN = 12;
const MAPS_SHOWN = 20;

function scoreBand(
  teams: SessionResultsInput['teams'],
  score: readonly [number, number],
  colours: [string, string],
  width: number,
): Element {
  const side = (team: ResultsTeam, colour: string, align: 'flex-start' | 'flex-end') =>
    box(
      {
        width: (width - 220) / 2,
        flexDirection: 'column',
        alignItems: align,
        justifyContent: 'center',
      },
      text(
        displayName(team.name, 24),
        { fontSize: 26, fontWeight: 700, color: colour, maxWidth: (width - 220) / 2 },
        true,
      ),
      text(`${team.players.length} ${team.players.length === 1 ? 'player' : 'players'}`, {
        fontSize: THEME.size.small,
        color: THEME.muted,
      }),
    );
  const winner = score[0] === score[1] ? -1 : score[0] > score[1] ? 0 : 1;
  return box(
    {
      height: SCORE_HEIGHT,
      alignItems: 'center',
      backgroundColor: THEME.panel,
      borderRadius: THEME.radius,
      paddingLeft: 20,
      paddingRight: 20,
    },
    side(teams[0], colours[0], 'flex-start'),
    box(
      {
        width: 180,
        justifyContent: 'center',
        alignItems: 'center',
        fontSize: THEME.size.big + 4,
        fontWeight: 700,
      },
      text(chartInt(score[0]), { color: winner === 1 ? THEME.muted : THEME.text }),
      text(':', { color: THEME.faint, paddingLeft: 14, paddingRight: 14 }),
      text(chartInt(score[1]), { color: winner === 0 ? THEME.muted : THEME.text }),
    ),
    side(teams[1], colours[1], 'flex-end'),
  );
}

function mapTable(
  input: SessionResultsInput,
  maps: readonly ResultsMap[],
  colours: [string, string],
  width: number,
): Element {
  const cols = { map: width - 3 * 130, time: 130, pts: 130 };
  const head = box(
    {
      height: 30,
      alignItems: 'center',
      color: THEME.muted,
      fontSize: THEME.size.small,
      borderBottom: `1px solid ${THEME.grid}`,
    },
    text('Map', { width: cols.map, paddingLeft: 12 }),
    text(
      `${displayName(input.teams[0].name, 10)} attack`,
      { width: cols.time, justifyContent: 'flex-end', paddingRight: 12 },
      true,
    ),
    text(
      `${displayName(input.teams[1].name, 10)} attack`,
      { width: cols.time, justifyContent: 'flex-end', paddingRight: 12 },
      true,
    ),
    text('Points', { width: cols.pts, justifyContent: 'center' }),
  );
  const rows = maps.map((m, i) => {
    const [a, b] = m.points;
    const times = m.attackTimesS ?? [null, null];
    const time = (s: number | null | undefined) =>
      s === null || s === undefined ? '–' : chartDuration(s);
    return box(
      {
        height: MAP_ROW,
        alignItems: 'center',
        backgroundColor: i % 2 === 1 ? THEME.rowAlt : THEME.background,
      },
      text(displayName(m.map, 28), { width: cols.map, paddingLeft: 12 }, true),
      text(time(times[0]), { width: cols.time, justifyContent: 'flex-end', paddingRight: 12 }),
      text(time(times[1]), { width: cols.time, justifyContent: 'flex-end', paddingRight: 12 }),
      box(
        { width: cols.pts, justifyContent: 'center', fontWeight: 700 },
        text(chartInt(a), { color: a > b ? colours[0] : THEME.text }),
        text('–', { color: THEME.faint, paddingLeft: 8, paddingRight: 8 }),
        text(chartInt(b), { color: b > a ? colours[1] : THEME.text }),
      ),
    );
  });
  return box({ flexDirection: 'column', width }, head, ...rows);
}

function roster(team: ResultsTeam, colour: string, width: number, lines: number): Element {
  const shown = team.players.slice(0, ROSTER_SHOWN);
  const more = team.players.length - shown.length;
  return box(
    { flexDirection: 'column', width, height: ROSTER_HEAD + lines * ROSTER_LINE },
    text(displayName(team.name, 24), {
      height: ROSTER_HEAD,
      fontSize: THEME.size.small,
      fontWeight: 700,
      color: colour,
    }),
    ...shown.map((name) =>
      box(
        { height: ROSTER_LINE, alignItems: 'center' },
        box({
          width: 4,
          height: 16,
          backgroundColor: colour,
          borderRadius: 2,
          marginRight: 8,
          flexShrink: 0,
        }),
        text(displayName(name), { maxWidth: width - 16, fontSize: 18 }, true),
      ),
    ),
    more > 0
      ? text(`+${more} more`, {
          height: ROSTER_LINE,
          color: THEME.faint,
          fontSize: THEME.size.small,
          paddingLeft: 12,
        })
      : null,
  );
}

/**
 * Session results: the two teams' final stopwatch score, map by map results with each team's attack
 * time, and who played on each team.
 */
export function sessionResultsChart(input: SessionResultsInput): Chart {
  const title = input.title ?? 'Session results';
  const width = innerWidth(WIDTH);
  const colours: [string, string] = [
    teamColour(input.teams[0].side ?? 1),
    teamColour(input.teams[1].side ?? 2),
  ];
  const score = input.score ?? [
    input.maps.reduce((sum, m) => sum + m.points[0], 0),
    input.maps.reduce((sum, m) => sum + m.points[1], 0),
  ];
  const maps = input.maps.slice(0, MAPS_SHOWN);
  const rosterLines = Math.max(
    1,
    ...input.teams.map(
      (t) => Math.min(t.players.length, ROSTER_SHOWN) + (t.players.length > ROSTER_SHOWN ? 1 : 0),
    ),
  );
  const mapsBlock =
    maps.length === 0
      ? box(
          { height: 50, alignItems: 'center', color: THEME.muted, paddingLeft: 12 },
          'No complete maps in this session',
        )
      : mapTable(input, maps, colours, width);
  const mapsHeight = maps.length === 0 ? 50 : 30 + MAP_ROW * maps.length;
  const half = (width - 24) / 2;
  return chartFrame(
    {
      title,
      subtitle: input.subtitle,
      width: WIDTH,
      bodyHeight: SCORE_HEIGHT + 18 + mapsHeight + 22 + ROSTER_HEAD + rosterLines * ROSTER_LINE,
      footer:
        input.maps.length > maps.length
          ? `+${input.maps.length - maps.length} more maps not shown`
          : undefined,
    },
    box(
      { flexDirection: 'column', width },
      scoreBand(input.teams, score, colours, width),
      box({ height: mapsHeight, marginTop: 18 }, mapsBlock),
      box(
        { marginTop: 22, justifyContent: 'space-between' },
        roster(input.teams[0], colours[0], half, rosterLines),
        roster(input.teams[1], colours[1], half, rosterLines),
      ),
    ),
  );
}
