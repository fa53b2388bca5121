import type { APIEmbedField } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { WEAPON_NAMES, weaponLabel } from '../../stats/fields.ts';
import type { Database } from '../db/database.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { defer, reply } from '../discord/responses.ts';
import { type WeaponChartInput, weaponChart } from '../render/charts/index.ts';
import { type Period, resolvePeriod } from '../queries/period.ts';
import {
  WEAPON_MIN_ROUNDS,
  type WeaponDetail,
  type WeaponUser,
  weaponDetail,
} from '../queries/weapons.ts';
import { matchWeapons, weaponChoices, weaponKey } from './kit/autocomplete.ts';
import { type ChartedMessage, chartFileName, withCharts } from './kit/chart-reply.ts';
import { codeTable, formatCount, formatPercent, plural, share } from './kit/text-format.ts';
import { periodOption, quote } from './kit/player-option.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';
import { WEAPONS_COLOUR } from './weapons.ts';

/** `/weapon name [period]`: one weapon's figures and the players who do best with it. */
export const weapon: Command<CommandServices> = {
  definition: {
    name: 'weapon',
    description: 'One weapon: kills, accuracy, headshots and its best users',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'name',
        description: 'The weapon (e.g. MP40, Thompson)',
        required: true,
        autocomplete: true,
        max_length: 32,
      },
      periodOption(),
    ],
  },
  rateClass: 'heavy',
  access: 'public',
  async run(ctx) {
    const found = resolveWeapon(stringOption(ctx.options, 'name') ?? '');
    if (!found.ok) return reply(found.reason, { ephemeral: true });
    const period = await resolvePeriod(
      ctx.services.db,
      communityOf(ctx.services).id,
      stringOption(ctx.options, 'period'),
      ctx.now(),
    );
    if (!period.ok) return reply(period.reason, { ephemeral: true });
    return defer(async () => {
      const data = await weaponData(ctx.services.db, found.weapon, period.period);
      if (!data)
        return {
          content: `Nobody used the ${weaponLabel(found.weapon)} in this period (${period.period.label}).`,
        };
      return withCharts(
        ctx.services.renderer,
        weaponAnswer(found.weapon, data, period.period),
        ctx.log,
      );
    });
  },
  autocomplete: (ctx) => weaponChoices(ctx.focused.value),
};

/** A weapon id from what was typed (`WS_MP40`, `mp40`, `Knife kbar`, `4`): the whole name, else the one it starts or contains. */
export function resolveWeapon(
  typed: string,
): { ok: true; weapon: number } | { ok: false; reason: string } {
  const text = typed.trim();
  if (text === '') return { ok: false, reason: 'Name a weapon, e.g. MP40.' };
  const ids = matchWeapons(text);
  const key = weaponKey(text);
  const whole = ids.filter(
    (id) =>
      weaponKey(WEAPON_NAMES[id]!) === key ||
      weaponKey(weaponLabel(id)) === key ||
      String(id) === key,
  );
  const [only] = whole.length === 1 ? whole : ids;
  if (only !== undefined && (whole.length === 1 || ids.length === 1))
    return { ok: true, weapon: only };
  if (ids.length === 0)
    return { ok: false, reason: `No weapon matches '${quote(text)}'. /weapons lists them all.` };
  return {
    ok: false,
    reason: `Several weapons match '${quote(text)}': ${ids.slice(0, 6).map(weaponLabel).join(', ')} — pick one from the list.`,
  };
}

/** The figures /weapon prints and a weapon chart needs; undefined when nobody used it in the period. */
export function weaponData(
  db: Database,
  id: number,
  period: Period,
): Promise<WeaponDetail | undefined> {
  return weaponDetail(db, id, period);
}

export function weaponMessage(id: number, data: WeaponDetail, period: Period): ImmediateMessage {
  const t = data.totals;
  const fields: APIEmbedField[] = [
    { name: 'Kills', value: formatCount(t.kills), inline: true },
    { name: 'Deaths', value: formatCount(t.deaths), inline: true },
    { name: 'Players', value: formatCount(t.players), inline: true },
    {
      name: 'Accuracy',
      value: `${formatPercent(share(t.hits, t.shots))} (${formatCount(t.hits)}/${formatCount(t.shots)})`,
      inline: true,
    },
    {
      name: 'Headshots',
      value: `${formatPercent(share(t.headshots, t.hits))} of hits`,
      inline: true,
    },
    { name: 'Rounds used in', value: formatCount(t.rounds), inline: true },
  ];
  if (data.best.length > 0) fields.push({ name: 'Most kills', value: usersTable(data.best) });
  if (data.sharpest.length > 0)
    fields.push({
      name: `Most accurate (at least ${WEAPON_MIN_ROUNDS} rounds with it)`,
      value: usersTable(data.sharpest),
    });
  return {
    embeds: [
      {
        title: `${weaponLabel(id)} (${WEAPON_NAMES[id]})`,
        description: `${period.label} · players only (bots left out)`,
        color: WEAPONS_COLOUR,
        fields,
        footer: {
          text: 'Acc: hits / shots · HS: headshot hits / hits · rankings count rounds where humans outnumber bots',
        },
      },
    ],
  };
}

function usersTable(users: readonly WeaponUser[]): string {
  const rows = users.map((u) => [
    u.name,
    formatCount(u.kills),
    formatPercent(share(u.hits, u.shots)),
    formatPercent(share(u.headshots, u.hits)),
  ]);
  return codeTable(
    [
      { header: 'Player', shrink: true },
      { header: 'Kills', align: 'right' },
      { header: 'Acc', align: 'right' },
      { header: 'HS', align: 'right' },
    ],
    rows,
  );
}

/** The weapon chart's input (worker/render/charts/weapon-chart.ts): the weapon's best users. */
export function weaponChartInput(id: number, data: WeaponDetail, period: Period): WeaponChartInput {
  return {
    title: weaponLabel(id),
    subtitle: period.label,
    labelHeading: 'Player',
    rows: data.best.map((u) => ({
      label: u.name,
      kills: u.kills,
      deaths: u.deaths,
      hits: u.hits,
      shots: u.shots,
      headshots: u.headshots,
    })),
  };
}

/** The /weapon message and a chart of its best users (none when nobody killed with it). */
export function weaponAnswer(id: number, data: WeaponDetail, period: Period): ChartedMessage {
  const message = weaponMessage(id, data, period);
  if (data.best.length === 0) return { message };
  const users = data.best
    .slice(0, 5)
    .map(
      (u) =>
        `${u.name} ${formatCount(u.kills)} kills (${formatPercent(share(u.hits, u.shots))} accuracy)`,
    );
  const description = `${weaponLabel(id)}, ${period.label}: kills, deaths, accuracy and headshot share of its ${plural(data.best.length, 'best user')}. Most kills: ${users.join(', ')}.`;
  return {
    message,
    charts: () => [
      {
        chart: weaponChart(weaponChartInput(id, data, period)),
        name: chartFileName('weapon', weaponLabel(id)),
        description,
      },
    ],
  };
}
