import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertWithinLimits,
  clipText,
  embedTextLength,
  fitToLimits,
  LIMITS,
  limitViolations,
  MessageLimitError,
  splitText,
} from './limits.ts';
import type { DiscordMessage } from './message.ts';

const button = (id: string) => ({
  type: ComponentType.Button as const,
  style: ButtonStyle.Primary as const,
  label: 'x',
  custom_id: id,
});

describe('limitViolations', () => {
  it('names each broken limit with its size', () => {
    const message: DiscordMessage = {
      content: 'x'.repeat(2001),
      embeds: [
        {
          title: 't'.repeat(257),
          fields: Array.from({ length: 26 }, (_, i) => ({
            name: `f${i}`,
            value: 'v'.repeat(i === 0 ? 1025 : 1),
          })),
        },
      ],
    };
    expect(limitViolations(message)).toEqual([
      'content is 2001 long; Discord allows 2000',
      'embeds[0].title is 257 long; Discord allows 256',
      'embeds[0].fields is 26 long; Discord allows 25',
      'embeds[0].fields[0].value is 1025 long; Discord allows 1024',
    ]);
  });

  it('counts the 6,000 total across all embeds of a message', () => {
    const embed = { description: 'd'.repeat(4000) };
    expect(limitViolations({ embeds: [embed] })).toEqual([]);
    expect(limitViolations({ embeds: [embed, embed] })).toEqual([
      'total embed text is 8000 long; Discord allows 6000',
    ]);
  });

  it('checks components: 5 rows of 5, custom_id ≤ 100 and unique', () => {
    const row = (ids: string[]) => ({
      type: ComponentType.ActionRow as const,
      components: ids.map(button),
    });
    expect(limitViolations({ components: [row(['a', 'b', 'c', 'd', 'e', 'f'])] })).toEqual([
      'action row 0 has 6 components; Discord allows 5',
    ]);
    expect(
      limitViolations({ components: Array.from({ length: 6 }, (_, i) => row([`r${i}`])) }),
    ).toEqual(['6 action rows; Discord allows 5']);
    expect(limitViolations({ components: [row(['x'.repeat(101)])] })[0]).toMatch(
      /custom_id .* is 101 long; Discord allows 100/,
    );
    expect(limitViolations({ components: [row(['same', 'same'])] })).toEqual([
      'custom_id "same" is used twice in one message; Discord requires unique ids',
    ]);
  });

  it('assertWithinLimits throws a MessageLimitError listing the problems', () => {
    expect(() => assertWithinLimits({ content: 'x'.repeat(2001) })).toThrow(MessageLimitError);
    expect(() => assertWithinLimits({ content: 'x'.repeat(2001) })).toThrow(/content is 2001 long/);
    expect(() => assertWithinLimits({ content: 'fine' })).not.toThrow();
  });
});

describe('fitToLimits', () => {
  it('trims an over-long message until it fits and says what it trimmed', () => {
    const message: DiscordMessage = {
      content: 'c'.repeat(2500),
      embeds: Array.from({ length: 12 }, (_, e) => ({
        title: `embed ${e}`,
        description: 'd'.repeat(5000),
        fields: Array.from({ length: 30 }, (_, f) => ({
          name: `field ${f}`,
          value: 'v'.repeat(1100),
        })),
        footer: { text: 'f'.repeat(3000) },
      })),
    };
    const { message: fitted, trimmed } = fitToLimits(message);
    expect(limitViolations(fitted)).toEqual([]);
    expect(fitted.content).toHaveLength(LIMITS.content);
    expect(fitted.content?.endsWith('…')).toBe(true);
    expect(fitted.embeds?.[0]?.title).toBe('embed 0');
    expect(trimmed).toContain('content clipped from 2500 to 2000');
    expect(trimmed).toContain('dropped 2 embeds past 10');
    expect(trimmed.some((line) => line.startsWith('total embed text cut from'))).toBe(true);
  });

  it('returns a message that already fits unchanged', () => {
    const message: DiscordMessage = {
      content: 'hello',
      embeds: [{ title: 't', fields: [{ name: 'n', value: 'v' }] }],
    };
    expect(fitToLimits(message)).toEqual({ message, trimmed: [] });
  });

  it('throws instead of dropping buttons, which would silently break the message', () => {
    const row = { type: ComponentType.ActionRow as const, components: [button('x'.repeat(101))] };
    expect(() => fitToLimits({ content: 'x', components: [row] })).toThrow(MessageLimitError);
  });

  it('always fits, whatever the sizes (property)', () => {
    const text = (max: number) => fc.string({ maxLength: max, unit: 'grapheme' });
    const embed = fc.record({
      title: text(300),
      description: text(5000),
      fields: fc.array(fc.record({ name: text(300), value: text(1200) }), { maxLength: 30 }),
      footer: fc.record({ text: text(2100) }),
    });
    fc.assert(
      fc.property(text(2100), fc.array(embed, { maxLength: 12 }), (content, embeds) => {
        const { message } = fitToLimits({ content, embeds });
        expect(limitViolations(message)).toEqual([]);
        expect(
          (message.embeds ?? []).reduce((sum, e) => sum + embedTextLength(e), 0),
        ).toBeLessThanOrEqual(LIMITS.embedTotal);
      }),
      { numRuns: 60 },
    );
  });
});

describe('clipText', () => {
  it('ends with an ellipsis and never halves a surrogate pair', () => {
    expect(clipText('abcdef', 4)).toBe('abc…');
    const clipped = clipText('ab😀😀', 4);
    expect(clipped).toBe('ab…');
    expect(clipText('short', 10)).toBe('short');
  });

  it('closes a code block it cut open', () => {
    const clipped = clipText(`\`\`\`\n${'row\n'.repeat(100)}\`\`\``, 50);
    expect(clipped.length).toBeLessThanOrEqual(50);
    expect(clipped.endsWith('```')).toBe(true);
    expect(clipped.split('```').length - 1).toBe(2);
  });
});

describe('splitText', () => {
  it('splits at line breaks into chunks within the limit, losing nothing', () => {
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(i % 40)}`).join(
      '\n',
    );
    const chunks = splitText(text, 500);
    expect(chunks.every((chunk) => chunk.length <= 500)).toBe(true);
    expect(chunks.join('\n')).toBe(text);
  });

  it('cuts a single over-long line', () => {
    expect(splitText('y'.repeat(4100))).toEqual([
      'y'.repeat(2000),
      'y'.repeat(2000),
      'y'.repeat(100),
    ]);
  });
});
