import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { accuracy, damagePerMinute, killDeathRatio } from '../../stats/metrics.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { escapeFor, escapeMarkdown } from '../discord/markdown.ts';
import { clock, type RoundPlayerView, type RoundView } from '../queries/round-view.ts';

const SIDE = { 1: 'Axis', 2: 'Allies' } as const;
const COLOUR = { 1: 0xd04a3c, 2: 0x3c78d0 } as const;
/** Discord allows 25 fields per embed; a round summary lists at most this many players. */
const MAX_PLAYERS = 24;

const n = (value: number) => value.toLocaleString('en-US');
const minutes = (value: number) => clock(Math.round(value * 60));
/** A figure the round's file does not carry (an older mod's layout). */
const known = (value: number | null) => (value === null ? 'not recorded' : n(value));
const time = (seconds: number | null) => (seconds === null ? 'an unrecorded time' : clock(seconds));

function playerLine(p: RoundPlayerView): string {
  const hits = p.hits;
  return [
    `**${p.kills}**/${p.deaths} K/D ${killDeathRatio(p).toFixed(2)}`,
    `dmg ${n(p.damage_given)} · DPM ${damagePerMinute(p).toFixed(0)} · acc ${accuracy(p).toFixed(1)}%`,
    `HS ${p.headshot_kills} kills, ${hits > 0 ? ((100 * p.headshot_hits) / hits).toFixed(0) : 0}% of hits`,
    `revives ${known(p.revives_given)} given, ${p.times_revived} received · gibs ${p.gibs}`,
    `team dmg ${n(p.team_damage_given)} · dead ${minutes(p.time_dead_min)} of ${minutes(p.time_played_min)}`,
  ].join('\n');
}

function playerFields(players: Record<string, RoundPlayerView>): APIEmbedField[] {
  const ranked = Object.values(players)
    .filter((p) => p.team !== 3)
    .sort((a, b) => b.kills - a.kills || a.deaths - b.deaths || b.damage_given - a.damage_given);
  return ranked.slice(0, MAX_PLAYERS).map((p, i) => ({
    name: `${i + 1}. ${escapeMarkdown(p.shown_name) || '(no name)'}${p.bot ? ' [BOT]' : ''} · ${SIDE[p.team as 1 | 2]}`,
    value: playerLine(p),
    inline: true,
  }));
}

function outcome(round: RoundView): string {
  const attackers = round.defender === 1 ? 2 : 1;
  const limit = round.timelimit;
  if (round.attackers_won)
    return `${SIDE[attackers]} completed the objective in ${time(round.duration_s)} (limit ${limit}).`;
  return `${SIDE[round.defender as 1 | 2]} held: fullhold of ${limit}.`;
}

/** Discord allows 1,024 characters in a field: the server's awards, as many as fit. */
function awardsField(awards: RoundView['awards']): APIEmbedField[] {
  if (!awards || awards.length === 0) return [];
  const lines = awards.map(
    (a) =>
      `${escapeMarkdown(a.award)}: **${escapeMarkdown(a.player) || '(no name)'}** ${n(a.value)}${a.unit === 'percent' ? '%' : a.unit === 'seconds' ? ' s' : ''}`,
  );
  let value = '';
  for (const line of lines) {
    if (value.length + line.length + 1 > 1000) break;
    value += `${value ? '\n' : ''}${line}`;
  }
  return [{ name: 'Server awards', value, inline: false }];
}

/** The message posted after every round: players ranked by kills with their figures for that round alone. */
export function roundSummary(round: RoundView): DiscordMessage {
  const embed: APIEmbed = {
    title: `Round ${round.round} · ${escapeMarkdown(round.map)}`,
    description: [
      outcome(round),
      round.orphan
        ? 'Its round 1 has not arrived: figures will follow once it does (the file holds both rounds together).'
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
    color: COLOUR[(round.attackers_won ? (round.defender === 1 ? 2 : 1) : round.defender) as 1 | 2],
    fields: [
      ...(round.players ? playerFields(round.players) : []),
      ...awardsField(round.awards),
    ].slice(0, 25),
    footer: { text: `${round.file} · ${escapeFor('footer', round.server)}` },
    timestamp: round.ended_at,
  };
  return { embeds: [embed] };
}

/** The names of the group that attacked first (in R1), and of the other group, from the R1 round. */
function groups(roundOne: RoundView): { first: string[]; second: string[] } {
  const first: string[] = [];
  const second: string[] = [];
  for (const p of Object.values(roundOne.players ?? {})) {
    if (p.team === 3) continue;
    (p.team === roundOne.defender ? second : first).push(
      escapeMarkdown(p.shown_name) || '(no name)',
    );
  }
  return { first: first.sort(), second: second.sort() };
}

/** After R2: the stopwatch result of the map, 2–0 or 1–1 between the group that attacked first and the other. */
export function mapSummary(roundOne: RoundView, roundTwo: RoundView): DiscordMessage {
  const score = roundTwo.map_score ?? roundOne.map_score;
  const { first, second } = groups(roundOne);
  const verdict = !score
    ? 'No result yet.'
    : score.first_attackers === score.first_defenders
      ? `Draw ${score.first_attackers}–${score.first_defenders}.`
      : `${score.first_attackers > score.first_defenders ? 'The first attackers' : 'The first defenders'} win ${Math.max(score.first_attackers, score.first_defenders)}–${Math.min(score.first_attackers, score.first_defenders)}.`;
  const attack = (r: RoundView) =>
    r.attackers_won ? `set ${time(r.duration_s)}` : `fullhold ${r.timelimit}`;
  return {
    embeds: [
      {
        title: `Map result · ${escapeMarkdown(roundOne.map)}`,
        description: `${verdict}\nRound 1: ${attack(roundOne)} · Round 2: ${attack(roundTwo)}`,
        fields: [
          {
            name: `First attackers (${score?.first_attackers ?? 0})`,
            value: first.join(', ').slice(0, 1000) || '—',
          },
          {
            name: `First defenders (${score?.first_defenders ?? 0})`,
            value: second.join(', ').slice(0, 1000) || '—',
          },
        ],
      },
    ],
  };
}
