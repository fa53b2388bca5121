import type { APIEmbed } from 'discord-api-types/v10';
import { stripColours } from '../../../stats/decode.ts';
import { displayText } from '../../../stats/display-text.ts';
import { LIMITS } from '../../discord/limits.ts';
import { errorFields, type Log } from '../../discord/log.ts';
import type { DiscordMessage, ImmediateMessage, MessageFile } from '../../discord/message.ts';
import {
  type CommandResult,
  type ComponentResult,
  defer,
  deferUpdate,
  reply,
  update,
} from '../../discord/responses.ts';
import type { Chart } from '../../render/element.ts';
import type { Renderer } from '../../render/renderer.ts';

// The one way a command answers with charts: the text message is built from the query results, the charts
// from the same results, and a chart that cannot be drawn never costs the answer its text.

/** One chart to show with a message. */
export interface ChartImage {
  readonly chart: Chart;
  /** The attachment's file name (see `chartFileName`); the embed shows it as `attachment://<name>`. */
  readonly name: string;
  /** Alt text: what the image shows and its key figures, for screen readers and when it does not load. */
  readonly description: string;
}

/**
 * A message and the charts that go with it; no `charts` means text only. `charts` is called only when a
 * renderer will draw them, inside the deferred work (so it may read what only the charts need); a throw
 * there (a chart that rejects its input) is handled like a failed rendering.
 */
export interface ChartedMessage {
  readonly message: ImmediateMessage;
  readonly charts?: () => readonly ChartImage[] | Promise<readonly ChartImage[]>;
}

/** What the chart answers need from a handler's context. */
export interface ChartContext {
  readonly services: { readonly renderer?: Renderer | undefined };
  readonly log: Log;
}

/** Shown above the text when the charts could not be drawn. */
export const CHART_FAILED_NOTE = '_The chart could not be drawn this time; the figures are below._';
/** Discord's limit on an attachment's description (alt text). */
const ALT_TEXT_MAX = 1024;
const NAME_PART_MAX = 32;

/**
 * A slash command's answer with charts: "thinking…" at once, then the message with its charts attached and
 * shown in its embeds. With nothing to draw, or no renderer (charts switched off), the text answers immediately.
 */
export function chartReply(ctx: ChartContext, answer: ChartedMessage): CommandResult {
  const { renderer } = ctx.services;
  if (!renderer || !answer.charts) return reply(answer.message);
  return defer(() => withCharts(renderer, answer, ctx.log));
}

/**
 * Like `chartReply`, for an answer whose figures take long to gather (many aggregates over every round):
 * with a renderer, "thinking…" goes out before the queries run, so the initial answer stays fast.
 */
export async function chartReplyLater(
  ctx: ChartContext,
  build: () => Promise<ChartedMessage>,
): Promise<CommandResult> {
  const { renderer } = ctx.services;
  if (!renderer) return chartReply(ctx, await build());
  return defer(async () => withCharts(renderer, await build(), ctx.log));
}

/**
 * A button's or menu's answer with charts (a page or view change): acknowledged at once, then the message is
 * edited with the new charts, which replace the old ones; with nothing to draw the edit still goes this way,
 * since the message may show images that must go. With no renderer the text replaces the message now.
 */
export function chartUpdate(ctx: ChartContext, answer: ChartedMessage): ComponentResult {
  const { renderer } = ctx.services;
  if (!renderer) return update(answer.message);
  return deferUpdate(() => withCharts(renderer, answer, ctx.log));
}

/**
 * The message with its charts drawn, attached and shown: the first in the first embed, each other in an
 * embed of its own (Discord shows one image per embed). `files` is always set, empty when nothing is
 * attached, so an edit states that the message's earlier images are gone. Never throws because of a chart:
 * a failure is logged and the text is sent alone with a short note.
 */
export async function withCharts(
  renderer: Renderer | undefined,
  answer: ChartedMessage,
  log: Log,
): Promise<DiscordMessage> {
  const { charts } = answer;
  if (!renderer || !charts) return { ...answer.message, files: [] };
  let images: readonly ChartImage[];
  let pngs: Uint8Array[];
  try {
    images = fitImages(answer.message, await charts());
    pngs = [];
    // One at a time: the renderer is single-threaded anyway, and peak memory stays at one image.
    for (const image of images) pngs.push(await renderer.renderPng(image.chart.tree, image.chart));
  } catch (error) {
    log('warn', 'chart failed; answered with text only', errorFields(error));
    const content = answer.message.content
      ? `${CHART_FAILED_NOTE}\n${answer.message.content}`
      : CHART_FAILED_NOTE;
    return { ...answer.message, content, files: [] };
  }
  const names = uniqueNames(images.map((image) => image.name));
  const files: MessageFile[] = images.map((image, i) => ({
    name: names[i] as string,
    data: pngs[i] as Uint8Array,
    contentType: 'image/png',
    description: clipAltText(image.description),
  }));
  return { ...answer.message, embeds: showImages(answer.message.embeds ?? [], names), files };
}

/** As many images as the message has room for: 10 embeds and 10 files per message. */
function fitImages(
  message: ImmediateMessage,
  images: readonly ChartImage[],
): readonly ChartImage[] {
  const embeds = message.embeds?.length ?? 0;
  const firstFree = embeds > 0 && message.embeds?.[0]?.image === undefined ? 1 : 0;
  const room = Math.min(LIMITS.files, firstFree + LIMITS.embeds - embeds);
  return images.slice(0, Math.max(0, room));
}

function showImages(embeds: readonly APIEmbed[], names: readonly string[]): APIEmbed[] {
  const out = embeds.map((embed) => ({ ...embed }));
  const [first] = out;
  let rest = names;
  if (first && first.image === undefined && names[0] !== undefined) {
    first.image = { url: `attachment://${names[0]}` };
    rest = names.slice(1);
  }
  const color = first?.color;
  for (const name of rest)
    out.push(
      color === undefined
        ? { image: { url: `attachment://${name}` } }
        : { color, image: { url: `attachment://${name}` } },
    );
  return out;
}

function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; seen.has(candidate); n++) candidate = name.replace(/(\.png)?$/, `-${n}.png`);
    seen.add(candidate);
    return candidate;
  });
}

/** Alt text is shown as it is (no markdown) and names players: one visible line, cut to fit. */
function clipAltText(text: string): string {
  const chars = Array.from(displayText(text));
  return chars.length <= ALT_TEXT_MAX
    ? chars.join('')
    : `${chars.slice(0, ALT_TEXT_MAX - 1).join('')}…`;
}

/**
 * A file name Discord can reference from an embed (`attachment://` wants plain ASCII): the parts
 * slugged and joined with '-', e.g. `chartFileName('compare', '^1olz', 'vs', 'Ränger')` →
 * `compare-olz-vs-ranger.png`. A part with nothing usable left is dropped.
 */
export function chartFileName(...parts: readonly (string | number)[]): string {
  const slugs = parts
    .map((part) =>
      stripColours(String(part))
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, NAME_PART_MAX)
        .replace(/-+$/, ''),
    )
    .filter((slug) => slug !== '');
  return `${slugs.join('-') || 'chart'}.png`;
}
