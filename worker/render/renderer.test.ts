import { describe, expect, it } from 'vitest';
import { decodePng } from '../../test/unit/render-fixtures/png.ts';
import { box, text } from './element.ts';
import { createNodeRenderer } from './render-node.ts';
import { withoutStackTraces } from './renderer.ts';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori/standalone';
import { THEME } from './theme.ts';

const renderer = createNodeRenderer();
const limit = Error.stackTraceLimit;

/** satori's own SVG of a tree without text (yoga is loaded by the renderer's first call). */
const rawSvg = (tree: Parameters<typeof box>[1], size: { width: number; height: number }) =>
  satori(tree as unknown as Parameters<typeof satori>[0], { ...size, fonts: [], embedFont: false });
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

  it('writes bars with rounded corners as rects that draw the same pixels as satori’s outlines', async () => {
    const bars = box(
      { width: 200, height: 60, backgroundColor: '#202020', flexDirection: 'column' },
      box({ width: 120, height: 5, backgroundColor: '#57f287', borderRadius: 3, marginTop: 7 }),
      box({ width: 3, height: 5, backgroundColor: '#ed4245', borderRadius: 3, marginTop: 7 }),
      box({ width: 90, height: 14, backgroundColor: '#5865f2', borderRadius: 4, marginTop: 7 }),
      box({ width: 90, height: 14, backgroundColor: '#f0b232', marginTop: 7 }),
    );
    const size = { width: 200, height: 60 };
    const svg = await renderer.renderSvg?.(bars, size);
    expect(svg?.match(/<rect [^>]*rx=/g)).toHaveLength(3);
    expect(svg).not.toMatch(/ a[\d.]+,[\d.]+ 0 0 1/);
    // The same picture: satori's own SVG and the compact one, rasterised alike.
    const raw = await withoutStackTraces(() => rawSvg(bars, size));
    const pixels = (text: string) =>
      new Resvg(text, { font: { loadSystemFonts: false } }).render().pixels;
    expect(Buffer.compare(pixels(raw), pixels(svg ?? ''))).toBe(0);
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
