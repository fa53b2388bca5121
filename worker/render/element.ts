import { stripControls } from '../../stats/display-text.ts';

/**
 * A satori element: the `{ type, props }` shape of a React element, built without React.
 * Charts are trees of these, so they are plain data a test can inspect.
 */
export interface Element {
  readonly type: string;
  readonly props: Readonly<Record<string, unknown>>;
}

export type Child = Element | string | null | undefined | false;
export type Style = Readonly<Record<string, string | number>>;

/** A chart ready to render: its tree and the pixel size it was laid out for. */
export interface Chart {
  readonly tree: Element;
  readonly width: number;
  readonly height: number;
}

/**
 * An element. Every string child loses its controls and bidi controls (stripControls): all chart
 * text passes here, so none can reorder a label or the figures beside it, whoever built the chart.
 */
export function h(type: string, props: Record<string, unknown>, ...children: Child[]): Element {
  const kids = children
    .filter((c): c is Element | string => c !== null && c !== undefined && c !== false)
    .map((c) => (typeof c === 'string' ? stripControls(c) : c));
  if (kids.length === 0) return { type, props };
  return { type, props: { ...props, children: kids.length === 1 ? kids[0] : kids } };
}

/** A flex box. Satori requires `display: flex` on every div with more than one child. */
export function box(style: Style, ...children: Child[]): Element {
  return h('div', { style: { display: 'flex', ...style } }, ...children);
}

const CLIP = { overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' } as const;

/**
 * One line of text; `clip` cuts it with an ellipsis when it overflows its box. A div with a single
 * child is already a flex box in satori, so no `display` is set: every style property costs layout time.
 */
export function text(content: string, style: Style = {}, clip = false): Element {
  return h('div', { style: clip ? { ...CLIP, ...style } : style }, content);
}

/** Every string in a tree, in document order: what tests read instead of pixels. */
export function textsOf(node: Child | readonly Child[]): string[] {
  if (node === null || node === undefined || node === false) return [];
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap((n: Child) => textsOf(n));
  const el = node as Element;
  const children = el.props['children'] as Child | Child[] | undefined;
  return children === undefined ? [] : textsOf(children);
}

/** Every element of a given type (e.g. "polyline") in a tree: what tests count instead of pixels. */
export function elementsOfType(node: Child | readonly Child[], type: string): Element[] {
  if (node === null || node === undefined || node === false || typeof node === 'string') return [];
  if (Array.isArray(node)) return node.flatMap((n: Child) => elementsOfType(n, type));
  const el = node as Element;
  const children = el.props['children'] as Child | Child[] | undefined;
  return [
    ...(el.type === type ? [el] : []),
    ...(children === undefined ? [] : elementsOfType(children, type)),
  ];
}
