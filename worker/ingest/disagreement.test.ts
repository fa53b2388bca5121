import { describe, expect, it } from 'vitest';
import { readStatsFile } from '../../stats/read.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { describeDisagreement } from './disagreement.ts';

const file = corpusFiles().find((f) => f.name.endsWith('-round-1.txt')) as {
  name: string;
  bytes: Uint8Array;
};
const read = readStatsFile(file.name, file.bytes);
const round = read.ok ? read.round : undefined;
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('describeDisagreement', () => {
  it('finds nothing when the agent read the same bytes the same way', () => {
    expect(describeDisagreement(viaJson(round), read)).toBeNull();
    expect(describeDisagreement(null, { ok: false, line: 1, reason: 'file is empty' })).toBeNull();
  });

  it('names the first field that differs, with both values', () => {
    const changed = viaJson(round) as { players: { extended: { xp: number } }[] };
    (changed.players[1] as { extended: { xp: number } }).extended.xp = 999_999;
    expect(describeDisagreement(changed, read)).toMatch(
      /^parsed\.players\[1\]\.extended\.xp: agent 999999, Worker \d+$/,
    );
    const fewer = viaJson(round) as { players: unknown[] };
    fewer.players.pop();
    expect(describeDisagreement(fewer, read)).toMatch(
      /^parsed\.players\.length: agent \d+, Worker \d+$/,
    );
  });

  it('reports when only one side could read the file', () => {
    expect(describeDisagreement(null, read)).toBe(
      'the agent could not read the file but the Worker could',
    );
    expect(
      describeDisagreement(viaJson(round), { ok: false, line: 3, reason: 'player team is 7' }),
    ).toBe('the agent read the file but the Worker could not (line 3: player team is 7)');
  });
});
