import type { APIEmbed } from 'discord-api-types/v10';
import type { ImmediateMessage } from '../discord/message.ts';
import type { ChartImage } from '../commands/kit/chart-reply.ts';
import type { Renderer } from '../render/renderer.ts';
import { escapeHtml, markdownHtml } from './escape.ts';

/**
 * A chart inline, as the SVG satori lays out, named for screen readers by the alt text the command
 * gives Discord. Without a renderer (or when drawing fails) the alt text stands in for it.
 */
export async function chartHtml(
  renderer: Renderer | undefined,
  image: ChartImage,
): Promise<string> {
  const label = escapeHtml(image.description);
  let svg: string | null = null;
  if (renderer?.renderSvg) {
    try {
      svg = await renderer.renderSvg(image.chart.tree, image.chart);
    } catch (error) {
      console.error(`chart ${image.name} could not be drawn`, error);
    }
  }
  if (svg === null) return `<figure class="chart"><p>${label}</p></figure>`;
  // role=img with a label: the chart's figures are read out once, not label by label.
  const inlined = svg.replace(
    /^<svg /,
    `<svg role="img" aria-label="${label}" preserveAspectRatio="xMinYMin meet" `,
  );
  return `<figure class="chart">${inlined}<figcaption>${label}</figcaption></figure>`;
}

function embedHtml(embed: APIEmbed, charts: ReadonlyMap<string, string>, heading: boolean): string {
  const out: string[] = ['<section class="embed">'];
  if (embed.title)
    out.push(heading ? `<h2>${markdownHtml(embed.title).replace(/^<p>|<\/p>$/g, '')}</h2>` : '');
  if (embed.description) out.push(markdownHtml(embed.description));
  const fields = embed.fields ?? [];
  if (fields.length > 0) {
    out.push('<div class="fields">');
    for (const field of fields)
      out.push(
        `<div class="field${field.inline ? ' inline' : ''}"><h3>${markdownHtml(field.name).replace(/^<p>|<\/p>$/g, '')}</h3>${markdownHtml(field.value)}</div>`,
      );
    out.push('</div>');
  }
  const image = embed.image?.url?.replace(/^attachment:\/\//, '');
  if (image && charts.has(image)) out.push(charts.get(image) as string);
  if (embed.footer?.text) out.push(`<p class="note">${escapeHtml(embed.footer.text)}</p>`);
  out.push('</section>');
  return out.join('');
}

/**
 * A command's answer as a page section: its text, embeds and charts, the same figures Discord shows.
 * Buttons and menus are left out; the pages link to what they would open.
 */
export async function messageHtml(
  message: ImmediateMessage,
  images: readonly ChartImage[],
  renderer: Renderer | undefined,
): Promise<string> {
  const charts = new Map<string, string>();
  for (const image of images) charts.set(image.name, await chartHtml(renderer, image));
  const shown = new Set<string>();
  const out: string[] = [];
  if (message.content) out.push(markdownHtml(message.content));
  for (const embed of message.embeds ?? []) {
    const image = embed.image?.url?.replace(/^attachment:\/\//, '');
    if (image) shown.add(image);
    out.push(embedHtml(embed, charts, true));
  }
  for (const [name, chart] of charts) if (!shown.has(name)) out.push(chart);
  return out.join('');
}
