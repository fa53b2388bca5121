import { generateCorpus } from '../generator/index.ts';
import { readStatsFile } from '../stats/read.ts';
import { realCrlfCopies, realRoundFiles } from '../test/support/realdata.ts';

const RUNS = 7;
/** The reader must keep up with bulk imports: files per second on one core. */
const TARGET_FILES_PER_S = 20_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface File {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Reads `files` `repeat` times per run, RUNS runs, and prints the median files/s and MB/s by wall clock
 * and by this process's CPU time (which a busy machine disturbs less), against the target.
 */
function timeReading(label: string, files: readonly File[], expectReadable: number, repeat = 1) {
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0) * repeat;
  let accepted = 0;
  // Warm-up pass: lets the JIT settle and checks the reader agrees with what the files are.
  for (const f of files) if (readStatsFile(f.name, f.bytes).ok) accepted++;
  if (accepted !== expectReadable)
    throw new Error(`${label}: reader accepted ${accepted} files, expected ${expectReadable}`);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const startCpu = process.cpuUsage();
    const start = performance.now();
    for (let r = 0; r < repeat; r++) for (const f of files) readStatsFile(f.name, f.bytes);
    wall.push((performance.now() - start) / 1000);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1e6);
  }
  const count = files.length * repeat;
  const rate = (seconds: number) =>
    `${Math.round(count / seconds).toLocaleString('en-US')} files/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`;
  console.log(
    `parse ${label}: ${files.length} files × ${repeat} (${(bytes / 1e6).toFixed(1)} MB, ${files.length - accepted} unreadable), median of ${RUNS} runs, one thread`,
  );
  console.log(`parse ${label}: wall ${rate(median(wall))}`);
  console.log(`parse ${label}: cpu  ${rate(median(cpu))}`);
  const best = count / Math.min(median(wall), median(cpu));
  console.log(
    `parse ${label}: target ${TARGET_FILES_PER_S.toLocaleString('en-US')} files/s ${best >= TARGET_FILES_PER_S ? 'met' : 'NOT met'}`,
  );
}

/**
 * Parse throughput of the stats reader on one thread: generated round files (with the hard cases and
 * 1% unreadable files), then the real server's files (../shared/realdata, with their CRLF copies).
 */
export default async function benchParse(): Promise<void> {
  const { files, truth } = generateCorpus({
    seed: 20_251_002,
    evenings: 420,
    players: 300,
    malformed: 60,
  });
  timeReading('generated', files, truth.rounds.length);
  const real = [...realRoundFiles(), ...realCrlfCopies()];
  // 120 files are read in well under a millisecond: repeat them so a run lasts long enough to time.
  timeReading('real files', real, real.length, 50);
}
