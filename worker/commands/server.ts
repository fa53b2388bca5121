import type { APIEmbedField } from 'discord-api-types/v10';
import type { LivePlayer } from '../../ingest-protocol/live.ts';
import { stripColours } from '../../stats/decode.ts';
import type { Command } from '../discord/command.ts';
import { clipText, LIMITS } from '../discord/limits.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { knownPlayersByName, liveStatus, type ServerLive } from '../queries/live.ts';
import { type CommandServices, communityOf } from '../services.ts';

const COLOUR = 0x57f287;
export const DEFAULT_LIVE_STALE_MINUTES = 5;
const unix = (at: Date) => Math.floor(at.getTime() / 1000);

/** A live player as shown: the known player's name when one played under it here, else the name. */
export interface ShownPlayer {
  readonly name: string;
  /** The known player's shown name; null when nobody known used this name. */
  readonly known: string | null;
  readonly score: number;
  readonly ping: number;
}

export interface ServerView {
  readonly server: string;
  /** Null: no snapshot, or the latest is older than the stale limit. */
  readonly live: {
    readonly hostname: string;
    readonly map: string;
    readonly gameState: string;
    readonly maxClients: number;
    readonly mapSince: Date;
    readonly players: readonly ShownPlayer[];
  } | null;
  readonly lastSeen: Date | null;
}

/** `/server`: what each of the community's game servers is playing now and who is on. */
export const server: Command<CommandServices> = {
  definition: {
    name: 'server',
    description: 'What the game servers are playing now and who is on',
  },
  access: 'public',
  async run(ctx) {
    const { db, config } = ctx.services;
    const communityId = communityOf(ctx.services).id;
    const staleMs = (config.liveStaleMinutes ?? DEFAULT_LIVE_STALE_MINUTES) * 60_000;
    const servers = await liveStatus(db, communityId);
    const fresh = (s: ServerLive) =>
      s.snapshot !== null && ctx.now().getTime() - s.snapshot.observedAt.getTime() <= staleMs;
    const names = servers
      .filter(fresh)
      .flatMap((s) => s.snapshot?.players.map((p) => stripColours(p.name).trim()) ?? []);
    const known = await knownPlayersByName(db, communityId, names);
    return reply(serverMessage(servers.map((s) => viewOf(s, fresh(s), known))));
  },
};

function shownPlayer(player: LivePlayer, known: ReadonlyMap<string, string>): ShownPlayer {
  const name = stripColours(player.name).trim();
  return {
    name,
    known: known.get(name.toLowerCase()) ?? null,
    score: player.score,
    ping: player.ping,
  };
}

export function viewOf(
  s: ServerLive,
  fresh: boolean,
  known: ReadonlyMap<string, string>,
): ServerView {
  const snapshot = s.snapshot;
  return {
    server: s.server,
    lastSeen: snapshot?.observedAt ?? null,
    live:
      snapshot && fresh
        ? {
            hostname: stripColours(snapshot.hostname).trim(),
            map: snapshot.map,
            gameState: snapshot.gameState,
            maxClients: snapshot.maxClients,
            mapSince: snapshot.mapSince,
            players: [...snapshot.players]
              .sort((a, b) => b.score - a.score)
              .map((p) => shownPlayer(p, known)),
          }
        : null,
  };
}

function playerLine(p: ShownPlayer): string {
  const name = p.known
    ? `**${escapeMarkdown(p.known)}**${p.known.toLowerCase() === p.name.toLowerCase() ? '' : ` as ${escapeMarkdown(p.name)}`}`
    : escapeMarkdown(p.name || '(no name)');
  return `${name} · ${p.score} pts · ${p.ping} ms`;
}

function field(view: ServerView): APIEmbedField {
  const live = view.live;
  if (!live)
    return {
      name: clipText(view.server, LIMITS.fieldName),
      value: view.lastSeen
        ? `No live data: the agent last told <t:${unix(view.lastSeen)}:R>.`
        : 'No live data: its agent has not sent a status (the agent’s `live` setting).',
    };
  const slots = live.maxClients > 0 ? `/${live.maxClients}` : '';
  const head = `**${escapeMarkdown(live.map)}** since <t:${unix(live.mapSince)}:R> · ${live.gameState} · ${live.players.length}${slots} players`;
  const host = live.hostname ? `\n${escapeMarkdown(live.hostname)}` : '';
  const players =
    live.players.length > 0 ? `\n${live.players.map(playerLine).join('\n')}` : '\nNobody is on.';
  return {
    name: clipText(view.server, LIMITS.fieldName),
    value: clipText(`${head}${host}${players}`, LIMITS.fieldValue),
  };
}

export function serverMessage(views: readonly ServerView[]): ImmediateMessage {
  if (views.length === 0)
    return { content: 'This community has no game server yet (`/admin servers add`).' };
  return {
    embeds: [{ title: 'Game servers now', color: COLOUR, fields: views.slice(0, 25).map(field) }],
  };
}
