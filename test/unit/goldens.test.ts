import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compareWithGolden, MAX_CHANGED_SHARE } from '../support/goldens.ts';

const dir = mkdtempSync(join(tmpdir(), 'etstats-goldens-'));
const dirs = { goldens: join(dir, 'goldens'), out: join(dir, 'out') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A white 200×100 picture with black text-like bars, `paint` changing pixels before encoding. */
function picture(paint: (png: PNG) => void = () => {}, width = 200): Buffer {
  const png = new PNG({ width, height: 100 });
  png.data.fill(255);
  for (let y = 20; y < 30; y++)
    for (let x = 10; x < 150; x++) png.data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
  paint(png);
  return PNG.sync.write(png);
}

function fillRect(png: PNG, x0: number, y0: number, x1: number, y1: number, rgb: number[]) {
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) png.data.set(rgb, (y * png.width + x) * 4);
}

describe('golden screenshots', () => {
  it('writes the golden under UPDATE_GOLDENS=1, then accepts the same picture', () => {
    vi.stubEnv('UPDATE_GOLDENS', '1');
    expect(compareWithGolden('page', picture(), dirs).changedShare).toBeNull();
    vi.unstubAllEnvs();
    expect(compareWithGolden('page', picture(), dirs).changedShare).toBe(0);
  });

  it('tolerates a small change (a figure redrawn) and fails a broken layout, writing its diff', () => {
    vi.stubEnv('UPDATE_GOLDENS', '1');
    compareWithGolden('layout', picture(), dirs);
    vi.unstubAllEnvs();
    const small = compareWithGolden(
      'layout',
      picture((png) => fillRect(png, 160, 20, 170, 30, [0, 0, 0])),
      dirs,
    );
    expect(small.changedShare).toBeGreaterThan(0);
    expect(small.changedShare).toBeLessThanOrEqual(MAX_CHANGED_SHARE);
    // The bars moved down half the picture: what a lost stylesheet or a collapsed column does.
    const broken = compareWithGolden(
      'layout',
      picture((png) => fillRect(png, 0, 0, 200, 60, [40, 90, 200])),
      dirs,
    );
    expect(broken.changedShare).toBeGreaterThan(MAX_CHANGED_SHARE);
    expect(broken.diffPath).toBe(join(dirs.out, 'layout.diff.png'));
  });

  it('refuses a picture of another size and a missing golden, saying how to write one', () => {
    writeFileSync(join(dirs.goldens, 'sized.png'), picture());
    expect(() =>
      compareWithGolden(
        'sized',
        picture(() => {}, 300),
        dirs,
      ),
    ).toThrow(/300×100, its golden 200×100/);
    expect(() => compareWithGolden('none', picture(), dirs)).toThrow(/UPDATE_GOLDENS=1/);
  });
});
