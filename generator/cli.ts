import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './index.ts';

/**
 * Writes a generated corpus like ../shared/corpus: `<out>/stats/*.txt` and `<out>/truth.json`.
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
    },
  });
  if (!values.out) {
    console.error(
      'usage: generate --out <dir> [--seed n] [--evenings n] [--players n] [--malformed n] [--start YYYY-MM-DD]',
    );
    return 2;
  }
  const number = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n))
      throw new RangeError(`--${name} must be a whole number, got "${text}"`);
    return n;
  };
  const { files, truth } = generateCorpus({
    seed: number('seed', values.seed),
    evenings: number('evenings', values.evenings),
    players: number('players', values.players),
    malformed: number('malformed', values.malformed),
    ...(values.start ? { startDate: values.start } : {}),
  });
  const dir = join(values.out, 'stats');
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  writeFileSync(join(values.out, 'truth.json'), `${JSON.stringify(truth, null, 1)}\n`);
  console.log(
    `wrote ${files.length} files (${truth.rounds.length} rounds, ${truth.malformed.length} malformed) and truth.json to ${values.out}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
