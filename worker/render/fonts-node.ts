import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type LoadedFont, loadFonts } from './fonts.ts';

const require = createRequire(import.meta.url);

/** Node only: the same faces as the Worker bundles, read from node_modules. */
export function nodeFonts(): LoadedFont[] {
  return loadFonts((file) => {
    const bytes = readFileSync(require.resolve(file));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  });
}
