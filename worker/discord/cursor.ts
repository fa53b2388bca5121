import type { APIActionRowComponent, APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { LIMITS } from './limits.ts';

// A component's custom_id is `<command>:<part>:<part>…`; the transport routes on `<command>` and hands the
// rest to the command. Parts are escaped so a ':' inside one cannot shift the others.

/** Builds `<command>:<part>:…`; throws when the id would exceed Discord's 100 characters (a bug: store an id, not a name). */
export function encodeCustomId(command: string, parts: readonly (string | number)[]): string {
  const id = [command, ...parts.map((part) => escapePart(String(part)))].join(':');
  if (id.length > LIMITS.customId) {
    throw new Error(
      `custom_id "${id.slice(0, 40)}…" is ${id.length} characters; Discord allows ${LIMITS.customId}`,
    );
  }
  return id;
}

/** The parts of what follows `<command>:` (the `rest` a component handler receives), unescaped. */
export function decodeCustomIdParts(rest: string): string[] {
  return rest === '' ? [] : rest.split(':').map(unescapePart);
}

/** Where a paged listing stands: the page number and whatever the command needs to rebuild it (filters, keyset). */
export interface PageCursor {
  readonly page: number;
  readonly args: readonly string[];
}

/** Which button produced the id; part of the id because Discord rejects a message with two equal custom_ids. */
type Via = '<' | '>' | '=';

/** `<command>:<action>:<via><page base 36>:<args…>`, e.g. `sessions:page:>2:1712` (≤ 100 characters). */
export function encodePageCursor(
  command: string,
  action: string,
  cursor: PageCursor,
  via: Via = '=',
): string {
  if (!Number.isSafeInteger(cursor.page) || cursor.page < 0)
    throw new Error(`page must be a whole number ≥ 0, got ${cursor.page}`);
  return encodeCustomId(command, [action, `${via}${cursor.page.toString(36)}`, ...cursor.args]);
}

/** Reads a page cursor from a component's `rest`; null when it is not one (an old or foreign button). */
export function decodePageCursor(rest: string): { action: string; cursor: PageCursor } | null {
  const [action, position, ...args] = decodeCustomIdParts(rest);
  if (!action || !position || !/^[<>=][0-9a-z]{1,11}$/.test(position)) return null;
  const page = Number.parseInt(position.slice(1), 36);
  if (!Number.isSafeInteger(page)) return null;
  return { action, cursor: { page, args } };
}

/**
 * ◀ page/count ▶ buttons for a paged listing; pressing one sends the target page's cursor to the command's
 * component handler, which answers `update(...)` so the message changes in place.
 */
export function pageButtons(
  command: string,
  action: string,
  position: { page: number; pageCount: number; args?: readonly string[] },
): APIActionRowComponent<APIButtonComponentWithCustomId> {
  const last = Math.max(0, position.pageCount - 1);
  const page = Math.min(Math.max(0, position.page), last);
  const args = position.args ?? [];
  const button = (
    label: string,
    target: number,
    via: Via,
    disabled: boolean,
  ): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: via === '=' ? ButtonStyle.Secondary : ButtonStyle.Primary,
    label,
    custom_id: encodePageCursor(command, action, { page: target, args }, via),
    disabled,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button('◀', Math.max(0, page - 1), '<', page === 0),
      button(`${page + 1} / ${last + 1}`, page, '=', true),
      button('▶', Math.min(last, page + 1), '>', page === last),
    ],
  };
}

function escapePart(part: string): string {
  return part.replace(/%/g, '%25').replace(/:/g, '%3A');
}

function unescapePart(part: string): string {
  return part.replace(/%3A/gi, ':').replace(/%25/g, '%');
}
