import { box, type Chart, type Child, text } from '../element.ts';
import { THEME } from '../theme.ts';

const TITLE_LINE = 38;
const SUBTITLE_LINE = 24;
const HEADER_GAP = 18;
const FOOTER_LINE = 22;

export interface FrameOptions {
  readonly title: string;
  readonly subtitle?: string | undefined;
  /** A quiet line under the body, e.g. "+40 more players not shown". */
  readonly footer?: string | undefined;
  readonly width?: number;
  /** Height of `body`, which must lay out in exactly that much space. */
  readonly bodyHeight: number;
}

/** The card every chart sits in: dark background, title, optional subtitle and footer. */
export function chartFrame(options: FrameOptions, body: Child): Chart {
  const width = options.width ?? THEME.width;
  const header = TITLE_LINE + (options.subtitle ? SUBTITLE_LINE : 0) + HEADER_GAP;
  const footer = options.footer ? FOOTER_LINE + 10 : 0;
  const height = Math.ceil(THEME.padding * 2 + header + options.bodyHeight + footer);
  const tree = box(
    {
      width,
      height,
      flexDirection: 'column',
      padding: THEME.padding,
      backgroundColor: THEME.background,
      color: THEME.text,
      fontFamily: THEME.fontFamily,
      fontSize: THEME.size.body,
    },
    box(
      { flexDirection: 'column', height: header, flexShrink: 0 },
      text(
        options.title,
        { fontSize: THEME.size.title, fontWeight: 700, height: TITLE_LINE, lineHeight: 1.25 },
        true,
      ),
      options.subtitle
        ? text(
            options.subtitle,
            { fontSize: THEME.size.subtitle, color: THEME.muted, height: SUBTITLE_LINE },
            true,
          )
        : null,
    ),
    box({ flexDirection: 'column', height: options.bodyHeight, flexShrink: 0 }, body),
    options.footer
      ? text(
          options.footer,
          { fontSize: THEME.size.small, color: THEME.faint, height: FOOTER_LINE, marginTop: 10 },
          true,
        )
      : null,
  );
  return { tree, width, height };
}

/** Inner width of a frame: what a body may fill. */
export function innerWidth(width: number = THEME.width): number {
  return width - THEME.padding * 2;
}

/** A centred quiet message for a chart with nothing to show. */
export function emptyBody(message: string, height = 120): Child {
  return box(
    {
      height,
      flexGrow: 1,
      alignItems: 'center',
      justifyContent: 'center',
      backgroundColor: THEME.panel,
      borderRadius: THEME.radius,
    },
    text(message, { color: THEME.muted, fontSize: THEME.size.body }),
  );
}
