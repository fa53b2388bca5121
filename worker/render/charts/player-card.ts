import { box, type Chart, type Element, text } from '../element.ts';
import { chartDecimal, chartInt, chartMinutes, chartPercent } from '../chart-numbers.ts';
import { barList } from '../kit/bars.ts';
import { chartFrame, emptyBody, innerWidth } from '../kit/frame.ts';
import { lineChart } from '../kit/line.ts';
import { ratio } from '../kit/scale.ts';
import { displayName } from '../names.ts';
import { THEME } from '../theme.ts';

export interface PlayerTotals {
  readonly rounds: number;
  readonly kills: number;
  readonly deaths: number;
  readonly dpm: number;
  /** Hits / shots × 100; null when no shots were fired. */
  readonly accuracyPct: number | null;
  /** Headshot hits / hits × 100; null when nothing hit. */
  readonly headshotPct: number | null;
  readonly timePlayedMin: number;
  readonly damageGiven: number;
  readonly damageReceived: number;
}

export interface PlayerWeapon {
  /** Display name, e.g. `weaponLabel(id)` from stats/fields.ts. */
  readonly weapon: string;
  readonly kills: number;
  readonly accuracyPct: number | null;
}

export interface PlayerTrendPoint {
  /** E.g. the session date "4 Sep". */
  readonly label: string;
  readonly value: number | null;
}

export interface PlayerCardInput {
  /** Raw in-game name; colour codes are stripped for display. */
  readonly name: string;
  readonly subtitle?: string;
  readonly totals: PlayerTotals;
  /** Best first; the first 5 are drawn. */
  readonly topWeapons: readonly PlayerWeapon[];
  /** Oldest first, e.g. DPM over the last 10 sessions. */
  readonly trend: { readonly metric: string; readonly points: readonly PlayerTrendPoint[] };
}

const WIDTH = 800;
const TILE_HEIGHT = 86;
const WEAPONS_SHOWN = 5;
const TREND_HEIGHT = 230;
const SECTION_TITLE = 34;

function tile(label: string, value: string, note: string, width: number): Element {
  return box(
    {
      width,
      height: TILE_HEIGHT,
      flexDirection: 'column',
      justifyContent: 'center',
      paddingLeft: 16,
      backgroundColor: THEME.panel,
      borderRadius: THEME.radius,
    },
    text(label, { fontSize: THEME.size.small, color: THEME.muted }),
    text(value, { fontSize: 32, fontWeight: 700, lineHeight: 1.15 }),
    text(note, { fontSize: 14, color: THEME.faint, whiteSpace: 'nowrap' }, true),
  );
}

function sectionTitle(label: string): Element {
  return text(label, {
    height: SECTION_TITLE,
    alignItems: 'flex-end',
    paddingBottom: 6,
    fontSize: THEME.size.subtitle,
    fontWeight: 700,
    color: THEME.muted,
  });
}

/** /stats: a player's key numbers, favourite weapons, and how a figure moved over recent sessions. */
export function playerCardChart(input: PlayerCardInput): Chart {
  const width = innerWidth(WIDTH);
  const t = input.totals;
  const kd = ratio(t.kills, t.deaths);
  const damageRatio = ratio(t.damageGiven, t.damageReceived);
  const pct = (v: number | null) => (v === null ? '–' : chartPercent(v));
  const tileWidth = (width - 2 * 12) / 3;
  const tiles = [
    tile(
      'K/D',
      kd === null ? '–' : chartDecimal(kd, 2),
      `${chartInt(t.kills)} kills · ${chartInt(t.deaths)} deaths`,
      tileWidth,
    ),
    tile('DPM', chartDecimal(t.dpm), `${chartInt(t.damageGiven)} damage given`, tileWidth),
    tile(
      'Damage ratio',
      damageRatio === null ? '–' : chartDecimal(damageRatio, 2),
      `${chartInt(t.damageReceived)} received`,
      tileWidth,
    ),
    tile('Accuracy', pct(t.accuracyPct), 'hits / shots', tileWidth),
    tile('Headshots', pct(t.headshotPct), 'of hits', tileWidth),
    tile('Rounds', chartInt(t.rounds), `${chartMinutes(t.timePlayedMin)} played`, tileWidth),
  ];
  const tileRows = box(
    { flexDirection: 'column', width },
    box({ justifyContent: 'space-between' }, ...tiles.slice(0, 3)),
    box({ justifyContent: 'space-between', marginTop: 12 }, ...tiles.slice(3)),
  );
  const tilesHeight = TILE_HEIGHT * 2 + 12;

  const weapons = input.topWeapons.slice(0, WEAPONS_SHOWN);
  const weaponBlock =
    weapons.length === 0
      ? { element: emptyBody('No weapon kills yet', 60), height: 60 }
      : barList({
          width,
          labelWidth: 170,
          valueWidth: 90,
          noteWidth: 110,
          rows: weapons.map((w) => ({
            label: w.weapon,
            value: w.kills,
            valueText: `${chartInt(w.kills)}`,
            colour: '#f0b232',
            note: w.accuracyPct === null ? '' : `${chartPercent(w.accuracyPct)} acc`,
          })),
        });

  const trendPoints = input.trend.points;
  const hasTrend = trendPoints.some((p) => p.value !== null);
  const trendHeight = hasTrend ? TREND_HEIGHT : 60;
  const trendBlock = hasTrend
    ? lineChart({
        width,
        height: TREND_HEIGHT,
        xLabels: trendPoints.map((p) => p.label),
        series: [{ colour: THEME.accent, values: trendPoints.map((p) => p.value) }],
      })
    : emptyBody('No sessions yet', 60);

  return chartFrame(
    {
      title: displayName(input.name, 32),
      subtitle: input.subtitle,
      width: WIDTH,
      bodyHeight:
        tilesHeight + SECTION_TITLE + 8 + weaponBlock.height + SECTION_TITLE + 8 + trendHeight,
    },
    box(
      { flexDirection: 'column', width },
      tileRows,
      box({ marginTop: 8 }, sectionTitle('Top weapons by kills')),
      box({ height: weaponBlock.height }, weaponBlock.element),
      box({ marginTop: 8 }, sectionTitle(`${input.trend.metric} by session`)),
      box({ height: trendHeight }, trendBlock),
    ),
  );
}
