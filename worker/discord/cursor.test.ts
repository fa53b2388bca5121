import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCustomIdParts,
  decodePageCursor,
  encodeCustomId,
  encodePageCursor,
  pageButtons,
} from './cursor.ts';
import { limitViolations } from './limits.ts';

describe('custom ids', () => {
  it('round-trips parts that contain the separator and the escape character', () => {
    const id = encodeCustomId('link', ['confirm', 'a:b', '100%', 42]);
    expect(id).toBe('link:confirm:a%3Ab:100%25:42');
    expect(decodeCustomIdParts(id.slice('link:'.length))).toEqual(['confirm', 'a:b', '100%', '42']);
  });

  it('refuses an id over 100 characters with a clear error', () => {
    expect(() => encodeCustomId('sessions', ['x'.repeat(100)])).toThrow(
      /is 109 characters; Discord allows 100/,
    );
  });
});

describe('page cursor', () => {
  it('round-trips page and arguments (property) and stays within 100 characters', () => {
    const arg = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.array(arg, { maxLength: 4 }), (page, args) => {
        const id = encodePageCursor('sessions', 'page', { page, args });
        expect(id.length).toBeLessThanOrEqual(100);
        expect(id.startsWith('sessions:')).toBe(true);
        expect(decodePageCursor(id.slice('sessions:'.length))).toEqual({
          action: 'page',
          cursor: { page, args },
        });
      }),
      { numRuns: 200 },
    );
  });

  it('is compact: page numbers are base 36', () => {
    expect(encodePageCursor('top', 'kd', { page: 1295, args: ['30d'] }, '>')).toBe(
      'top:kd:>zz:30d',
    );
  });

  it('reads anything else as "not a cursor" instead of throwing', () => {
    expect(decodePageCursor('')).toBeNull();
    expect(decodePageCursor('page')).toBeNull();
    expect(decodePageCursor('page:12')).toBeNull();
    expect(decodePageCursor('page:>!!')).toBeNull();
  });
});

describe('pageButtons', () => {
  it('gives previous, position and next distinct ids, even on a single page', () => {
    for (const [page, pageCount] of [
      [0, 1],
      [0, 5],
      [2, 5],
      [4, 5],
    ] as const) {
      const row = pageButtons('sessions', 'page', { page, pageCount, args: ['all'] });
      expect(limitViolations({ components: [row] })).toEqual([]);
      const [previous, position, next] = row.components;
      expect(previous?.disabled).toBe(page === 0);
      expect(next?.disabled).toBe(page === pageCount - 1);
      expect(position?.label).toBe(`${page + 1} / ${pageCount}`);
      expect(decodePageCursor(next!.custom_id.slice('sessions:'.length))?.cursor.page).toBe(
        Math.min(page + 1, pageCount - 1),
      );
      expect(decodePageCursor(previous!.custom_id.slice('sessions:'.length))?.cursor.page).toBe(
        Math.max(page - 1, 0),
      );
    }
  });
});
