import type { APIEmbed } from 'discord-api-types/v10';
import type { ImmediateMessage } from '../discord/message.ts';
import type { ChartImage } from '../commands/kit/chart-reply.ts';
import type { Renderer } from '../render/renderer.ts';
import { type Html, html, pageText, raw } from './html.ts';
import { leadingIcon } from './icons.ts';
import { inlineMarkdownHtml, markdownHtml } from './markdown.ts';

/**
 * A chart inline, as the SVG satori lays out, named for screen readers by the alt text the command
 * gives Discord. Without a renderer (or when drawing fails) the alt text stands in for it.
 */
export async function chartHtml(renderer: Renderer | undefined, image: ChartImage): Promise<Html> {
  const label = pageText(image.description);
  let svg: string | null = null;
  if (renderer?.renderSvg) {
    try {
      svg = await renderer.renderSvg(image.chart.tree, image.chart);
    } catch (error) {
      console.error(`chart ${image.name} could not be drawn`, error);
    }
  }
  if (svg === null || !svg.startsWith('<svg '))
    return html`<figure class="chart"><p>${label}</p></figure>`;
  // The chart kit's SVG is markup we drew (its text is paths and escaped labels): it alone goes in raw.
  // role=img with a label: the chart's figures are read out once, not label by label.
  return html`<figure class="chart"><svg role="img" aria-label="${label}" preserveAspectRatio="xMinYMin meet" ${raw(svg.slice('<svg '.length))}<figcaption>${label}</figcaption></figure>`;
}

/** A footer is shown as typed (Discord renders no markdown there), its leading icon as the page shows it. */
function footerHtml(text: string): Html {
  const { icon, rest } = leadingIcon(pageText(text));
  return html`${icon}${rest}`;
}

function embedHtml(embed: APIEmbed, charts: ReadonlyMap<string, Html>): Html {
  const fields = embed.fields ?? [];
  const image = embed.image?.url?.replace(/^attachment:\/\//, '');
  return html`<section class="embed">${embed.title ? html`<h2>${inlineMarkdownHtml(embed.title)}</h2>` : ''}${
    embed.description ? markdownHtml(embed.description) : ''
  }${
    fields.length > 0
      ? html`<div class="fields">${fields.map(
          (field) =>
            html`<div class="field${field.inline ? ' inline' : ''}"><h3>${inlineMarkdownHtml(field.name)}</h3>${markdownHtml(field.value)}</div>`,
        )}</div>`
      : ''
  }${image ? charts.get(image) : ''}${
    embed.footer?.text ? html`<p class="note">${footerHtml(embed.footer.text)}</p>` : ''
  }</section>`;
}

/**
 * A command's answer as a page section: its text, embeds and charts, the same figures Discord shows.
 * Buttons and menus are left out; the pages link to what they would open.
 */
export async function messageHtml(
  message: ImmediateMessage,
  images: readonly ChartImage[],
  renderer: Renderer | undefined,
): Promise<Html> {
  const charts = new Map<string, Html>();
  for (const image of images) charts.set(image.name, await chartHtml(renderer, image));
  const shown = new Set(
    (message.embeds ?? []).flatMap((e) => e.image?.url?.replace(/^attachment:\/\//, '') ?? []),
  );
  return html`${message.content ? markdownHtml(message.content) : ''}${(message.embeds ?? []).map(
    (embed) => embedHtml(embed, charts),
  )}${[...charts].filter(([name]) => !shown.has(name)).map(([, chart]) => chart)}`;
}
