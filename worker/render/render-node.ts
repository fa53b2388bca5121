import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { nodeFonts } from './fonts-node.ts';
import { createRenderer, type Renderer } from './renderer.ts';

const require = createRequire(import.meta.url);

/** Node backend: native resvg-js, yoga and fonts read from node_modules. Not for the Worker bundle. */
export function createNodeRenderer(): Renderer {
  let fonts: ReturnType<typeof nodeFonts> | undefined;
  return createRenderer({
    yoga: async () => readFileSync(require.resolve('satori/yoga.wasm')),
    fonts: () => {
      fonts ??= nodeFonts();
      return fonts;
    },
    start: async () => {},
    // A copy: resvg-js hands back a Buffer that may share a pooled ArrayBuffer.
    rasterise: (svg) =>
      new Uint8Array(new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng()),
  });
}
