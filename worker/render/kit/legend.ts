import { box, type Element, text } from '../element.ts';
import { displayName } from '../names.ts';
import { THEME } from '../theme.ts';

export interface LegendItem {
  readonly label: string;
  readonly colour: string;
}

const ITEM_HEIGHT = 28;

/** Colour swatches with names, `columns` to a row; returns the element and its height. */
export function legend(
  items: readonly LegendItem[],
  width: number,
  columns: number,
): { element: Element; height: number } {
  const perColumn = Math.floor(width / columns);
  const element = box(
    { flexWrap: 'wrap', width, fontSize: THEME.size.small + 1 },
    ...items.map((item) =>
      box(
        { width: perColumn, height: ITEM_HEIGHT, alignItems: 'center' },
        box({
          width: 14,
          height: 14,
          borderRadius: 7,
          backgroundColor: item.colour,
          flexShrink: 0,
        }),
        text(
          displayName(item.label),
          { paddingLeft: 8, paddingRight: 8, maxWidth: perColumn - 14, color: THEME.text },
          true,
        ),
      ),
    ),
  );
  return { element, height: Math.ceil(items.length / columns) * ITEM_HEIGHT };
}
