import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './index.ts';

/**
 * Writes a generated corpus like ../shared/corpus: `<out>/stats/*.txt` and `<out>/truth.json`; with
 * `--crlf-copies` or `--companions` (shares from 0 to 1) also `<out>/crlf/` and `<out>/companions/`,
 * laid out like ../shared/realdata.
 *
 * @example
 * npx tsx generator/cli.ts --out /tmp/corpus --seed 1 --evenings 16 --players 30 --malformed 13
 */
function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      evenings: { type: 'string', default: '16' },
      players: { type: 'string', default: '30' },
      malformed: { type: 'string', default: '0' },
      start: { type: 'string' },
      'crlf-copies': { type: 'string', default: '0' },
      companions: { type: 'string', default: '0' },
    },
  });
  if (!values.out) {
    console.error(
      'usage: generate --out <dir> [--seed n] [--evenings n] [--players n] [--malformed n] [--start YYYY-MM-DD] [--crlf-copies share] [--companions share]',
    );
    return 2;
  }
  const number = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n))
      throw new RangeError(`--${name} must be a whole number, got "${text}"`);
    return n;
  };
  const share = (name: string, text: string) => {
    const n = Number(text);
    if (!(n >= 0 && n <= 1)) throw new RangeError(`--${name} must be from 0 to 1, got "${text}"`);
    return n;
  };
  const { files, copies, companions, truth } = generateCorpus({
    seed: number('seed', values.seed),
    evenings: number('evenings', values.evenings),
    players: number('players', values.players),
    malformed: number('malformed', values.malformed),
    ...(values.start ? { startDate: values.start } : {}),
    crlfCopies: share('crlf-copies', values['crlf-copies']),
    companions: share('companions', values.companions),
  });
  const dir = join(values.out, 'stats');
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  for (const f of [...copies, ...companions]) {
    mkdirSync(join(values.out, f.path, '..'), { recursive: true });
    writeFileSync(join(values.out, f.path), f.bytes);
  }
  writeFileSync(join(values.out, 'truth.json'), `${JSON.stringify(truth, null, 1)}\n`);
  console.log(
    `wrote ${files.length} files (${truth.rounds.length} rounds, ${truth.malformed.length} malformed), ${copies.length} CRLF copies, ${companions.length} companions and truth.json to ${values.out}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
