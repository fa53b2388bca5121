// Golden screenshots: a few pages' pictures committed in test/browser/goldens/, each new screenshot compared
// with its golden pixel by pixel with a tolerance. `UPDATE_GOLDENS=1 npm run test:browser` rewrites them
// (after a deliberate change of the pages; look at them before committing).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export const GOLDENS_DIR = fileURLToPath(new URL('../browser/goldens/', import.meta.url));
/** Every screenshot of the suite, and each failed comparison's diff (git-ignored). */
export const BROWSER_OUT = fileURLToPath(new URL('../../.browser-out/', import.meta.url));

// How far a pixel's colour may move before it counts as changed (pixelmatch's OKLab distance; 0.1 is its
// default): glyph antialiasing and hinting differ a little between machines and font versions, and
// pixelmatch leaves antialiased pixels out of the count anyway.
const PIXEL_THRESHOLD = 0.2;
/**
 * The share of pixels that may change: a changed figure or date moves a few hundred pixels (well under
 * 0.5 %), while a page that lost its stylesheet, a column or a chart changes a large part of the screen.
 */
export const MAX_CHANGED_SHARE = 0.02;

export interface GoldenComparison {
  /** Null when the golden was (re)written. */
  changedShare: number | null;
  diffPath?: string;
}

/** Compares `png` with the golden `name`.png of `dirs.goldens`; writes it instead when UPDATE_GOLDENS=1. */
export function compareWithGolden(
  name: string,
  png: Buffer,
  dirs: { goldens: string; out: string } = { goldens: GOLDENS_DIR, out: BROWSER_OUT },
): GoldenComparison {
  const goldenPath = join(dirs.goldens, `${name}.png`);
  if (process.env.UPDATE_GOLDENS === '1') {
    mkdirSync(dirs.goldens, { recursive: true });
    writeFileSync(goldenPath, png);
    return { changedShare: null };
  }
  if (!existsSync(goldenPath))
    throw new Error(
      `No golden ${goldenPath}: run UPDATE_GOLDENS=1 npm run test:browser, look at it, commit it.`,
    );
  const golden = PNG.sync.read(readFileSync(goldenPath));
  const actual = PNG.sync.read(png);
  if (golden.width !== actual.width || golden.height !== actual.height)
    throw new Error(
      `${name}: the screenshot is ${actual.width}×${actual.height}, its golden ${golden.width}×${golden.height}.`,
    );
  const diff = new PNG({ width: golden.width, height: golden.height });
  const changed = pixelmatch(golden.data, actual.data, diff.data, golden.width, golden.height, {
    threshold: PIXEL_THRESHOLD,
  });
  const changedShare = changed / (golden.width * golden.height);
  if (changedShare <= MAX_CHANGED_SHARE) return { changedShare };
  mkdirSync(dirs.out, { recursive: true });
  const diffPath = join(dirs.out, `${name}.diff.png`);
  writeFileSync(diffPath, PNG.sync.write(diff));
  writeFileSync(join(dirs.out, `${name}.actual.png`), png);
  return { changedShare, diffPath };
}
