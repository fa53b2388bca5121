import { describe, expect, it } from 'vitest';
import { decodePng } from '../../test/unit/render-fixtures/png.ts';
import { box, text } from './element.ts';
import { createNodeRenderer } from './render-node.ts';
import { withoutStackTraces } from './renderer.ts';
import { THEME } from './theme.ts';

const renderer = createNodeRenderer();
const limit = Error.stackTraceLimit;
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
    await expect(renderer.renderPng(twoChildrenNoFlex, { width: 50, height: 50 })).rejects.toThrow(
      /display: flex/,
    );
    // Stack traces are off only while satori lays out: they are back after a failed layout too.
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('x').stack).toMatch(/renderer\.test\.ts/);
  });

  it('lays out with stack traces off and puts the setting back, also when the layout throws', async () => {
    let during: number | undefined;
    expect(
      await withoutStackTraces(async () => {
        during = Error.stackTraceLimit;
        return 'drawn';
      }),
    ).toBe('drawn');
    expect(during).toBe(0);
    expect(Error.stackTraceLimit).toBe(limit);
    await expect(
      withoutStackTraces(async () => {
        throw new Error('no room for names');
      }),
    ).rejects.toThrow('no room for names');
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
