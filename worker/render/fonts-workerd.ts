// Wrangler bundles these as Data modules (ArrayBuffer): wrangler.toml needs
// [[rules]] type = "Data", globs = ["**/*.woff"].
import interCyrillic400 from '@fontsource/inter/files/inter-cyrillic-400-normal.woff';
import interCyrillic700 from '@fontsource/inter/files/inter-cyrillic-700-normal.woff';
import interGreek400 from '@fontsource/inter/files/inter-greek-400-normal.woff';
import interGreek700 from '@fontsource/inter/files/inter-greek-700-normal.woff';
import interLatin400 from '@fontsource/inter/files/inter-latin-400-normal.woff';
import interLatin700 from '@fontsource/inter/files/inter-latin-700-normal.woff';
import interLatinExt400 from '@fontsource/inter/files/inter-latin-ext-400-normal.woff';
import interLatinExt700 from '@fontsource/inter/files/inter-latin-ext-700-normal.woff';
import interVietnamese400 from '@fontsource/inter/files/inter-vietnamese-400-normal.woff';
import notoCyrillicExt400 from '@fontsource/noto-sans/files/noto-sans-cyrillic-ext-400-normal.woff';
import notoDevanagari400 from '@fontsource/noto-sans/files/noto-sans-devanagari-400-normal.woff';
import notoGreekExt400 from '@fontsource/noto-sans/files/noto-sans-greek-ext-400-normal.woff';
import { type LoadedFont, loadFonts } from './fonts.ts';

const BUNDLED: Record<string, ArrayBuffer> = {
  '@fontsource/inter/files/inter-latin-400-normal.woff': interLatin400,
  '@fontsource/inter/files/inter-latin-700-normal.woff': interLatin700,
  '@fontsource/inter/files/inter-latin-ext-400-normal.woff': interLatinExt400,
  '@fontsource/inter/files/inter-latin-ext-700-normal.woff': interLatinExt700,
  '@fontsource/inter/files/inter-cyrillic-400-normal.woff': interCyrillic400,
  '@fontsource/inter/files/inter-cyrillic-700-normal.woff': interCyrillic700,
  '@fontsource/inter/files/inter-greek-400-normal.woff': interGreek400,
  '@fontsource/inter/files/inter-greek-700-normal.woff': interGreek700,
  '@fontsource/inter/files/inter-vietnamese-400-normal.woff': interVietnamese400,
  '@fontsource/noto-sans/files/noto-sans-cyrillic-ext-400-normal.woff': notoCyrillicExt400,
  '@fontsource/noto-sans/files/noto-sans-greek-ext-400-normal.woff': notoGreekExt400,
  '@fontsource/noto-sans/files/noto-sans-devanagari-400-normal.woff': notoDevanagari400,
};

export function workerdFonts(): LoadedFont[] {
  return loadFonts((file) => BUNDLED[file]);
}
