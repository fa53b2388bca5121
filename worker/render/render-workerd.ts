import resvgWasm from '@resvg/resvg-wasm/index_bg.wasm';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import yogaWasm from 'satori/yoga.wasm';
import { workerdFonts } from './fonts-workerd.ts';
import { createRenderer, type Renderer } from './renderer.ts';

// initWasm throws when called twice in one isolate, so the promise is module-wide.
let resvgReady: Promise<void> | undefined;
let fonts: ReturnType<typeof workerdFonts> | undefined;

/**
 * Worker backend: resvg and yoga come in as wasm modules the runtime compiled at upload, fonts as
 * Data modules. Create it once per isolate (module scope) so the wasm and fonts load once.
 */
export function createWorkerdRenderer(): Renderer {
  return createRenderer({
    yoga: async () => yogaWasm,
    fonts: () => {
      fonts ??= workerdFonts();
      return fonts;
    },
    start: () => {
      resvgReady ??= initWasm(resvgWasm);
      return resvgReady;
    },
    rasterise: (svg) => {
      const resvg = new Resvg(svg, { font: { loadSystemFonts: false } });
      try {
        const image = resvg.render();
        try {
          // wasm-bindgen copies the bytes out of wasm memory into a fresh ArrayBuffer.
          return image.asPng() as Uint8Array<ArrayBuffer>;
        } finally {
          image.free();
        }
      } finally {
        resvg.free();
      }
    },
  });
}
