import { describe, expect, it } from 'vitest';
import { box, h, text, textsOf } from './element.ts';

describe('chart text', () => {
  it('loses controls and bidi controls however it is built, so no label reorders its line', () => {
    const tree = box(
      {},
      text('\u202eevil\u0007 12'),
      h('span', {}, 'a\u009bb', '\u2067c\u0000'),
      box({}, 'kills\u2066 3'),
    );
    expect(textsOf(tree)).toEqual(['evil 12', 'ab', 'c', 'kills 3']);
  });
});
