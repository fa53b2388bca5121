import { stripColours } from '../stats/decode.ts';
import { WEAPON_NAMES } from '../stats/fields.ts';
import type { Random } from './random.ts';
import type { TruthFigureKey, TruthPlayer } from './truth.ts';

// Files a server writes beside a round (STATS_FORMAT.md, "Companion files"): `-endstats.txt` from
// endstats.lua, and `_ws.txt` from older mods. They are not rounds.

/**
 * Awards whose value is one of the round's figures: the named player has the most of it in that
 * round (the first in line order on a tie), and the value is that figure. Display tests can check
 * an endstats file against the round's truth with this table.
 */
export const ENDSTATS_FIGURE_AWARDS: Readonly<Record<string, TruthFigureKey>> = {
  'Most kills': 'kills',
  'Most deaths': 'deaths',
  'Most damage given': 'damage_given',
  'Most damage received': 'damage_received',
  'Most team damage given': 'team_damage_given',
  'Most team damage received': 'team_damage_received',
  'Most selfkills': 'self_kills',
  'Most corpse gibs': 'gibs',
  'Most kill assists': 'kill_assists',
  'Most headshot kills': 'headshot_kills',
  'Most headshots': 'headshot_hits',
  'Most revives': 'revives_given',
  'Most revived': 'times_revived',
  'Longest killing spree': 'killing_spree',
  'Longest death spree': 'death_spree',
  'Most bullets fired': 'shots',
  'Most playtime denied': 'denied_playtime',
};

/** Written `N seconds` rather than a bare number. */
const IN_SECONDS = new Set(['Most playtime denied']);

/** Ratio awards: written with decimals, `percent` for shares. */
const RATIO_AWARDS: readonly {
  readonly award: string;
  readonly value: (p: TruthPlayer) => number | null;
  readonly text: (v: number) => string;
}[] = [
  {
    award: 'Most kills per minute',
    value: (p) => (p.time_played_min > 0 ? p.kills / p.time_played_min : null),
    text: (v) => v.toFixed(2),
  },
  {
    award: 'Best K/D ratio',
    value: (p) => (p.deaths > 0 ? p.kills / p.deaths : null),
    text: (v) => String(Math.round(v * 1000) / 1000),
  },
  {
    award: 'Highest headshot accuracy',
    value: (p) => (p.hits > 0 ? (100 * p.headshot_hits) / p.hits : null),
    text: (v) => `${v.toFixed(2)} percent`,
  },
];

/** Every award endstats files hold, in the order they write them. */
export const ENDSTATS_AWARDS: readonly string[] = [
  ...Object.keys(ENDSTATS_FIGURE_AWARDS),
  ...RATIO_AWARDS.map((a) => a.award),
];

/** A player of the round as endstats.lua sees them. */
export interface EndstatsPlayer {
  readonly guid: string;
  readonly figures: TruthPlayer;
}

/** The full 32-hex `cl_guid` of a player whose file GUID is its first 8 characters (a stable hash). */
export function fullGuid(guid: string): string {
  let out = /^[0-9A-F]{8}$/.test(guid) ? guid : '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < 32; round++) {
    for (const c of `${guid}:${round}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).toUpperCase().padStart(8, '0');
  }
  return out.slice(0, 32);
}

function winner(
  players: readonly EndstatsPlayer[],
  value: (p: TruthPlayer) => number | null,
): { name: string; value: number } | null {
  let best: { name: string; value: number } | null = null;
  for (const p of players) {
    const v = value(p.figures);
    if (v !== null && v > 0 && (best === null || v > best.value))
      best = { name: stripColours(p.figures.name), value: v };
  }
  return best;
}

/**
 * An `-endstats.txt` file for a round: award lines (`award␉player␉value`, one repeated now and then),
 * then per player the kills and deaths against each opponent, opened by `VS_HEADER␉player␉GUID` when
 * `withHeaders` (newer versions). Names colour-stripped; `\r\n` when `crlf`.
 */
export function endstatsFile(
  players: readonly EndstatsPlayer[],
  options: { readonly withHeaders: boolean; readonly crlf: boolean },
  random: Random,
): Uint8Array {
  const lines: string[] = [];
  for (const [award, key] of Object.entries(ENDSTATS_FIGURE_AWARDS)) {
    const best = winner(players, (p) => p[key]);
    if (!best) continue;
    const value = IN_SECONDS.has(award) ? `${best.value} seconds` : String(best.value);
    lines.push(`${award}\t${best.name}\t${value}`);
  }
  for (const { award, value, text } of RATIO_AWARDS) {
    const best = winner(players, value);
    if (best) lines.push(`${award}\t${best.name}\t${text(best.value)}`);
  }
  if (lines.length > 0 && random.chance(0.3)) lines.push(random.pick(lines));
  // Who killed whom: each player's kills spread over the other side, so both ends of a pair agree.
  const killed = players.map(() => new Map<EndstatsPlayer, number>());
  players.forEach((a, i) => {
    const opponents = players.filter((b) => b.figures.team !== a.figures.team);
    const row = killed[i] as Map<EndstatsPlayer, number>;
    for (let k = 0; k < a.figures.kills && opponents.length > 0; k++) {
      const b = random.pick(opponents);
      row.set(b, (row.get(b) ?? 0) + 1);
    }
  });
  players.forEach((a, i) => {
    if (options.withHeaders)
      lines.push(`VS_HEADER\t${stripColours(a.figures.name)}\t${fullGuid(a.guid)}`);
    players.forEach((b, j) => {
      if (b.figures.team === a.figures.team) return;
      const kills = killed[i]?.get(b) ?? 0;
      const deaths = killed[j]?.get(a) ?? 0;
      lines.push(`${stripColours(b.figures.name)}\t${kills}\t${deaths}`);
    });
  });
  const end = options.crlf ? '\r\n' : '\n';
  return new TextEncoder().encode(lines.map((l) => l + end).join(''));
}

/** A player line of a `_ws.txt` file: the round file's weapon counters again, all 28 weapons. */
export interface WsLine {
  readonly guid: string;
  readonly name: string;
  readonly rounds: number;
  readonly team: number;
  /** 5 counters per weapon id (hits, shots, kills, deaths, headshots), as the round file holds them. */
  readonly weapons: Int32Array;
}

/** A `_ws.txt` file (older mods): `GUID␉name␉rounds␉team␉` then `WS_NAME␉h␉s␉k␉d␉hs␉` per weapon. */
export function wsFile(lines: readonly WsLine[]): Uint8Array {
  const text = lines
    .map((l) => {
      let line = `${l.guid}\t${l.name}\t${l.rounds}\t${l.team}\t`;
      WEAPON_NAMES.forEach((weapon, id) => {
        const at = id * 5;
        line += `${weapon}\t${Array.from(l.weapons.subarray(at, at + 5)).join('\t')}\t`;
      });
      return `${line}\n`;
    })
    .join('');
  return new TextEncoder().encode(text);
}
