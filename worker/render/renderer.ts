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
 * Coordinates to one decimal: satori writes up to 15 digits, invisible below a tenth of a pixel. Only
 * inside tags: a figure in the text ("1.25 K/D") is shown as written.
 */
export function compactSvg(svg: string): string {
  return svg.replace(/<[^>]*>/g, (tag) =>
    tag.replace(/\d+\.\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10)),
  );
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
    return satori(tree as unknown as Parameters<typeof satori>[0], {
      width: Math.round(size.width),
      height: Math.round(size.height),
      fonts: fonts as unknown as Parameters<typeof satori>[1]['fonts'],
      embedFont,
    });
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
