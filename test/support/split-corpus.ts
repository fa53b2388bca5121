import { corpusFiles } from './corpus.ts';

// The scenario merging players exists for: a regular (kris2, 0925E474) reinstalls halfway through the
// corpus and comes back as FEEDBEEF.
export const KEPT = '0925E474';
export const NEW_GUID = 'FEEDBEEF';

/** The corpus with the regular's GUID changed in the second half's raw files. */
export function splitFiles() {
  const files = corpusFiles();
  const half = Math.floor(files.length / 2);
  return files.map((file, i) => {
    if (i < half) return file;
    const text = new TextDecoder('latin1')
      .decode(file.bytes)
      .replace(new RegExp(`^${KEPT}\\\\`, 'gm'), `${NEW_GUID}\\`);
    return { name: file.name, bytes: Uint8Array.from(text, (c) => c.charCodeAt(0)) };
  });
}
