import { describe, expect, it } from 'vitest';
import { realCompanions } from '../test/support/realdata.ts';
import { readEndStats } from './endstats.ts';
import { fileKind } from './file-kind.ts';
import { normalizedBytes, normalizedSha256Hex } from './file-id.ts';

const text = (s: string) => new TextEncoder().encode(s);
const back = (b: Uint8Array) => new TextDecoder().decode(b);

describe('file identity', () => {
  it('compares copies without CR before LF, blanks at line ends or empty lines at the end', async () => {
    const plain = 'h\\x\nA\\b 1\t2\n';
    for (const copy of ['h\\x\r\nA\\b 1\t2\r\n', 'h\\x  \nA\\b 1\t2\t \n\n\r\n \n', plain]) {
      expect(back(normalizedBytes(text(copy))), JSON.stringify(copy)).toBe(plain);
      expect(await normalizedSha256Hex(text(copy))).toBe(await normalizedSha256Hex(text(plain)));
    }
  });

  it('keeps what tells two files apart: content, and a last line cut off before its line end', async () => {
    expect(back(normalizedBytes(text('a\nb')))).toBe('a\nb');
    expect(await normalizedSha256Hex(text('a\nb'))).not.toBe(
      await normalizedSha256Hex(text('a\nb\n')),
    );
    expect(back(normalizedBytes(text('a b\nc\td\n')))).toBe('a b\nc\td\n');
    expect(normalizedBytes(text('\n\n\r\n')).length).toBe(0);
  });
});

describe('file kinds', () => {
  it('tells rounds, endstats companions, skipped companions and other files apart', () => {
    expect(fileKind('2025-10-02-211808-etl_adlernest-round-1.txt')).toEqual({ kind: 'round' });
    expect(fileKind('2026-01-12-224606-te_escape2-round-2-endstats.txt')).toEqual({
      kind: 'endstats',
      roundFileName: '2026-01-12-224606-te_escape2-round-2.txt',
    });
    expect(fileKind('2025-10-02-211808-supply-round-1_ws.txt')).toMatchObject({
      kind: 'skipped',
      roundFileName: '2025-10-02-211808-supply-round-1.txt',
      reason: expect.stringMatching(/_ws\.txt/),
    });
    expect(fileKind('2025-10-02-211808-supply-round-1.txt.bak')).toMatchObject({ kind: 'skipped' });
    expect(fileKind('not-a-stats-file.txt')).toEqual({ kind: 'other' });
  });
});

describe('endstats companions', () => {
  it('reads the real companion: its 23 awards, units, repeats, and the head-to-head lines', () => {
    const [file] = realCompanions();
    const read = readEndStats((file as { bytes: Uint8Array }).bytes);
    expect(read.awards).toHaveLength(23);
    expect(read.awards[0]).toEqual({
      award: 'Most damage given',
      player: 'vid',
      value: 3214,
      unit: null,
    });
    expect(read.awards).toContainEqual({
      award: 'Most playtime denied',
      player: 'v_kt_r',
      value: 113,
      unit: 'seconds',
    });
    expect(read.awards.filter((a) => a.award === 'Longest killing spree')).toHaveLength(2);
    expect(read.versus).toHaveLength(18);
    expect(read.versus[0]).toEqual({
      player: null,
      guid: null,
      opponent: 'carniee',
      kills: 4,
      deaths: 0,
    });
    expect(read.unread).toEqual([]);
  });

  it('attributes head-to-head lines to the VS_HEADER player, strips colours, keeps odd lines apart', () => {
    const guid = 'A'.repeat(32);
    const read = readEndStats(
      text(`Most kills\t1337\t12\nVS_HEADER\t^1Bob\t${guid}\n^2Al\t3\t1\nbroken line\n`),
    );
    expect(read.awards).toEqual([{ award: 'Most kills', player: '1337', value: 12, unit: null }]);
    expect(read.versus).toEqual([{ player: 'Bob', guid, opponent: 'Al', kills: 3, deaths: 1 }]);
    expect(read.unread).toEqual([4]);
  });

  it('refuses a companion holding a NUL or another control character whole, naming the line', () => {
    const [file] = realCompanions();
    const real = (file as { bytes: Uint8Array }).bytes;
    expect(readEndStats(real).refused).toBeUndefined();
    const second = real.indexOf(0x0a) + 5;
    const poisoned = new Uint8Array([...real.subarray(0, second), 0, ...real.subarray(second)]);
    expect(readEndStats(poisoned)).toEqual({
      awards: [],
      versus: [],
      unread: [],
      refused: {
        line: 2,
        reason: 'line holds the control character U+0000, which a stats file never has',
      },
    });
    expect(readEndStats(text('Most kills\tBob\t12\nVS_HEADER\t\u001bBob\tA\n')).refused).toEqual({
      line: 2,
      reason: 'line holds the control character U+001B, which a stats file never has',
    });
  });
});
