import { box, type Chart, type Element, text } from '../element.ts';
import { chartDecimal, chartDuration, chartInt } from '../chart-numbers.ts';
import { barList } from '../kit/bars.ts';
import { chartFrame, innerWidth } from '../kit/frame.ts';
import { groupedBarList } from '../kit/grouped-bars.ts';
import { legend } from '../kit/legend.ts';
import { stackedBarList } from '../kit/stacked-bars.ts';
import { NEUTRAL_TEAM, THEME } from '../theme.ts';

/** One attack: how long it took, or that the defence held until the limit. */
export interface MapAttack {
  readonly seconds: number;
  readonly completed: boolean;
}

export interface MapDetailChartInput {
  /** The map's BSP name. */
  readonly title: string;
  readonly subtitle?: string;
  /** Rounds in which the attackers completed the objective or the defence held, per round of a map. */
  readonly attack: {
    readonly round1: { readonly completed: number; readonly held: number };
    readonly round2: { readonly completed: number; readonly held: number };
  };
  /** Stopwatch map results between the group that attacked first and the other. */
  readonly stopwatch: {
    readonly firstAttackersWon: number;
    readonly firstDefendersWon: number;
    readonly drawn: number;
  };
  /** The latest plays, newest first: round 1's attack and round 2's (null while R2 is missing). */
  readonly plays: readonly {
    readonly label: string;
    readonly first: MapAttack;
    readonly second: MapAttack | null;
  }[];
  /** The best players here by DPM, with the rounds they need to be listed. */
  readonly players: readonly {
    readonly name: string;
    readonly dpm: number;
    readonly kd: number;
    readonly rounds: number;
  }[];
  readonly minRounds: number;
}

const WIDTH = 800;
const HEADING = 34;
const GAP = 14;
const COMPLETED = THEME.good;
const HELD = THEME.bad;
const FIRST_ATTACK = '#f0b232';
const SECOND_ATTACK = '#00c8d7';

/**
 * /map: what players ask of one map. How often attacks succeed in each round, how long the latest
 * attacks took (or that they were held), and who plays it best. Every figure comes from stored rounds.
 */
export function mapDetailChart(input: MapDetailChartInput): Chart {
  const width = innerWidth(WIDTH);
  const shown = [
    attackSection(input, width),
    timesSection(input, width),
    playersSection(input, width),
  ].filter((s): s is Section => s !== null);
  const bodyHeight = shown.reduce((sum, s, i) => sum + s.height + (i > 0 ? GAP : 0), 0);
  const sw = input.stopwatch;
  const maps = sw.firstAttackersWon + sw.firstDefendersWon + sw.drawn;
  return chartFrame(
    {
      title: input.title,
      subtitle: input.subtitle,
      width: WIDTH,
      bodyHeight,
      footer:
        maps === 0
          ? 'No complete stopwatch map yet'
          : `Stopwatch maps: first attackers won ${sw.firstAttackersWon}, first defenders won ${sw.firstDefendersWon}, drawn ${sw.drawn}`,
    },
    box(
      { flexDirection: 'column', width },
      ...shown.map((s, i) => box({ height: s.height, marginTop: i > 0 ? GAP : 0 }, s.element)),
    ),
  );
}

interface Section {
  readonly element: Element;
  readonly height: number;
}

function section(title: string, width: number, ...parts: Section[]): Section {
  const height = HEADING + parts.reduce((sum, p) => sum + p.height, 0);
  return {
    height,
    element: box(
      { flexDirection: 'column', width, height },
      text(
        title,
        { height: HEADING, fontWeight: 700, fontSize: THEME.size.subtitle, color: THEME.muted },
        true,
      ),
      ...parts.map((p) => box({ height: p.height }, p.element)),
    ),
  };
}

function attackSection(input: MapDetailChartInput, width: number): Section {
  const key = legend(
    [
      { label: 'Objective completed', colour: COMPLETED },
      { label: 'Defence held', colour: HELD },
    ],
    480,
    2,
  );
  const row = (label: string, r: { completed: number; held: number }) => {
    const rounds = r.completed + r.held;
    return {
      label,
      segments: [
        { value: r.completed, colour: COMPLETED, label: chartInt(r.completed) },
        { value: r.held, colour: HELD, label: chartInt(r.held) },
      ],
      valueText: rounds === 0 ? '–' : `${chartDecimal((100 * r.completed) / rounds, 0)}%`,
      note: `${chartInt(rounds)} ${rounds === 1 ? 'round' : 'rounds'}`,
    };
  };
  const bars = stackedBarList({
    width,
    labelWidth: 150,
    valueWidth: 70,
    noteWidth: 110,
    normalised: true,
    rows: [row('Round 1', input.attack.round1), row('Round 2', input.attack.round2)],
  });
  return section(
    'Attacks: completed or held',
    width,
    { element: key.element, height: key.height },
    bars,
  );
}

const attackBar = (attack: MapAttack | null, colour: string) =>
  attack === null
    ? { value: 0, valueText: 'no R2', colour: NEUTRAL_TEAM }
    : attack.completed
      ? { value: attack.seconds, valueText: chartDuration(attack.seconds), colour }
      : { value: attack.seconds, valueText: 'held', colour: NEUTRAL_TEAM };

function timesSection(input: MapDetailChartInput, width: number): Section | null {
  if (input.plays.length === 0) return null;
  const key = legend(
    [
      { label: 'Round 1 attack', colour: FIRST_ATTACK },
      { label: 'Round 2 attack', colour: SECOND_ATTACK },
      { label: 'Held to the limit', colour: NEUTRAL_TEAM },
    ],
    width,
    3,
  );
  const list = groupedBarList({
    width,
    labelWidth: 150,
    valueWidth: 70,
    rows: input.plays.map((p) => ({
      label: p.label,
      bars: [attackBar(p.first, FIRST_ATTACK), attackBar(p.second, SECOND_ATTACK)],
    })),
  });
  return section(
    `Attack times, latest ${input.plays.length === 1 ? 'play' : `${input.plays.length} plays`}`,
    width,
    { element: key.element, height: key.height },
    list,
  );
}

function playersSection(input: MapDetailChartInput, width: number): Section {
  const title = `Best DPM here (at least ${input.minRounds} rounds)`;
  if (input.players.length === 0) {
    return section(title, width, {
      element: text(`Nobody has played ${input.minRounds} rounds here yet`, {
        color: THEME.faint,
        height: 34,
      }),
      height: 34,
    });
  }
  const list = barList({
    width,
    labelWidth: 230,
    valueWidth: 80,
    noteWidth: 170,
    rows: input.players.map((p) => ({
      label: p.name,
      value: p.dpm,
      valueText: chartDecimal(p.dpm),
      colour: THEME.accent,
      note: `K/D ${chartDecimal(p.kd, 2)} · ${chartInt(p.rounds)} rnds`,
    })),
  });
  return section(title, width, list);
}
