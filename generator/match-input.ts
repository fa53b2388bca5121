import type { Layout } from './layout.ts';
import type { Person } from './people.ts';
import type { HardCaseRates } from './rates.ts';

// What one map's play is planned from. Its own module because match.ts (which plays the rounds) and
// clock.ts (which times them, called by match.ts) both read it.

/** How the game server is set up on one evening. */
export interface ServerProfile {
  readonly serverName: string;
  readonly config: string;
  /** Mod v7: 8-field header, no measured playtime. */
  readonly legacy: boolean;
  readonly playtimeInSeconds: boolean;
  readonly layout: Layout;
  /** Field 20 is the line's sum of shots (a mod with the fix), else garbage on every line. */
  readonly bulletsValid: boolean;
  /** R2 files hold round 2 alone for every line (a server that resets the figures before R2). */
  readonly roundTwoOnly: boolean;
}

export interface MapInfo {
  readonly name: string;
  readonly limitS: number;
  readonly defender: 1 | 2;
}

export type MatchKind = 'full' | 'r1-only' | 'orphan';

export interface MatchInput {
  readonly map: MapInfo;
  readonly kind: MatchKind;
  readonly startMs: number;
  readonly profile: ServerProfile;
  readonly players: readonly Person[];
  readonly rates: HardCaseRates;
  /** Latent strengths decide who completes (opt-in, see latent.ts); absent, the base rate does. */
  readonly latent?: MatchLatent;
  /** For an orphan: the R1 "next time limit" values that would let an earlier R1 claim it. */
  readonly forbiddenNext?: (seconds: number) => boolean;
}

/** The latent strengths of everyone, and how strongly they and the map decide the rounds. */
export interface MatchLatent {
  readonly strengths: ReadonlyMap<string, number>;
  readonly sharpness: number;
  readonly mapBias: number;
}
