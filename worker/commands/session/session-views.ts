import type {
  APIActionRowComponent,
  APIEmbed,
  APIEmbedField,
  APIStringSelectComponent,
} from 'discord-api-types/v10';
import { ComponentType } from 'discord-api-types/v10';
import { weaponLabel } from '../../../stats/fields.ts';
import { encodeCustomId } from '../../discord/cursor.ts';
import { clipText, LIMITS } from '../../discord/limits.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import type { SessionPlayer, SessionReport } from '../../queries/session-report.ts';
import { MIN_SHOTS, sessionAwards } from './awards.ts';
import { teamMarkdown } from '../kit/team-name.ts';
import { mapFields, mapScore } from './session-maps-view.ts';
import { lineupsText } from './session-lineups-view.ts';
import { topFields } from './session-top-view.ts';
import { MVP_RULE, sessionMvp, teamTotals } from './team-summary.ts';
import { formatCount, playerName } from '../kit/text-format.ts';
import {
  combatTable,
  favouriteWeapons,
  oneDecimal,
  spreesTable,
  supportTable,
  weaponsTable,
} from './session-tables.ts';

/** The views of a session report; the select menu under the message switches between them in place. */
export const SESSION_VIEWS = [
  'summary',
  'combat',
  'weapons',
  'support',
  'sprees',
  'maps',
  'lineups',
  'top',
  'awards',
] as const;
export type SessionView = (typeof SESSION_VIEWS)[number];

export const SESSION_VIEW_LABELS: Readonly<
  Record<SessionView, { label: string; description: string }>
> = {
  summary: { label: 'Summary', description: 'Players, maps, team results' },
  combat: { label: 'Combat', description: 'Kills, deaths, K/D, DPM, damage, accuracy' },
  weapons: { label: 'Weapons', description: 'Kills and accuracy per weapon' },
  support: {
    label: 'Objectives & support',
    description: 'Revives, repairs, objectives, dynamites',
  },
  sprees: { label: 'Sprees', description: 'Killing and death sprees, multi-kills' },
  maps: {
    label: 'Maps',
    description: 'Each map play round by round: attackers, times, best players',
  },
  lineups: { label: 'Lineups', description: 'Who joined and left each team between maps' },
  top: { label: 'Top', description: 'Best three in each category' },
  awards: { label: 'Awards', description: 'Session awards and the figures behind them' },
};

export const isSessionView = (value: string): value is SessionView =>
  (SESSION_VIEWS as readonly string[]).includes(value);

/** Views that need the per-weapon rows (one more query). */
export const viewNeedsWeapons = (view: SessionView) => view === 'weapons';
/** Views that need each round's players (one more query). */
export const viewNeedsRounds = (view: SessionView) => view === 'maps' || view === 'lineups';

const COLOUR = 0xc0392b;
/** The component handler that answers the view menu: `session:view:<id>` (both /session and /last_session use it). */
export const VIEW_COMMAND = 'session';

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const name = (text: string) => playerName(clipText(text, 24));
const d1 = oneDecimal;

function duration(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  return minutes >= 60
    ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
    : `${minutes} min`;
}

export interface SessionMessageOptions {
  /** Shown as the latest session (/last_session); the menu keeps that heading. */
  readonly latest?: boolean;
  /** A line above the embed, e.g. the other sessions of that day. */
  readonly note?: string;
}

/** The message for one view of a session: an embed and the view menu. */
export function sessionMessage(
  report: SessionReport,
  view: SessionView,
  options: SessionMessageOptions = {},
): ImmediateMessage {
  const s = report.session;
  const embed: APIEmbed = {
    title: `${options.latest ? `Last session (#${s.id})` : `Session #${s.id}`} · ${SESSION_VIEW_LABELS[view].label}`,
    color: COLOUR,
    footer: {
      text: `Session #${s.id} · bots are counted, never ranked · /sessions lists them all`,
    },
  };
  const header = headerLine(report);
  const body = viewBody(report, view);
  embed.description = clipText(
    [header, body.text].filter(Boolean).join('\n\n'),
    LIMITS.description,
  );
  if (body.fields.length > 0) embed.fields = body.fields.slice(0, LIMITS.fields);
  const message: ImmediateMessage = {
    embeds: [embed],
    components: [viewMenu(s.id, view, options.latest ?? false)],
  };
  return options.note ? { ...message, content: clipText(options.note, LIMITS.content) } : message;
}

function headerLine(report: SessionReport): string {
  const s = report.session;
  const lineup = report.players.filter((p) => p.lineup).length;
  const subs = report.players.length - lineup;
  const extras = [
    subs > 0 ? `${subs} joined for an R2 only` : '',
    report.botCount > 0 ? `${report.botCount} bot${report.botCount === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return [
    `<t:${unix(s.started_at)}:f> – <t:${unix(s.ended_at)}:t> (${duration(s.started_at, s.ended_at)})`,
    `**${s.round_count}** rounds · **${s.map_count}** maps · **${lineup}** players${extras ? ` (+ ${extras})` : ''}`,
  ].join('\n');
}

function viewBody(
  report: SessionReport,
  view: SessionView,
): { text: string; fields: APIEmbedField[] } {
  switch (view) {
    case 'summary':
      return {
        text: [resultLine(report), mvpLine(report)].filter(Boolean).join('\n'),
        fields: [
          mapsField(report),
          ...rosterFields(report),
          ...teamTotalsField(report),
          ...voiceField(report),
        ],
      };
    case 'combat':
      return { text: combatTable(report), fields: [] };
    case 'weapons':
      return { text: weaponsTable(report), fields: favouriteField(report) };
    case 'support':
      return {
        text: `${supportTable(report)}\nRev revives given · Revd times revived · Eng repairs/constructions · Obj stolen/returned · Dyn planted/defused`,
        fields: [],
      };
    case 'sprees':
      return {
        text: `${spreesTable(report)}\nSpr best killing spree · DSp worst death spree · Stl kill steals · Ast kill assists`,
        fields: [],
      };
    case 'maps':
      return { text: '', fields: mapFields(report) };
    case 'lineups':
      return { text: lineupsText(report), fields: [] };
    case 'top':
      return { text: '', fields: topFields(report.players) };
    case 'awards':
      return { text: awardsText(report), fields: [] };
  }
}

function resultLine(report: SessionReport): string {
  const r = report.result;
  if (!r)
    return '_Teams are not worked out yet for this session (the recompute runs after each import)._';
  if (r.mapsWon.A + r.mapsWon.B + r.mapsDrawn === 0)
    return 'No map was played to the end (R1 and R2): no result.';
  const sure =
    r.confidence < 0.75 ? ` · team detection ${Math.round(r.confidence * 100)}% sure` : '';
  const maps = `maps ${r.mapsWon.A}–${r.mapsWon.B}${r.mapsDrawn > 0 ? ` (${r.mapsDrawn} drawn)` : ''}, points ${r.points.A}–${r.points.B}`;
  if (r.winner === null) return `**Draw**: ${maps}${sure}`;
  return `**${teamMarkdown(report.teamNames, r.winner)} won**: ${maps}${sure}`;
}

/** Who was in the tracked voice channels while the session was played; nothing where voice is not tracked. */
function voiceField(report: SessionReport): APIEmbedField[] {
  if (report.voice.length === 0) return [];
  const who = report.voice.map((a) => `${playerName(a.name)} (${a.minutes} min)`).join(', ');
  return [{ name: 'In voice', value: clipText(who, LIMITS.fieldValue) }];
}

function mapsField(report: SessionReport): APIEmbedField {
  const plays = new Map<string, number>();
  for (const m of report.maps) plays.set(m.map, (plays.get(m.map) ?? 0) + 1);
  const lines = report.maps.map(
    (m) => `${m.order}. ${escapeMarkdown(m.map)} — ${mapScore(report, m)}`,
  );
  const played = [...plays]
    .map(([map, count]) => (count > 1 ? `${escapeMarkdown(map)} ×${count}` : escapeMarkdown(map)))
    .join(', ');
  return {
    name: 'Maps',
    value: clipText([...lines, `Played: ${played || '—'}`].join('\n'), LIMITS.fieldValue),
  };
}

const playerLine = (p: SessionPlayer) =>
  `${name(p.name)}${p.lineup ? '' : ' (R2 only)'} — ${p.figures.kills}/${p.figures.deaths} · ${d1(p.figures.dpm)} DPM`;

function rosterFields(report: SessionReport): APIEmbedField[] {
  const groups: [string, SessionPlayer[]][] = report.players.some((p) => p.team !== null)
    ? [
        [teamMarkdown(report.teamNames, 'A'), report.players.filter((p) => p.team === 'A')],
        [teamMarkdown(report.teamNames, 'B'), report.players.filter((p) => p.team === 'B')],
        ['No team', report.players.filter((p) => p.team === null)],
      ]
    : [['Players', [...report.players]]];
  return groups
    .filter(([, players]) => players.length > 0)
    .map(([title, players]) => ({
      name: `${title} (${players.length}) — kills/deaths · DPM`,
      value: clipText(players.map(playerLine).join('\n'), LIMITS.fieldValue),
      inline: groups.length > 1,
    }));
}

/** The session's MVP with the figures that made them it, and the rule. */
function mvpLine(report: SessionReport): string {
  const mvp = sessionMvp(report.players);
  if (!mvp) return '';
  const f = mvp.figures;
  const team = mvp.team ? ` (${teamMarkdown(report.teamNames, mvp.team)})` : '';
  return `🏅 **MVP: ${name(mvp.name)}**${team} — ${d1(f.dpm)} DPM · ${f.kills}/${f.deaths} · ${formatCount(f.damage_given)} damage\n_${MVP_RULE}._`;
}

/** Each team's kills, deaths, damage, DPM and revives over its players' session totals. */
function teamTotalsField(report: SessionReport): APIEmbedField[] {
  const lines = teamTotals(report.players).map(
    (t) =>
      `**${teamMarkdown(report.teamNames, t.team)}** · ${t.players} players · ${formatCount(t.kills)}/${formatCount(t.deaths)} kills/deaths · ${formatCount(t.damageGiven)} damage · ${d1(t.dpm)} DPM${t.revives === null ? '' : ` · ${formatCount(t.revives)} revives`}`,
  );
  return lines.length > 0
    ? [{ name: 'Team totals', value: clipText(lines.join('\n'), LIMITS.fieldValue) }]
    : [];
}

function favouriteField(report: SessionReport): APIEmbedField[] {
  const names = new Map(report.players.map((p) => [p.guid, p.name]));
  const lines = favouriteWeapons(report).map(
    (f) => `${name(names.get(f.guid) ?? f.guid)}: ${weaponLabel(f.weapon)} (${f.kills} kills)`,
  );
  return lines.length > 0
    ? [{ name: 'Favourite weapons', value: clipText(lines.join('\n'), LIMITS.fieldValue) }]
    : [];
}

function awardsText(report: SessionReport): string {
  const awards = sessionAwards(report.players);
  if (awards.length === 0) return 'No awards: nobody scored anything this session.';
  const lines = awards.map(
    (a) =>
      `${a.emoji} **${a.title}** — ${name(a.name)}: ${a.figure}${a.tiedWith > 0 ? ` (tied with ${a.tiedWith} more)` : ''}`,
  );
  return `${lines.join('\n')}\n\nRatio awards need a quarter of the longest time played; accuracy awards ${MIN_SHOTS} shots.${serverAwardsText(report)}`;
}

/** The game server's own awards per round (its endstats companions), a few per round. */
function serverAwardsText(report: SessionReport): string {
  if (report.serverAwards.length === 0) return '';
  const unit = (u: string | null) => (u === 'percent' ? '%' : u === 'seconds' ? ' s' : '');
  const rounds = report.serverAwards.map(
    (r) =>
      `${escapeMarkdown(r.map)} R${r.round}: ${r.awards
        .slice(0, SERVER_AWARDS_PER_ROUND)
        .map((a) => `${escapeMarkdown(a.award)} ${name(a.player)} ${a.value}${unit(a.unit)}`)
        .join(' · ')}`,
  );
  return `\n\n**Server awards** (the game server's end-of-round list)\n${rounds.join('\n')}`;
}

/** The server writes some 20 awards a round: a few each keep the view readable. */
const SERVER_AWARDS_PER_ROUND = 4;

/**
 * The view menu, `session:view:<id>[:last]`: it names the session, so a press weeks later still shows the
 * same one (`last` only keeps the "Last session" heading).
 */
export function viewMenu(
  sessionId: number,
  current: SessionView,
  latest: boolean,
): APIActionRowComponent<APIStringSelectComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: encodeCustomId(
          VIEW_COMMAND,
          latest ? ['view', sessionId, 'last'] : ['view', sessionId],
        ),
        placeholder: 'Switch view',
        options: SESSION_VIEWS.map((v) => ({
          label: SESSION_VIEW_LABELS[v].label,
          value: v,
          description: SESSION_VIEW_LABELS[v].description,
          default: v === current,
        })),
      },
    ],
  };
}
