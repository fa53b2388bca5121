/**
 * What the agent does with a name in the game's `gamestats/` folder (STATS_FORMAT.md, "Companion
 * files"), decided from the name alone, so a file it skips is never even read.
 */
import { fileKind } from '../stats/file-kind.ts';
import { isStatsLuaFileName } from '../stats/stats-lua/file-name.ts';

export type Intake =
  /** Upload it: a round, an endstats companion, or some other `.txt` (for the Worker to quarantine). */
  | { readonly take: true; readonly kind: 'round' | 'endstats' | 'stats-lua' | 'other' }
  /** Leave it: never read, never sent, never a failure. */
  | { readonly take: false; readonly reason: string };

/**
 * Takes rounds, endstats companions, the round JSON stats.lua dumps (`stats-<match>-<time>-<map>-round-N.json`,
 * `DUMP_STATS_DATA`) and other `.txt` names; skips other companions and other names.
 */
export function intakeOf(fileName: string): Intake {
  if (isStatsLuaFileName(fileName)) return { take: true, kind: 'stats-lua' };
  if (!fileName.endsWith('.txt')) return { take: false, reason: 'not a .txt file' };
  const kind = fileKind(fileName);
  if (kind.kind === 'skipped') return { take: false, reason: kind.reason };
  return { take: true, kind: kind.kind };
}
