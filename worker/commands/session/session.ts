import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Queryable } from '../../db/database.ts';
import { decodeCustomIdParts } from '../../discord/cursor.ts';
import { stringOption } from '../../discord/interaction.ts';
import { type Choice, reply } from '../../discord/responses.ts';
import {
  sessionEfficiencyChart,
  sessionPerformanceChart,
  performanceOrder,
  PERFORMANCE_RANKING,
  sessionResultsChart,
  sessionTimelineChart,
  weaponChart,
} from '../../render/charts/index.ts';
import { recentSessions, resolveSessionRef, sessionHolding } from '../../queries/session-list.ts';
import {
  type SessionReport,
  sessionReport,
  type AttackTimes,
  sessionAttackTimes,
} from '../../queries/session-report.ts';
import {
  type ChartedMessage,
  type ChartImage,
  chartFileName,
  chartReply,
  chartUpdate,
} from '../kit/chart-reply.ts';
import { formatCount, formatDecimal, plural } from '../kit/text-format.ts';
import type { Command, ComponentContext } from '../../discord/command.ts';
import { type CommandServices, communityOf } from '../../services.ts';
import {
  isSessionView,
  type SessionMessageOptions,
  type SessionView,
  sessionMessage,
  viewNeedsRounds,
  viewNeedsWeapons,
} from './session-views.ts';
import { withWebLink } from '../kit/web-link.ts';
import {
  sessionEfficiencyInput,
  sessionPerformanceInput,
  sessionResultsInput,
  sessionTimelineInput,
  sessionWeaponsInput,
} from './session-chart-inputs.ts';

export type SessionChart = 'results' | 'performance' | 'efficiency' | 'timeline' | 'weapons';

/**
 * The images under each view. The summary answers "who won, who played well" at a glance; combat holds the
 * previous bot's two panels; maps follows the evening map by map. The other views are tables and lists.
 */
export const VIEW_CHARTS: Readonly<Record<SessionView, readonly SessionChart[]>> = {
  summary: ['results', 'performance'],
  combat: ['performance', 'efficiency'],
  weapons: ['weapons'],
  support: [],
  sprees: [],
  maps: ['timeline', 'results'],
  lineups: [],
  top: [],
  awards: [],
};

/**
 * A session's message in one view with that view's charts, or null when there is no session of that id
 * (its id changed: see `sessionHolding`). The results card needs the recompute's teams and is left out
 * until they exist.
 */
export async function sessionViewAnswer(
  db: Queryable,
  communityId: number,
  id: number,
  view: SessionView,
  options: SessionMessageOptions & { readonly timeZone: string },
): Promise<ChartedMessage | null> {
  const report = await sessionReport(db, communityId, id, {
    weapons: viewNeedsWeapons(view),
    rounds: viewNeedsRounds(view),
  });
  if (!report) return null;
  const message = sessionMessage(report, view, options);
  const teams = report.players.some((p) => p.team !== null);
  const kinds = VIEW_CHARTS[view].filter((kind) => kind !== 'results' || teams);
  if (kinds.length === 0 || report.players.length === 0) return { message };
  return {
    message,
    charts: () => sessionCharts(db, communityId, report, kinds, options.timeZone),
  };
}

/** The session's charts of these kinds (the website draws every kind once, on one page). */
export async function sessionCharts(
  db: Queryable,
  communityId: number,
  report: SessionReport,
  kinds: readonly SessionChart[],
  timeZone: string,
): Promise<ChartImage[]> {
  const times = kinds.includes('results')
    ? await sessionAttackTimes(db, communityId, report.session.id)
    : new Map();
  const subtitle = sessionSubtitle(report, timeZone);
  return kinds.map((kind) => sessionChart(report, kind, subtitle, times));
}

function sessionSubtitle(report: SessionReport, timeZone: string): string {
  const s = report.session;
  const day = new Date(s.started_at).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone,
  });
  return `Session #${s.id} · ${day} · ${plural(s.map_count, 'map')} · ${plural(report.players.length, 'player')}`;
}

function sessionChart(
  report: SessionReport,
  kind: SessionChart,
  subtitle: string,
  times: AttackTimes,
): ChartImage {
  const id = report.session.id;
  const name = chartFileName('session', id, kind);
  switch (kind) {
    case 'performance': {
      const input = sessionPerformanceInput(report, subtitle);
      const ranked = performanceOrder(input.players);
      const best = ranked
        .slice(0, 3)
        .map((p) => `${p.name} ${formatCount(p.damageGiven)} damage, ${formatDecimal(p.dpm)} DPM`);
      const description = `Session #${id} performance: the ${plural(ranked.length, 'player')} who started a map, ${PERFORMANCE_RANKING.toLowerCase()}, with kills, deaths, DPM, time played, time dead and time denied. Best: ${best.join('; ')}.`;
      return { chart: sessionPerformanceChart(input), name, description };
    }
    case 'efficiency': {
      const input = sessionEfficiencyInput(report, subtitle);
      const most = [...input.players].sort((a, b) => b.damageGiven - a.damageGiven).slice(0, 3);
      const description = `Session #${id} combat efficiency: damage given against received, damage ratio, bullets fired and bullets per kill (lower is better) of ${whoOf(input.players.length, 'by damage given')}. Most damage: ${most
        .map(
          (p) =>
            `${p.name} ${formatCount(p.damageGiven)} given, ${formatCount(p.damageReceived)} received`,
        )
        .join('; ')}.`;
      return { chart: sessionEfficiencyChart(input), name, description };
    }
    case 'timeline': {
      const input = sessionTimelineInput(report, subtitle);
      const description = `Session #${id} timeline: each player's DPM on each of the ${plural(input.xLabels.length, 'map play')} in order (${input.xLabels.join(', ')}).`;
      return { chart: sessionTimelineChart(input), name, description };
    }
    case 'results': {
      const input = sessionResultsInput(report, subtitle, times);
      const [a, b] = input.score ?? [0, 0];
      const maps = input.maps.map((m) => `${m.map} ${m.points[0]}–${m.points[1]}`);
      const [teamA, teamB] = input.teams;
      const description = `Session #${id} results: ${teamA.name} ${a} – ${b} ${teamB.name} in stopwatch points${maps.length > 0 ? `; maps: ${maps.join(', ')}` : ''}. ${teamA.name}: ${teamA.players.join(', ')}. ${teamB.name}: ${teamB.players.join(', ')}.`;
      return { chart: sessionResultsChart(input), name, description };
    }
    case 'weapons': {
      const input = sessionWeaponsInput(report, subtitle);
      const top = [...input.rows]
        .sort((x, y) => y.kills - x.kills)
        .slice(0, 5)
        .map((r) => `${r.label} ${formatCount(r.kills)}`);
      const description = `Session #${id} weapons: kills, deaths, accuracy and headshot share per weapon, most kills first: ${top.join(', ')}.`;
      return { chart: weaponChart(input), name, description };
    }
  }
}

/** Who a top-10 panel lists: every player, or the ten best. */
const whoOf = (players: number, by: string) =>
  players <= 10
    ? `all ${plural(players, 'player')}, best ${by} first`
    : `the 10 best players ${by}`;

/** Autocomplete choices for a session option: recent sessions, or those matching the typed id or date. */
export async function sessionChoices(
  db: Queryable,
  communityId: number,
  typed: string,
  timeZone: string,
): Promise<Choice[]> {
  const sessions = await recentSessions(db, communityId, typed, timeZone);
  return sessions.map((s) => ({
    name: `#${s.id} · ${s.local_date} · ${s.round_count} rounds, ${s.map_count} maps, ${s.player_count} players`,
    value: String(s.id),
  }));
}

/**
 * The view menu of `/session` and `/last_session` messages (`session:view:<id>`, value = the view): the
 * message changes in place, its images replaced by the new view's (see VIEW_CHARTS).
 */
export async function sessionViewComponent(ctx: ComponentContext<CommandServices>) {
  const [action, idText, flag] = decodeCustomIdParts(ctx.customId);
  const view = ctx.values[0] ?? 'summary';
  const id = Number(idText);
  if (action !== 'view' || !Number.isSafeInteger(id) || !isSessionView(view)) {
    return reply(
      'This menu is from an older version of the bot; run /last_session or /session again.',
      { ephemeral: true },
    );
  }
  const { db } = ctx.services;
  const communityId = communityOf(ctx.services).id;
  const options = { latest: flag === 'last', timeZone: ctx.services.config.serverTimeZone };
  const answer = await sessionViewAnswer(db, communityId, id, view, options);
  if (answer) return chartUpdate(ctx, answer);
  // The session's id changed since the message was sent: show the session now holding its minute.
  const holding = await sessionHolding(db, communityId, id);
  const moved =
    holding === null
      ? null
      : await sessionViewAnswer(db, communityId, holding, view, {
          ...options,
          note: movedNote(id, holding),
        });
  if (moved) return chartUpdate(ctx, moved);
  return reply(`Session #${id} no longer exists; run /sessions to find it.`, { ephemeral: true });
}

/** Why a session answers under another id than the one asked for. */
const movedNote = (asked: number, now: number) =>
  `Session #${asked} is now #${now}: a round that started earlier joined it, or joined it to the session before (an id is the minute a session's first round started).`;

/** `/session id-or-date`: one session's report, switchable between the same views as /last_session. */
export const session: Command<CommandServices> = {
  definition: {
    name: 'session',
    description: 'One gaming session: players, maps, team results, awards',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'session',
        description: 'Session id (e.g. 202510132015) or start date (YYYY-MM-DD)',
        required: true,
        autocomplete: true,
        max_length: 20,
      },
    ],
  },
  rateClass: 'heavy',
  async run(ctx) {
    const typed = stringOption(ctx.options, 'session') ?? '';
    const { db, config } = ctx.services;
    const ref = await resolveSessionRef(
      db,
      communityOf(ctx.services).id,
      typed,
      config.serverTimeZone,
    );
    if (!ref.ok) return reply(ref.reason, { ephemeral: true });
    const note =
      ref.movedFrom !== undefined
        ? movedNote(ref.movedFrom, ref.id)
        : ref.sameDay.length > 0
          ? `That day also had session${ref.sameDay.length > 1 ? 's' : ''} ${ref.sameDay.map((id) => `#${id}`).join(', ')}: ask for it by id.`
          : undefined;
    const answer = await sessionViewAnswer(db, communityOf(ctx.services).id, ref.id, 'summary', {
      ...(note ? { note } : {}),
      timeZone: config.serverTimeZone,
    });
    if (!answer)
      return reply(`Session #${ref.id} disappeared while reading it; try again.`, {
        ephemeral: true,
      });
    return chartReply(ctx, await withWebLink(ctx.services, answer, `sessions/${ref.id}`));
  },
  autocomplete(ctx) {
    return sessionChoices(
      ctx.services.db,
      communityOf(ctx.services).id,
      ctx.focused.value,
      ctx.services.config.serverTimeZone,
    );
  },
  component(ctx) {
    return sessionViewComponent(ctx);
  },
};
