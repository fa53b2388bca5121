import type { APIEmbedField } from 'discord-api-types/v10';
import {
  ACHIEVEMENTS,
  type Achievement,
  type AchievementKind,
  KD_MIN_ROUNDS,
  unlocks,
} from '../../stats/achievements.ts';
import { killDeathRatio } from '../../stats/metrics.ts';
import type { Database } from '../db/database.ts';
import { stringOption } from '../discord/interaction.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import type { PlayerRef } from '../queries/links.ts';
import { type RankedRound, rankedRounds } from '../queries/player-stats.ts';
import { playerChoices } from './kit/autocomplete.ts';
import { formatCount, formatDay, formatRatio, playerName, plural } from './kit/text-format.ts';
import { playerOption, resolvePlayer } from './kit/player-option.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';

const COLOUR = 0xe67e22;
const KIND_TITLES: Readonly<Record<AchievementKind, string>> = {
  kills: 'Kills',
  rounds: 'Rounds',
  kd: `K/D (after ${KD_MIN_ROUNDS} rounds)`,
};

export interface AchievementState {
  readonly achievement: Achievement;
  /** The round that unlocked it; null while locked. */
  readonly unlocked: {
    readonly at: string;
    readonly map: string;
    readonly roundNumber: number;
  } | null;
}

export interface AchievementsData {
  readonly player: PlayerRef;
  /** Ranked rounds, kills and deaths: the progress every threshold is measured against. */
  readonly rounds: number;
  readonly kills: number;
  readonly deaths: number;
  readonly states: readonly AchievementState[];
}

/** `/achievements [player]`: unlocked milestones (kills, rounds, K/D) with the round that did it, and what is next. */
export const achievements: Command<CommandServices> = {
  definition: {
    name: 'achievements',
    description:
      'A player’s achievements: kills, rounds and K/D milestones, and how far to the next',
    options: [playerOption()],
  },
  access: 'public',
  async run(ctx) {
    const found = await resolvePlayer(
      ctx.services,
      stringOption(ctx.options, 'player'),
      ctx.caller.userId,
    );
    if (!found.ok) return reply(found.reason, { ephemeral: true });
    return reply(
      achievementsMessage(
        await achievementsData(ctx.services.db, communityOf(ctx.services).id, found.player),
      ),
    );
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
};

/**
 * Computed from the player's ranked rounds with the recompute's own rule (stats/achievements.ts `unlocks`),
 * so it agrees with the stored unlocks and is current even before the next recompute.
 */
export async function achievementsData(
  db: Database,
  communityId: number,
  player: PlayerRef,
): Promise<AchievementsData> {
  const rounds = player.bot ? [] : await rankedRounds(db, communityId, player.guid);
  const found = new Map(
    unlocks<RankedRound>(
      rounds.map((round) => ({ round, kills: round.kills, deaths: round.deaths })),
    ).map((u) => [u.id, u]),
  );
  const states = ACHIEVEMENTS.map((achievement) => {
    const unlock = found.get(achievement.id);
    return {
      achievement,
      unlocked: unlock
        ? { at: unlock.round.ended_at, map: unlock.round.map, roundNumber: unlock.roundNumber }
        : null,
    };
  });
  const kills = rounds.reduce((n, r) => n + r.kills, 0);
  const deaths = rounds.reduce((n, r) => n + r.deaths, 0);
  return { player, rounds: rounds.length, kills, deaths, states };
}

export function achievementsMessage(data: AchievementsData): ImmediateMessage {
  const kd = killDeathRatio({
    kills: data.kills,
    deaths: data.deaths,
    hits: 0,
    shots: 0,
    headshot_hits: 0,
    damage_given: 0,
    time_played_min: 0,
  });
  const progress: Record<AchievementKind, (a: Achievement) => string> = {
    kills: (a) => `${plural(a.threshold - data.kills, 'kill')} to go`,
    rounds: (a) => `${plural(a.threshold - data.rounds, 'round')} to go`,
    kd: () =>
      data.rounds < KD_MIN_ROUNDS
        ? `${plural(KD_MIN_ROUNDS - data.rounds, 'more round')} first`
        : `K/D now ${formatRatio(kd)}`,
  };
  const fields: APIEmbedField[] = (Object.keys(KIND_TITLES) as AchievementKind[]).map((kind) => ({
    name: KIND_TITLES[kind],
    value: data.states
      .filter((s) => s.achievement.kind === kind)
      .map(({ achievement: a, unlocked: u }) =>
        u
          ? `✅ ${a.title} — ${formatDay(u.at)}, ${escapeMarkdown(u.map)} (round ${formatCount(u.roundNumber)})`
          : `⬜ ${a.title} — ${progress[kind](a)}`,
      )
      .join('\n'),
  }));
  const unlocked = data.states.filter((s) => s.unlocked).length;
  return {
    embeds: [
      {
        title: `Achievements: ${playerName(data.player.name)}${data.player.bot ? ' (bot)' : ''}`,
        description: `${unlocked} of ${data.states.length} unlocked · ${formatCount(data.rounds)} ranked rounds, ${formatCount(data.kills)} kills, K/D ${formatRatio(kd)}`,
        color: COLOUR,
        fields,
        footer: { text: 'Ranked rounds: humans outnumber bots. Bots earn no achievements.' },
      },
    ],
  };
}
