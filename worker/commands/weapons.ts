import { weaponLabel } from '../../stats/fields.ts';
import type { Database } from '../db/database.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { defer, reply } from '../discord/responses.ts';
import { type WeaponChartInput, weaponChart } from '../render/charts/index.ts';
import { type Period, resolvePeriod } from '../queries/period.ts';
import { type WeaponTotals, weaponTotals } from '../queries/weapons.ts';
import { type ChartedMessage, chartFileName, withCharts } from './kit/chart-reply.ts';
import { codeTable, formatCount, formatPercent, share } from './kit/text-format.ts';
import { periodOption } from './kit/player-option.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';

export const WEAPONS_COLOUR = 0xe74c3c;

export interface WeaponsData {
  readonly period: Period;
  /** Most kills first. */
  readonly weapons: readonly WeaponTotals[];
}

/** `/weapons [period]`: kills, accuracy and headshot share per weapon, over every human's rounds. */
export const weapons: Command<CommandServices> = {
  definition: {
    name: 'weapons',
    description: 'Every weapon: kills, deaths, accuracy and headshot share',
    options: [periodOption()],
  },
  rateClass: 'heavy',
  access: 'public',
  async run(ctx) {
    const period = await resolvePeriod(
      ctx.services.db,
      communityOf(ctx.services).id,
      stringOption(ctx.options, 'period'),
      ctx.now(),
    );
    if (!period.ok) return reply(period.reason, { ephemeral: true });
    // All-time weapon totals read every weapon row: more than a second on a big database.
    return defer(async () =>
      withCharts(
        ctx.services.renderer,
        weaponsAnswer(await weaponsData(ctx.services.db, period.period)),
        ctx.log,
      ),
    );
  },
};

export async function weaponsData(db: Database, period: Period): Promise<WeaponsData> {
  return { period, weapons: await weaponTotals(db, period) };
}

export function weaponsMessage(data: WeaponsData): ImmediateMessage {
  const used = data.weapons.filter((w) => w.kills > 0 || w.shots > 0);
  if (used.length === 0)
    return {
      embeds: [
        {
          title: 'Weapons',
          description: `${data.period.label}: no weapon use recorded.`,
          color: WEAPONS_COLOUR,
        },
      ],
    };
  const rows = used.map((w) => [
    weaponLabel(w.weapon),
    formatCount(w.kills),
    formatPercent(share(w.hits, w.shots)),
    formatPercent(share(w.headshots, w.hits)),
  ]);
  const table = codeTable(
    [
      { header: 'Weapon', shrink: true },
      { header: 'Kills', align: 'right' },
      { header: 'Acc', align: 'right' },
      { header: 'HS', align: 'right' },
    ],
    rows,
  );
  const kills = used.reduce((n, w) => n + w.kills, 0);
  return {
    embeds: [
      {
        title: 'Weapons',
        description: `${data.period.label} · ${formatCount(kills)} kills by players (bots left out)\n${table}`,
        color: WEAPONS_COLOUR,
        footer: {
          text: 'Acc: hits / shots · HS: headshot hits / hits · /weapon name for one weapon and its best users',
        },
      },
    ],
  };
}

/** The weapon chart's input (worker/render/charts/weapon-chart.ts), one row per weapon. */
export function weaponsChartInput(data: WeaponsData): WeaponChartInput {
  return {
    title: 'Weapons',
    subtitle: data.period.label,
    labelHeading: 'Weapon',
    rows: data.weapons.map((w) => ({
      label: weaponLabel(w.weapon),
      kills: w.kills,
      deaths: w.deaths,
      hits: w.hits,
      shots: w.shots,
      headshots: w.headshots,
    })),
  };
}

/** The /weapons message and a chart of the weapons with most kills (none when nothing was used). */
export function weaponsAnswer(data: WeaponsData): ChartedMessage {
  const message = weaponsMessage(data);
  const used = data.weapons.filter((w) => w.kills > 0 || w.shots > 0);
  if (used.length === 0) return { message };
  const top = used.slice(0, 5).map((w) => `${weaponLabel(w.weapon)} ${formatCount(w.kills)}`);
  const description = `Kills, deaths, accuracy and headshot share per weapon, ${data.period.label}, most kills first: ${top.join(', ')}…`;
  return {
    message,
    charts: () => [
      {
        chart: weaponChart(weaponsChartInput(data)),
        name: chartFileName('weapons', data.period.id),
        description,
      },
    ],
  };
}
