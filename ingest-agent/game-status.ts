/**
 * The Quake 3 `getstatus` query, as ET:Legacy answers it on its game port (UDP):
 *
 * ```
 * → \xff\xff\xff\xffgetstatus\n
 * ← \xff\xff\xff\xffstatusResponse\n\sv_hostname\^1EU #1\mapname\supply\gamestate\0...\n
 *   12 48 "^1cru3l"\n
 *   3 61 "iamez3"\n
 * ```
 * The first line is the serverinfo as `\key\value` pairs; then one line per client: score, ping, quoted
 * name. Names are bytes in the game (often Latin-1); they are decoded as UTF-8 when they are that.
 */
import { createSocket } from 'node:dgram';
import type { LiveGameState, LivePlayer, LiveSnapshot } from '../ingest-protocol/live.ts';
import { MAX_LIVE_NAME, MAX_LIVE_PLAYERS, MAX_LIVE_TEXT } from '../ingest-protocol/live.ts';

export const OOB = Buffer.from([0xff, 0xff, 0xff, 0xff]);
const STATUS_HEADER = 'statusResponse\n';

/** ET's `gamestate` values (GS_PLAYING … GS_INTERMISSION). */
const GAME_STATES: Record<string, LiveGameState> = {
  '0': 'playing',
  '1': 'countdown',
  '2': 'warmup',
  '3': 'intermission',
};

/** Latin-1 unless the bytes are valid UTF-8: what the game stores is whatever the client typed. */
export function decodeGameText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

const clean = (text: string, max: number) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the game may send control bytes in names
  text.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, max);

/** Reads a `statusResponse` packet into a snapshot (without its time), or why it is not one. */
export function parseStatusResponse(
  packet: Uint8Array,
): { ok: true; status: Omit<LiveSnapshot, 'observedAt'> } | { ok: false; reason: string } {
  const bytes = Buffer.from(packet);
  if (!bytes.subarray(0, 4).equals(OOB)) return { ok: false, reason: 'not an out-of-band packet' };
  const text = decodeGameText(bytes.subarray(4));
  if (!text.startsWith(STATUS_HEADER)) return { ok: false, reason: 'not a statusResponse' };
  const lines = text.slice(STATUS_HEADER.length).split('\n');
  const info = new Map<string, string>();
  const pairs = (lines[0] ?? '').split('\\');
  // The info string starts with its separator: ["", key, value, key, value, …].
  for (let i = 1; i + 1 < pairs.length; i += 2)
    info.set((pairs[i] as string).toLowerCase(), pairs[i + 1] as string);
  const map = info.get('mapname');
  if (!map) return { ok: false, reason: 'the status names no map (mapname)' };
  const players: LivePlayer[] = [];
  for (const line of lines.slice(1)) {
    const m = /^(-?\d+) (\d+) "(.*)"/.exec(line);
    if (!m) continue;
    if (players.length === MAX_LIVE_PLAYERS) break;
    players.push({
      score: Number(m[1]),
      ping: Number(m[2]),
      name: clean(m[3] as string, MAX_LIVE_NAME),
    });
  }
  const maxClients = Number(info.get('sv_maxclients'));
  const timeLimit = Number(info.get('timelimit'));
  return {
    ok: true,
    status: {
      hostname: clean(info.get('sv_hostname') ?? '', MAX_LIVE_TEXT),
      map: clean(map, MAX_LIVE_TEXT),
      gameState: GAME_STATES[info.get('gamestate') ?? info.get('g_gamestate') ?? ''] ?? 'unknown',
      maxClients:
        Number.isInteger(maxClients) && maxClients >= 0
          ? Math.min(maxClients, MAX_LIVE_PLAYERS)
          : 0,
      timeLimitMinutes:
        info.has('timelimit') && Number.isFinite(timeLimit) ? Math.round(timeLimit) : null,
      players,
    },
  };
}

/**
 * Sends one UDP request and resolves with the first answer that passes `accept`, or rejects after
 * `timeoutMs`. Answers from any other address than the one asked are ignored.
 */
export function udpExchange(
  target: { host: string; port: number },
  request: Uint8Array,
  timeoutMs: number,
  collect: (packet: Buffer) => 'done' | 'more' | 'ignore',
  /** After a 'more', the exchange ends once no packet came for this long (answers in pieces). */
  quietMs = 300,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(target.host.includes(':') ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(quiet);
      socket.close();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () =>
        finish(new Error(`no answer from ${target.host}:${target.port} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('error', (error) => finish(error));
    let quiet: ReturnType<typeof setTimeout> | undefined;
    socket.on('message', (packet, from) => {
      if (from.port !== target.port) return;
      const verdict = collect(packet);
      if (verdict === 'done') finish();
      if (verdict === 'more') {
        clearTimeout(quiet);
        quiet = setTimeout(() => finish(), quietMs);
      }
    });
    socket.send(request, target.port, target.host, (error) => {
      if (error) finish(error);
    });
  });
}

/** Asks the game server for its status. */
export async function queryStatus(
  target: { host: string; port: number },
  timeoutMs: number,
): Promise<Omit<LiveSnapshot, 'observedAt'>> {
  let result: Omit<LiveSnapshot, 'observedAt'> | null = null;
  let reason = '';
  await udpExchange(
    target,
    Buffer.concat([OOB, Buffer.from('getstatus\n')]),
    timeoutMs,
    (packet) => {
      const parsed = parseStatusResponse(packet);
      if (!parsed.ok) {
        reason = parsed.reason;
        return 'ignore';
      }
      result = parsed.status;
      return 'done';
    },
  ).catch((error: Error) => {
    throw new Error(reason ? `${error.message} (last packet: ${reason})` : error.message);
  });
  return result as unknown as Omit<LiveSnapshot, 'observedAt'>;
}
