import type { APIEmbed } from 'discord-api-types/v10';
import type { DiscordMessage } from './message.ts';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Sum of every embed's title, description, field names and values, footer and author name. */
  embedTotal: 6000,
  actionRows: 5,
  componentsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  files: 10,
} as const;

const ELLIPSIS = '…';
const FENCE = '```';

/** Thrown when a message breaks a limit that cannot be trimmed away (components, files): a bug to fix. */
export class MessageLimitError extends Error {
  constructor(readonly violations: readonly string[]) {
    super(`message exceeds Discord's limits: ${violations.join('; ')}`);
    this.name = 'MessageLimitError';
  }
}

/** Every limit the message breaks, each naming the part, its size and the limit. Empty when it fits. */
export function limitViolations(message: DiscordMessage): string[] {
  const found: string[] = [];
  const over = (what: string, size: number, limit: number) => {
    if (size > limit) found.push(`${what} is ${size} long; Discord allows ${limit}`);
  };
  over('content', message.content?.length ?? 0, LIMITS.content);
  const embeds = message.embeds ?? [];
  over('embeds', embeds.length, LIMITS.embeds);
  embeds.forEach((embed, e) => {
    over(`embeds[${e}].title`, embed.title?.length ?? 0, LIMITS.title);
    over(`embeds[${e}].description`, embed.description?.length ?? 0, LIMITS.description);
    over(`embeds[${e}].fields`, embed.fields?.length ?? 0, LIMITS.fields);
    embed.fields?.forEach((field, f) => {
      over(`embeds[${e}].fields[${f}].name`, field.name.length, LIMITS.fieldName);
      over(`embeds[${e}].fields[${f}].value`, field.value.length, LIMITS.fieldValue);
    });
    over(`embeds[${e}].footer.text`, embed.footer?.text.length ?? 0, LIMITS.footer);
    over(`embeds[${e}].author.name`, embed.author?.name.length ?? 0, LIMITS.author);
  });
  over(
    'total embed text',
    embeds.reduce((sum, embed) => sum + embedTextLength(embed), 0),
    LIMITS.embedTotal,
  );
  found.push(...structuralViolations(message));
  return found;
}

/** Throws a MessageLimitError naming every broken limit; for tests and for code that must not trim. */
export function assertWithinLimits(message: DiscordMessage): void {
  const violations = limitViolations(message);
  if (violations.length > 0) throw new MessageLimitError(violations);
}

/**
 * Trims text that is too long (with "…", closing an open code block) and drops what does not fit
 * (fields past 25, embeds past 10, trailing fields past the 6,000 total), reporting each trim.
 * Components and files cannot be trimmed safely: those throw a MessageLimitError.
 */
export function fitToLimits(message: DiscordMessage): {
  message: DiscordMessage;
  trimmed: string[];
} {
  const structural = structuralViolations(message);
  if (structural.length > 0) throw new MessageLimitError(structural);
  const trimmed: string[] = [];
  const clip = (what: string, text: string, limit: number) => {
    if (text.length <= limit) return text;
    trimmed.push(`${what} clipped from ${text.length} to ${limit}`);
    return clipText(text, limit);
  };
  const fitted: { -readonly [K in keyof DiscordMessage]: DiscordMessage[K] } = { ...message };
  if (message.content !== undefined)
    fitted.content = clip('content', message.content, LIMITS.content);
  if (message.embeds) {
    if (message.embeds.length > LIMITS.embeds)
      trimmed.push(`dropped ${message.embeds.length - LIMITS.embeds} embeds past ${LIMITS.embeds}`);
    const embeds = message.embeds.slice(0, LIMITS.embeds).map((embed, e) => {
      const out: APIEmbed = { ...embed };
      if (embed.title !== undefined)
        out.title = clip(`embeds[${e}].title`, embed.title, LIMITS.title);
      if (embed.description !== undefined)
        out.description = clip(`embeds[${e}].description`, embed.description, LIMITS.description);
      if (embed.footer)
        out.footer = {
          ...embed.footer,
          text: clip(`embeds[${e}].footer.text`, embed.footer.text, LIMITS.footer),
        };
      if (embed.author)
        out.author = {
          ...embed.author,
          name: clip(`embeds[${e}].author.name`, embed.author.name, LIMITS.author),
        };
      if (embed.fields) {
        if (embed.fields.length > LIMITS.fields)
          trimmed.push(
            `embeds[${e}]: dropped ${embed.fields.length - LIMITS.fields} fields past ${LIMITS.fields}`,
          );
        out.fields = embed.fields.slice(0, LIMITS.fields).map((field, f) => ({
          ...field,
          name: clip(`embeds[${e}].fields[${f}].name`, field.name, LIMITS.fieldName),
          value: clip(`embeds[${e}].fields[${f}].value`, field.value, LIMITS.fieldValue),
        }));
      }
      return out;
    });
    fitTotal(embeds, trimmed);
    fitted.embeds = embeds;
  }
  return { message: fitted, trimmed };
}

/** Cuts text to at most `limit` UTF-16 units, ending in "…", never halving a surrogate pair or leaving a code block open. */
export function clipText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let room = limit - ELLIPSIS.length;
  let cut = cutAt(text, room);
  if (countFences(cut) % 2 === 1) {
    room -= FENCE.length + 1;
    cut = cutAt(text, room);
    if (countFences(cut) % 2 === 1) return `${cut}${ELLIPSIS}\n${FENCE}`;
  }
  return `${cut}${ELLIPSIS}`;
}

/** Splits long text into chunks of at most `limit`, at line breaks where possible (for follow-up messages). */
export function splitText(text: string, limit: number = LIMITS.content): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current !== '') chunks.push(current);
    let rest = line;
    while (rest.length > limit) {
      const piece = cutAt(rest, limit);
      chunks.push(piece);
      rest = rest.slice(piece.length);
    }
    current = rest;
  }
  if (current !== '' || chunks.length === 0) chunks.push(current);
  return chunks;
}

export function embedTextLength(embed: APIEmbed): number {
  let size = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  size += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) size += field.name.length + field.value.length;
  return size;
}

function fitTotal(embeds: APIEmbed[], trimmed: string[]): void {
  const total = () => embeds.reduce((sum, embed) => sum + embedTextLength(embed), 0);
  const before = total();
  if (before <= LIMITS.embedTotal) return;
  // Later fields and embeds are the least important: drop from the end until the message fits.
  for (let e = embeds.length - 1; e >= 0 && total() > LIMITS.embedTotal; e--) {
    const embed = embeds[e]!;
    while (embed.fields?.length && total() > LIMITS.embedTotal)
      embed.fields = embed.fields.slice(0, -1);
    if (total() > LIMITS.embedTotal && embed.description) {
      const excess = total() - LIMITS.embedTotal;
      embed.description = clipText(
        embed.description,
        Math.max(ELLIPSIS.length, embed.description.length - excess),
      );
    }
    if (total() > LIMITS.embedTotal && e > 0) embeds.pop();
  }
  trimmed.push(`total embed text cut from ${before} to ${total()} (limit ${LIMITS.embedTotal})`);
}

function structuralViolations(message: DiscordMessage): string[] {
  const found: string[] = [];
  const rows = message.components ?? [];
  if (rows.length > LIMITS.actionRows)
    found.push(`${rows.length} action rows; Discord allows ${LIMITS.actionRows}`);
  const ids = new Set<string>();
  rows.forEach((row, r) => {
    if (row.components.length > LIMITS.componentsPerRow) {
      found.push(
        `action row ${r} has ${row.components.length} components; Discord allows ${LIMITS.componentsPerRow}`,
      );
    }
    for (const component of row.components) {
      const id = 'custom_id' in component ? component.custom_id : undefined;
      if (id !== undefined) {
        if (id.length > LIMITS.customId)
          found.push(
            `custom_id "${id.slice(0, 40)}…" is ${id.length} long; Discord allows ${LIMITS.customId}`,
          );
        if (ids.has(id))
          found.push(`custom_id "${id}" is used twice in one message; Discord requires unique ids`);
        ids.add(id);
      }
      const label = 'label' in component ? component.label : undefined;
      if (label && label.length > LIMITS.buttonLabel)
        found.push(
          `button label "${label.slice(0, 20)}…" is ${label.length} long; Discord allows ${LIMITS.buttonLabel}`,
        );
      if (
        'options' in component &&
        component.options &&
        component.options.length > LIMITS.selectOptions
      ) {
        found.push(
          `select menu has ${component.options.length} options; Discord allows ${LIMITS.selectOptions}`,
        );
      }
    }
  });
  const files = message.files?.length ?? 0;
  if (files > LIMITS.files) found.push(`${files} files; Discord allows ${LIMITS.files}`);
  return found;
}

function cutAt(text: string, length: number): string {
  if (length <= 0) return '';
  const code = text.charCodeAt(length - 1);
  // A high surrogate at the end would orphan its pair.
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, length - 1) : text.slice(0, length);
}

function countFences(text: string): number {
  return text.split(FENCE).length - 1;
}
