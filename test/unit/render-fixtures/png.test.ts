import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { comparePixels, decodePng } from './png.ts';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="37" height="21">
  <rect width="37" height="21" fill="#2b2d31"/>
  <circle cx="12" cy="10" r="8" fill="#e0464b"/>
  <path d="M20 2 L35 19 L20 19 Z" fill="#3b82f6" fill-opacity="0.6"/>
</svg>`;

describe('the PNG decoder used by the golden-image tests', () => {
  it('decodes what resvg encodes to exactly the pixels resvg drew', () => {
    const image = new Resvg(SVG).render();
    const decoded = decodePng(image.asPng());
    expect([decoded.width, decoded.height]).toEqual([37, 21]);
    expect(Buffer.from(decoded.rgba).equals(Buffer.from(image.pixels))).toBe(true);
  });

  it('rejects bytes that are not a PNG', () => {
    expect(() => decodePng(new TextEncoder().encode('GIF89a not a png at all'))).toThrow(
      /signature/,
    );
  });

  it('counts differing pixels above the threshold only', () => {
    const a = decodePng(new Resvg(SVG).render().asPng());
    const rgba = new Uint8Array(a.rgba);
    rgba[0] = (rgba[0] as number) + 10; // noise: ignored
    rgba[4] = 255 - (rgba[4] as number); // a real change
    const diff = comparePixels(a, { ...a, rgba });
    expect(diff.differing).toBeCloseTo(1 / (37 * 21), 6);
    expect(diff.largest).toBeGreaterThan(32);
    expect(comparePixels(a, { width: 1, height: 1, rgba: new Uint8Array(4) }).sameSize).toBe(false);
  });
});
