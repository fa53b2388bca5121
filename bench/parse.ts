import { generateCorpus } from '../generator/index.ts';
import { readStatsFile } from '../stats/read.ts';

const RUNS = 7;
/** The reader must keep up with bulk imports: files per second on one core. */
const TARGET_FILES_PER_S = 20_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Parse throughput of the stats reader on one thread: generated round files (with the hard cases
 * and 1% unreadable files) read over and over; reports the median of a few runs in files/s and
 * MB/s, by wall clock and by this process's CPU time (which a busy machine disturbs less).
 */
export default async function benchParse(): Promise<void> {
  const { files, truth } = generateCorpus({
    seed: 20_251_002,
    evenings: 420,
    players: 300,
    malformed: 60,
  });
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  let accepted = 0;
  // Warm-up pass: lets the JIT settle and checks the reader agrees with the generator.
  for (const f of files) if (readStatsFile(f.name, f.bytes).ok) accepted++;
  if (accepted !== truth.rounds.length) {
    throw new Error(
      `reader accepted ${accepted} files, the generator wrote ${truth.rounds.length} readable ones`,
    );
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const startCpu = process.cpuUsage();
    const start = performance.now();
    for (const f of files) readStatsFile(f.name, f.bytes);
    wall.push((performance.now() - start) / 1000);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1e6);
  }
  const rate = (seconds: number) =>
    `${Math.round(files.length / seconds).toLocaleString('en-US')} files/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`;
  console.log(
    `parse: ${files.length} files (${(bytes / 1e6).toFixed(1)} MB, ${files.length - accepted} unreadable), median of ${RUNS} runs, one thread`,
  );
  console.log(`parse: wall ${rate(median(wall))}`);
  console.log(`parse: cpu  ${rate(median(cpu))}`);
  const best = files.length / Math.min(median(wall), median(cpu));
  console.log(
    `parse: target ${TARGET_FILES_PER_S.toLocaleString('en-US')} files/s ${best >= TARGET_FILES_PER_S ? 'met' : 'NOT met'}`,
  );
}
