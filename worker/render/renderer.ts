import satori, { init as initSatori } from 'satori/standalone';
import type { Element } from './element.ts';
import type { LoadedFont } from './fonts.ts';

export interface RenderSize {
  readonly width: number;
  readonly height: number;
}

/** Turns a chart tree into PNG bytes. One per process or isolate; it loads wasm and fonts once. */
export interface Renderer {
  /** The PNG bytes, in their own ArrayBuffer (ready for a Blob, a Response or FormData). */
  renderPng(tree: Element, size: RenderSize): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * The SVG satori lays out, for a web page (no rasterising): text stays text (`<text>` in the page's
   * fonts, not glyph outlines) and coordinates are rounded, so a chart weighs kilobytes, not hundreds.
   */
  renderSvg?(tree: Element, size: RenderSize): Promise<string>;
}

/**
 * satori's outline of a box with four equal corner radii: from the top edge's start, clockwise, each
 * corner a quarter arc. As a path it takes about twice the bytes of the `<rect rx>` it draws.
 */
const ROUNDED_RECT =
  /<path ([^>]*?)d="M(-?[\d.]+),(-?[\d.]+) h([\d.]+) a([\d.]+),\5 0 0 1 \5,\5 v([\d.]+) a\5,\5 0 0 1 -\5,\5 h(-?[\d.]+) a\5,\5 0 0 1 -\5,-\5 v(-?[\d.]+) a\5,\5 0 0 1 \5,-\5"([^>]*)\/>/g;

const tenth = (n: number) => Math.round(n * 10) / 10;

function roundedRect(
  path: string,
  before: string,
  x: string,
  y: string,
  across: string,
  radius: string,
  down: string,
  back: string,
  up: string,
  after: string,
): string {
  // Only a closed box: back as far as across, up as far as down (satori writes 0 unsigned).
  if (Number(back) !== -Number(across) || Number(up) !== -Number(down)) return path;
  const r = Number(radius);
  const attrs = `${before}${after}`.trim();
  return `<rect ${attrs ? `${attrs} ` : ''}x="${tenth(Number(x) - r)}" y="${y}" width="${tenth(Number(across) + 2 * r)}" height="${tenth(Number(down) + 2 * r)}" rx="${r}"/>`;
}

/**
 * satori's SVG made small enough to inline in a page (a session chart goes from ~70 KB to a fraction):
 * - coordinates to one decimal (satori writes up to 15 digits; invisible below a tenth of a pixel), only
 *   inside tags, so a figure in the text ("1.25 K/D") is shown as written;
 * - the font attributes every text repeats said once on the root, and attributes SVG ignores on text
 *   (width, height) dropped, with the clip paths that only kept words inside their boxes;
 * - the words satori places one by one on a line joined into one text run (the browser spaces them);
 * - masks and clip paths nothing refers to left out;
 * - boxes with rounded corners (bars) as `<rect rx>` instead of the path of their outline.
 */
export function compactSvg(svg: string): string {
  let out = svg.replace(/<[^>]*>/g, (tag) =>
    tag.replace(/\d+\.\d{2,}/g, (n) => String(tenth(Number(n)))),
  );
  out = out.replace(/<text ([^>]*)>/g, (_, attrs: string) => {
    const kept = attrs
      .replace(/ ?\b(width|height)="[^"]*"/g, '')
      .replace(/ ?font-style="normal"/g, '')
      .replace(/ ?font-family="[^"]*"/g, '')
      .replace(/ ?font-weight="(400|normal)"/g, '')
      .replace(/ ?clip-path="url\(#satori_cp[^"]*\)"/g, '');
    return `<text ${kept.trim()}>`;
  });
  // Words of one line: same y and look, one after the other.
  out = out.replace(
    /<text x="([\d.]+)" ([^>]*)>([^<]*)<\/text>(?:<text x="[\d.]+" \2>[^<]*<\/text>)+/g,
    (run, x: string, attrs: string) => {
      const words = [...run.matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1]).join('');
      return `<text x="${x}" ${attrs}>${words}</text>`;
    },
  );
  out = out.replace(
    /<path ([^>]*)>/g,
    (_, attrs: string) => `<path ${attrs.replace(/ ?\b(x|y|width|height)="[^"]*"/g, '').trim()}>`,
  );
  out = out.replace(ROUNDED_RECT, roundedRect);
  const used = new Set([...out.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]));
  out = out.replace(
    /<(mask|clipPath) id="([^"]+)">.*?<\/\1>/g,
    (whole, _kind: string, id: string) => (used.has(id) ? whole : ''),
  );
  return out.replace(/^<svg /, '<svg font-family="Inter,system-ui,sans-serif" ');
}

/** What differs between Node and workerd: how yoga and fonts arrive, and which resvg draws. */
export interface RenderBackend {
  /** The yoga layout engine: a compiled `WebAssembly.Module` in workerd, bytes in Node. */
  readonly yoga: () => Promise<WebAssembly.Module | ArrayBuffer | Uint8Array>;
  readonly fonts: () => LoadedFont[];
  /** Called once before the first `rasterise`. */
  readonly start: () => Promise<void>;
  readonly rasterise: (svg: string) => Uint8Array<ArrayBuffer>;
}

/**
 * Runs a satori layout with V8's stack traces off, put back as they were however it ends. satori tries
 * every string style value (each `display: flex`, colour, `center`…) as a CSS length and catches the
 * error a word throws: thousands of throws for a table chart, whose stack traces were about a third of
 * its layout time. No error of the layout loses its message, only the frames; its font and yoga promises are
 * settled before it starts, so nothing else runs while traces are off.
 */
export async function withoutStackTraces<T>(work: () => Promise<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// satori keeps one yoga instance per module, so it is initialised once whichever renderer asks first.
let yogaReady: Promise<void> | undefined;

export function createRenderer(backend: RenderBackend): Renderer {
  let ready: Promise<LoadedFont[]> | undefined;
  const start = async (): Promise<LoadedFont[]> => {
    yogaReady ??= backend
      .yoga()
      .then((yoga) => initSatori(yoga))
      .catch((error: unknown) => {
        yogaReady = undefined;
        throw error;
      });
    await Promise.all([yogaReady, backend.start()]);
    // The same array every time: satori caches parsed fonts per array.
    return backend.fonts();
  };
  const layout = async (tree: Element, size: RenderSize, embedFont: boolean) => {
    if (!(size.width > 0 && size.height > 0 && size.width <= 4096 && size.height <= 8192)) {
      throw new Error(`chart size ${size.width}x${size.height} is outside 1x1..4096x8192`);
    }
    if (!ready) {
      ready = start();
      // A failed start (a missing font, a wasm that would not load) is retried by the next call.
      ready.catch(() => {
        ready = undefined;
      });
    }
    const fonts = await ready;
    // satori's types ask for a ReactNode; a `{ type, props }` tree is what React elements are.
    return withoutStackTraces(() =>
      satori(tree as unknown as Parameters<typeof satori>[0], {
        width: Math.round(size.width),
        height: Math.round(size.height),
        fonts: fonts as unknown as Parameters<typeof satori>[1]['fonts'],
        embedFont,
      }),
    );
  };
  return {
    async renderPng(tree, size) {
      return backend.rasterise(await layout(tree, size, true));
    },
    async renderSvg(tree, size) {
      return compactSvg(await layout(tree, size, false));
    },
  };
}
