import { ratingPoints } from '../../stats/rating/display.ts';
import { type PlayerRating, playerRating } from '../queries/rating.ts';
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { stripColours } from '../../stats/decode.ts';
import { displayText } from '../../stats/display-text.ts';
import { weaponLabel } from '../../stats/fields.ts';
import type { Database } from '../db/database.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { type PlayerCardInput, playerCardChart } from '../render/charts/index.ts';
import { type Period, resolvePeriod } from '../queries/period.ts';
import { type PlayerStats, playerStats } from '../queries/player-stats.ts';
import { playerChoices } from './kit/autocomplete.ts';
import { type ChartedMessage, chartFileName, chartReplyLater } from './kit/chart-reply.ts';
import {
  codeTable,
  formatCount,
  formatDay,
  formatDecimal,
  formatKnownCount,
  formatMinutes,
  formatPercent,
  formatRatio,
  nameList,
  playerName,
  plural,
  share,
} from './kit/text-format.ts';
import {
  memberOption,
  periodOption,
  playerOption,
  resolvePlayerOrMember,
} from './kit/player-option.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';
import { guidInPath, withWebLink } from './kit/web-link.ts';

export const STATS_COLOUR = 0x3ba55c;
const WEAPONS_SHOWN = 5;

/**
 * `/stats [player] [user] [period]`: one player's figures; `user:@member` means that member's linked
 * player, and neither the caller's linked one.
 */
export const stats: Command<CommandServices> = {
  definition: {
    name: 'stats',
    description: 'A player’s figures: kills, K/D, DPM, accuracy, maps won, weapons, recent rounds',
    options: [playerOption(), memberOption(), periodOption()],
  },
  rateClass: 'heavy',
  access: 'public',
  async run(ctx) {
    const { db } = ctx.services;
    const player = await resolvePlayerOrMember(
      ctx.services,
      stringOption(ctx.options, 'player'),
      stringOption(ctx.options, 'user'),
      ctx.caller.userId,
    );
    if (!player.ok) return reply(player.reason, { ephemeral: true });
    const period = await resolvePeriod(
      db,
      communityOf(ctx.services).id,
      stringOption(ctx.options, 'period'),
      ctx.now(),
    );
    if (!period.ok) return reply(period.reason, { ephemeral: true });
    const { guid } = player.player;
    return chartReplyLater(ctx, async () => {
      const data = await statsData(db, guid, period.period);
      return data
        ? withWebLink(ctx.services, statsAnswer(data), `players/${guidInPath(guid)}`)
        : { message: { content: `No player has the GUID ${guid}.` } };
    });
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
};

/** The figures /stats prints (and a player card chart needs): see `playerCardInput`. */
export async function statsData(
  db: Database,
  guid: string,
  period: Period,
): Promise<StatsData | undefined> {
  const stats = await playerStats(db, guid, period);
  return stats && { ...stats, rating: await playerRating(db, period.communityId, guid, 0) };
}

/** The player's figures and their skill rating (over all their rated maps, whatever the period). */
export type StatsData = PlayerStats & { readonly rating?: PlayerRating | null };

/** "1620 ± 80 · #3 of 41", as of the player's last rated map. */
function ratingText(rating: PlayerRating): string {
  const { player } = rating;
  const shown = ratingPoints({ ...player, at: Date.parse(player.at) }, Date.parse(player.at));
  const rank = rating.rank === null ? 'not ranked yet' : `#${rating.rank} of ${rating.ranked}`;
  return `${shown.rating} ± ${shown.uncertainty} · ${rank}`;
}

export function statsMessage(data: StatsData): ImmediateMessage {
  const { player, period, totals: t } = data;
  const title = `${playerName(player.name)}${player.bot ? ' (bot)' : ''}`;
  const description = `${period.label} · GUID \`${player.guid}\` · seen ${formatDay(player.first_seen_at)} – ${formatDay(player.last_seen_at)}`;
  if (t.rounds === 0) {
    return {
      embeds: [
        { title, description: `${description}\n\nNo rounds in this period.`, color: STATS_COLOUR },
      ],
    };
  }
  const inline = (name: string, value: string): APIEmbedField => ({ name, value, inline: true });
  const { won, lost, drawn } = data.results;
  const fields: APIEmbedField[] = [
    inline('Kills', formatCount(t.kills)),
    inline('Deaths', formatCount(t.deaths)),
    inline('K/D', formatRatio(t.kd)),
    inline('DPM', formatDecimal(t.dpm)),
    inline(
      'Accuracy',
      `${formatPercent(share(t.hits, t.shots))} (${formatCount(t.hits)}/${formatCount(t.shots)})`,
    ),
    inline(
      'Headshots',
      `${formatCount(t.headshot_kills)} kills · ${formatPercent(share(t.headshot_hits, t.hits))} of hits`,
    ),
    inline(
      'Damage',
      `${formatCount(t.damage_given)} given\n${formatCount(t.damage_received)} received`,
    ),
    inline(
      'Revives',
      `${formatKnownCount(t.revives_given, t.known_rounds.revives_given, t.rounds, 'given')}\n${formatCount(t.times_revived)} revived`,
    ),
    inline('XP', formatCount(t.xp)),
    inline('Gibs', formatCount(t.gibs)),
    inline('Time played', formatMinutes(t.time_played_min)),
    inline('Rounds', formatCount(t.rounds)),
    inline(
      'Maps (stopwatch)',
      won + lost + drawn === 0 ? 'no complete map' : `${won} won · ${lost} lost · ${drawn} drawn`,
    ),
  ];
  if (data.rating) fields.push(inline('Rating (all time, /rating)', ratingText(data.rating)));
  if (data.weapons.length > 0)
    fields.push({ name: 'Favourite weapons', value: weaponsTable(data) });
  if (data.recent.length > 0) fields.push({ name: 'Recent rounds', value: recentTable(data) });
  const others = data.names.filter((name) => name !== player.name);
  if (others.length > 0) fields.push({ name: 'Other names', value: nameList(others) });
  const embed: APIEmbed = {
    title,
    description,
    color: STATS_COLOUR,
    fields,
    footer: {
      text: 'DPM: damage per minute of own time played · Headshot %: headshot hits / hits · Maps: the player’s group per map',
    },
  };
  return { embeds: [embed] };
}

function weaponsTable(data: PlayerStats): string {
  const rows = data.weapons
    .filter((w) => w.kills > 0 || w.shots > 0)
    .slice(0, WEAPONS_SHOWN)
    .map((w) => [
      weaponLabel(w.weapon),
      formatCount(w.kills),
      formatPercent(share(w.hits, w.shots)),
      formatPercent(share(w.headshots, w.hits)),
    ]);
  return codeTable(
    [
      { header: 'Weapon', shrink: true },
      { header: 'Kills', align: 'right' },
      { header: 'Acc', align: 'right' },
      { header: 'HS', align: 'right' },
    ],
    rows,
  );
}

function recentTable(data: PlayerStats): string {
  const rows = data.recent.map((r) => [
    formatDay(r.ended_at).slice(5),
    `${r.map} R${r.round}`,
    `${r.kills}/${r.deaths}`,
    formatCount(r.damage_given),
  ]);
  return codeTable(
    [
      { header: 'Day' },
      { header: 'Map', shrink: true },
      { header: 'K/D', align: 'right' },
      { header: 'Dmg', align: 'right' },
    ],
    rows,
  );
}

/** The /stats message and, when the period has rounds, the player card drawn from the same figures. */
export function statsAnswer(data: StatsData): ChartedMessage {
  const message = statsMessage(data);
  if (data.totals.rounds === 0) return { message };
  return {
    message,
    charts: () => {
      const card = playerCardInput(data);
      return [
        {
          chart: playerCardChart(card),
          name: chartFileName('player', data.player.name),
          description: playerCardAltText(card),
        },
      ];
    },
  };
}

function playerCardAltText(card: PlayerCardInput): string {
  const t = card.totals;
  const weapons = card.topWeapons
    .slice(0, 3)
    .map((w) => `${w.weapon} (${formatCount(w.kills)} kills)`);
  const name = displayText(stripColours(card.name)) || '(no name)';
  return [
    `Player card of ${name}, ${card.subtitle ?? ''}: ${formatCount(t.kills)} kills, ${formatCount(t.deaths)} deaths,`,
    `${formatDecimal(t.dpm)} DPM, accuracy ${formatPercent(t.accuracyPct)}, headshots ${formatPercent(t.headshotPct)} of hits, ${formatCount(t.rounds)} rounds.`,
    weapons.length > 0 ? `Top weapons: ${weapons.join(', ')}.` : '',
    card.trend.points.length > 0
      ? `${card.trend.metric} over the last ${plural(card.trend.points.length, 'session')}.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The player card chart's input (worker/render/charts/player-card.ts) from the same figures. */
export function playerCardInput(data: PlayerStats): PlayerCardInput {
  const t = data.totals;
  return {
    name: data.player.name_raw,
    subtitle: data.period.label,
    totals: {
      rounds: t.rounds,
      kills: t.kills,
      deaths: t.deaths,
      dpm: t.dpm,
      accuracyPct: share(t.hits, t.shots),
      headshotPct: share(t.headshot_hits, t.hits),
      timePlayedMin: t.time_played_min,
      damageGiven: t.damage_given,
      damageReceived: t.damage_received,
    },
    topWeapons: data.weapons
      .filter((w) => w.kills > 0)
      .map((w) => ({
        weapon: weaponLabel(w.weapon),
        kills: w.kills,
        accuracyPct: share(w.hits, w.shots),
      })),
    trend: {
      metric: 'DPM',
      points: data.trend.map((s) => ({ label: formatDay(s.started_at).slice(5), value: s.dpm })),
    },
  };
}
