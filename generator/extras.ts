import { endstatsFile, wsFile } from './companions.ts';
import type { Evening } from './evening.ts';
import { createRandom } from './random.ts';
import type { Truth, TruthPlayer } from './truth.ts';

/** A file that is not a round of its own, named by where it sits: `crlf/<name>`, `companions/<name>`. */
export interface ExtraFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** The same bytes with Windows line ends, as a backup copied through Windows has them. */
function withCrlf(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i - 1] !== 0x0d) out.push(0x0d);
    out.push(bytes[i] as number);
  }
  return new Uint8Array(out);
}

/** CRLF copies and companion files, drawn from their own stream so that they never change the rounds. */
export function extras(
  evenings: readonly Evening[],
  options: { readonly seed: number; readonly crlfCopies: number; readonly companions: number },
): {
  copies: ExtraFile[];
  companions: ExtraFile[];
  truth: Pick<Truth, 'duplicates' | 'companions'>;
} {
  const random = createRandom(options.seed ^ 0x2c0ffee);
  const copyShare = options.crlfCopies;
  const companionShare = options.companions;
  const copies: ExtraFile[] = [];
  const companions: ExtraFile[] = [];
  const duplicates: Record<string, string> = {};
  const companionOf: Record<string, string | null> = {};
  const add = (name: string, bytes: Uint8Array, round: string | null) => {
    const path = `companions/${name}`;
    companions.push({ name, path, bytes });
    companionOf[path] = round;
  };
  for (const evening of evenings) {
    const withHeaders = random.chance(0.5);
    for (const f of evening.files) {
      if (random.chance(copyShare)) {
        copies.push({ name: f.name, path: `crlf/${f.name}`, bytes: withCrlf(f.bytes) });
        duplicates[`crlf/${f.name}`] = f.name;
      }
      const players = f.truth.players;
      if (!players || f.lines.length === 0) continue;
      if (random.chance(companionShare)) {
        const bytes = endstatsFile(
          f.lines.map((l) => ({ guid: l.guid, figures: players[l.guid] as TruthPlayer })),
          { withHeaders, crlf: random.chance(0.5) },
          random,
        );
        add(f.name.replace(/\.txt$/, '-endstats.txt'), bytes, f.name);
      }
      if (f.layout < 38 && random.chance(companionShare))
        add(f.name.replace(/\.txt$/, '_ws.txt'), wsFile(f.lines), f.name);
    }
    for (const lost of evening.lost) {
      if (!random.chance(companionShare)) continue;
      const bytes = endstatsFile(
        Object.entries(lost.players).map(([guid, figures]) => ({ guid, figures })),
        { withHeaders, crlf: random.chance(0.5) },
        random,
      );
      add(lost.name.replace(/\.txt$/, '-endstats.txt'), bytes, null);
    }
  }
  return { copies, companions, truth: { duplicates, companions: companionOf } };
}
