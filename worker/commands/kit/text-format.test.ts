import { describe, expect, it } from 'vitest';
import {
  codeTable,
  formatCount,
  formatKnownCount,
  formatMinutes,
  formatPercent,
  nameList,
  PHONE_WIDTH,
  playerName,
  share,
} from './text-format.ts';

describe('number formats', () => {
  it('groups thousands, keeps percentages to one decimal, and shows "–" for nothing to divide', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1200)).toBe('-1,200');
    expect(formatPercent(share(1, 3))).toBe('33.3%');
    expect(formatPercent(share(5, 0))).toBe('–');
    expect(formatMinutes(45.4)).toBe('45m');
    expect(formatMinutes(125)).toBe('2h 05m');
  });
});

describe('figures older files do not carry', () => {
  it('says "not recorded", never 0, and over how many rounds a figure was known', () => {
    expect(formatKnownCount(null, 0, 12)).toBe('not recorded');
    expect(formatKnownCount(0, 0, 12)).toBe('not recorded');
    expect(formatKnownCount(1234, 5, 12)).toBe('1,234 (in 5 of 12 rounds)');
    expect(formatKnownCount(7, 12, 12)).toBe('7');
    expect(formatKnownCount(58, 29, 71, 'given')).toBe('58 given (in 29 of 71 rounds)');
  });
});

describe('names', () => {
  it('escapes markdown and mentions, and never prints an empty name', () => {
    expect(playerName('*olz* @everyone')).toBe('\\*olz\\* @\u200beveryone');
    expect(playerName('  ')).toBe('(no name)');
  });

  it('lists names up to a length, then says how many more', () => {
    const names = Array.from({ length: 100 }, (_, i) => `player_${i}`);
    const listed = nameList(names, 200);
    expect(listed.length).toBeLessThanOrEqual(200);
    expect(listed).toMatch(/^player\\_0, player\\_1, .* and \d+ more$/);
    expect(nameList(['a', 'b'])).toBe('a, b');
  });
});

describe('codeTable', () => {
  it('pads columns, aligns numbers right, and cuts the shrinking column to fit a phone', () => {
    const table = codeTable(
      [
        { header: 'Player', shrink: true },
        { header: 'Kills', align: 'right' },
      ],
      [
        ['a-very-long-player-name-that-goes-on-and-on', '1,234'],
        ['bo', '7'],
      ],
    );
    const lines = table.split('\n');
    expect(lines[0]).toBe('```');
    expect(lines.at(-1)).toBe('```');
    expect(lines.slice(1, -1).every((line) => line.length <= PHONE_WIDTH)).toBe(true);
    expect(lines[2]).toBe('a-very-long-player-name-that-go… 1,234');
    expect(lines[2]).toHaveLength(PHONE_WIDTH);
    expect(lines[3]).toMatch(/^bo\s+7$/);
    expect(lines[3]!.length).toBe(lines[2]!.length);
  });

  it('keeps a backtick in a name from closing the code block', () => {
    const table = codeTable([{ header: 'Player' }], [['```evil']]);
    expect(table.split('```')).toHaveLength(3);
  });
});
