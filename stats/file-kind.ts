/**
 * What a file of a game server's `gamestats/` folder is, from its name (STATS_FORMAT.md, "File name" and
 * "Companion files"): a round; a companion that belongs to a round (`…-round-N-endstats.txt`, kept with
 * it); a companion that is of no use (`…-round-N_ws.txt`: the round file holds the same figures; any
 * other suffix), skipped quietly; or something else, which the reader refuses as a round.
 */
export type FileKind =
  | { readonly kind: 'round' }
  | { readonly kind: 'endstats'; readonly roundFileName: string }
  | { readonly kind: 'skipped'; readonly roundFileName: string; readonly reason: string }
  | { readonly kind: 'other' };

const ROUND = /^\d{4}-\d{2}-\d{2}-\d{6}-.+-round-[12]\.txt$/;
const COMPANION = /^(\d{4}-\d{2}-\d{2}-\d{6}-.+-round-[12])(.+)$/;

export function fileKind(fileName: string): FileKind {
  if (ROUND.test(fileName)) return { kind: 'round' };
  const m = COMPANION.exec(fileName);
  if (!m) return { kind: 'other' };
  const roundFileName = `${m[1]}.txt`;
  const suffix = m[2] as string;
  if (suffix === '-endstats.txt') return { kind: 'endstats', roundFileName };
  if (suffix === '_ws.txt')
    return {
      kind: 'skipped',
      roundFileName,
      reason: 'a weapon-stats companion (_ws.txt): its round file holds the same figures',
    };
  return {
    kind: 'skipped',
    roundFileName,
    reason: `a companion file ("${suffix.slice(0, 40)}") that is not a round`,
  };
}
