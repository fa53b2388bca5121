import { MAYBE_SUMMABLE, SUMMABLE, type Totals } from '../../worker/queries/totals.ts';

/**
 * A player's totals as the queries return them, every summable figure `value(key, i)` (0 by default),
 * every figure older files lack known in all the rounds: a fixture for message and award tests.
 */
export function totalsFixture(value: (key: string, index: number) => number = () => 0): Totals {
  const figures = Object.fromEntries([...SUMMABLE, 'rounds'].map((key, i) => [key, value(key, i)]));
  const rounds = figures.rounds as number;
  const known = Object.fromEntries(MAYBE_SUMMABLE.map((key) => [key, rounds]));
  return { ...figures, known_rounds: known } as unknown as Totals;
}
