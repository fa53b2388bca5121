import { describe, expect, it } from 'vitest';
import { decodePng } from '../../test/unit/render-fixtures/png.ts';
import { box, text } from './element.ts';
import { createNodeRenderer } from './render-node.ts';
import { THEME } from './theme.ts';

const renderer = createNodeRenderer();
const card = box(
  { width: 120, height: 40, backgroundColor: '#ff0000', fontFamily: THEME.fontFamily },
  text('Hi', { color: '#ffffff' }),
);

describe('the renderer', () => {
  it('renders a tree to a PNG of exactly the requested size, painting its colours', async () => {
    const pixels = decodePng(await renderer.renderPng(card, { width: 120, height: 40 }));
    expect([pixels.width, pixels.height]).toEqual([120, 40]);
    expect([...pixels.rgba.subarray(0, 4)]).toEqual([255, 0, 0, 255]);
  });

  it('refuses sizes no chart should have, naming them', async () => {
    await expect(renderer.renderPng(card, { width: 0, height: 40 })).rejects.toThrow(/0x40/);
    await expect(renderer.renderPng(card, { width: 120, height: 10_000 })).rejects.toThrow(
      /120x10000/,
    );
  });

  it('reports a tree satori cannot lay out instead of drawing something wrong', async () => {
    const twoChildrenNoFlex = {
      type: 'div',
      props: { style: { display: 'block' }, children: [text('a'), text('b')] },
    };
    await expect(
      renderer.renderPng(twoChildrenNoFlex, { width: 50, height: 50 }),
    ).rejects.toThrow();
  });
});
