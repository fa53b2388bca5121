/**
 * The bundled font faces, in fallback order. Satori takes a glyph from the first face that has it:
 * Inter for Latin (accented Latin is in its latin-ext subset), Cyrillic and Greek; Noto Sans for the
 * scripts Inter lacks. Files are `.woff` because satori 0.32 cannot read WOFF2.
 * Both backends load exactly this list: `fonts-node.ts` from disk, `fonts-workerd.ts` as bundled modules.
 */
export interface FontFace {
  readonly name: string;
  readonly weight: 400 | 700;
  /** Path inside node_modules, the module specifier the Worker bundle imports. */
  readonly file: string;
}

export interface LoadedFont {
  readonly name: string;
  readonly weight: 400 | 700;
  readonly style: 'normal';
  readonly data: ArrayBuffer;
}

// Each subset gets its own family name: satori keeps one face per name and weight, so subsets
// sharing "Inter" would replace each other. It falls back across families glyph by glyph.
const inter = (subset: string, weight: 400 | 700): FontFace => ({
  name: subset === 'latin' ? 'Inter' : `Inter ${subset}`,
  weight,
  file: `@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`,
});
const noto = (subset: string): FontFace => ({
  name: `Noto Sans ${subset}`,
  weight: 400,
  file: `@fontsource/noto-sans/files/noto-sans-${subset}-400-normal.woff`,
});

export const FONT_FACES: readonly FontFace[] = [
  inter('latin', 400),
  inter('latin', 700),
  inter('latin-ext', 400),
  inter('latin-ext', 700),
  inter('cyrillic', 400),
  inter('cyrillic', 700),
  inter('greek', 400),
  inter('greek', 700),
  inter('vietnamese', 400),
  noto('cyrillic-ext'),
  noto('greek-ext'),
  noto('devanagari'),
];

/** Pairs each face with its bytes; a missing file is a build mistake, so it throws naming the file. */
export function loadFonts(bytesOf: (file: string) => ArrayBuffer | undefined): LoadedFont[] {
  return FONT_FACES.map((face) => {
    const data = bytesOf(face.file);
    if (!data)
      throw new Error(
        `font file ${face.file} is not bundled: add it to the font imports of this backend`,
      );
    return { name: face.name, weight: face.weight, style: 'normal', data };
  });
}
