/**
 * How often each hard case happens. Per-player rates apply to each player at each map,
 * per-evening rates to the server's setup for that evening, per-file rates to each file.
 */
export interface HardCaseRates {
  /** Per player and map: plays round 2 only (`joined_in_r2`). */
  readonly lateJoin: number;
  /** Per player and map: plays round 1 (part of it or all of it) and not round 2 (`left_early`). */
  readonly leaveEarly: number;
  /** Per player and map: reconnects between the rounds, so the R2 line is round 2 alone. */
  readonly reconnect: number;
  /**
   * Per player and map: stays connected into round 2 but goes spectator at its start, so the R2 line
   * repeats R1's counters and round 2's time played is 0 (its time alive % is unknown).
   */
  readonly idleRoundTwo: number;
  /** Per player and map: uses another name in round 2. */
  readonly renameBetweenRounds: number;
  /** Per player and evening: uses another name than last time. */
  readonly renameBetweenSessions: number;
  /** Per player and round: goes spectator during the round (team 3). */
  readonly spectator: number;
  /** Per player and map: joins round 1 after it started. */
  readonly partialRoundOne: number;
  /**
   * Per player and map with a knife entry: the knife hits corpses in round 2 and the engine takes
   * shots back, so the R2 file's knife shots end below R1's (the entry can vanish).
   */
  readonly knifeFall: number;
  /** Per round: the attackers complete the objective (otherwise a fullhold). */
  readonly attackersWin: number;
  /** Per held round: the attackers surrendered (field 8 says the full limit, the round was shorter). */
  readonly surrender: number;
  /** Per map: the R1 file is lost, the R2 is an orphan. */
  readonly orphanR2: number;
  /** Per map: no round 2 is played. */
  readonly r1WithoutR2: number;
  /** After an R1 without R2: the same map is replayed right away (a restart). */
  readonly replay: number;
  /** Per round: the game is paused for a while (wall clock longer than the measured playtime). */
  readonly pause: number;
  /** Per R1 file: the engine's `rounds` counter is 1 for every player instead of 0. */
  readonly roundsCounterOne: number;
  /** Per evening: mod v7, 8-field header. */
  readonly legacyHeader: number;
  /** Per evening: an older mod writing 37, 36 or 33 extended fields (field 20 garbage too). */
  readonly shortExtended: number;
  /** Per evening with 38 fields: a mod without the field-20 fix (bullets fired is garbage). */
  readonly garbageBullets: number;
  /** Per evening: the server writes R2 files that hold round 2 alone (nothing cumulative). */
  readonly roundTwoOnlyServer: number;
  /** Per evening: an idle public round before it writes a header-only file (an empty round). */
  readonly idleRound: number;
  /** Per evening (mod v8): field 9 written in whole seconds instead of ms. */
  readonly secondsPlaytime: number;
  /** Per round (mod v8): field 9 is 0 or negative (unknown). */
  readonly unknownPlaytime: number;
  /** Per R2 (mod v8): field 8 is `0:00`. */
  readonly r2ZeroTime: number;
  /** Per R2 (mod v7): field 8 is `0:00`. */
  readonly r2ZeroTimeLegacy: number;
  /** Per R2: field 8 is absurd (`71:05`), as after a server restart. */
  readonly absurdNextTime: number;
  /** Per round, where the clock still tells: field 6 is 0 (unknown). */
  readonly winnerUnknown: number;
  /** Per evening: the config field (3) is empty. */
  readonly emptyConfig: number;
  /** Per evening: omni-bots fill the teams. */
  readonly botEvening: number;
  /** Per new name: markdown, mentions, quotes, SQL, odd Unicode. */
  readonly oddName: number;
  /** Per new name: Latin-1 letters (sent as Latin-1 bytes by about half of the clients). */
  readonly accentedName: number;
  /** Per file: `\r\n` line ends. */
  readonly crlf: number;
  /** Per file: blanks after lines and blank lines at the end. */
  readonly trailingBlanks: number;
}

/** A community on current mods: 38-field evenings with a valid field 20, the rest now and then. */
export const DEFAULT_RATES: HardCaseRates = {
  lateJoin: 0.03,
  leaveEarly: 0.03,
  reconnect: 0.02,
  idleRoundTwo: 0.004,
  renameBetweenRounds: 0.01,
  renameBetweenSessions: 0.12,
  spectator: 0.01,
  partialRoundOne: 0.04,
  knifeFall: 0.14,
  attackersWin: 0.55,
  surrender: 0.03,
  orphanR2: 0.04,
  r1WithoutR2: 0.05,
  replay: 0.5,
  pause: 0.05,
  roundsCounterOne: 0.24,
  legacyHeader: 0.1,
  shortExtended: 0.05,
  garbageBullets: 0.03,
  roundTwoOnlyServer: 0.01,
  idleRound: 0.03,
  secondsPlaytime: 0.05,
  unknownPlaytime: 0.02,
  r2ZeroTime: 0.15,
  r2ZeroTimeLegacy: 0.6,
  absurdNextTime: 0.01,
  winnerUnknown: 0,
  emptyConfig: 0.05,
  botEvening: 0.15,
  oddName: 0.08,
  accentedName: 0.05,
  crlf: 0.03,
  trailingBlanks: 0.03,
};
