import { describe, expect, it } from 'vitest';
import { decodePng, isPng } from '../../../test/unit/render-fixtures/png.ts';
import { assertWithinLimits } from '../../discord/limits.ts';
import type { DiscordMessage, ImmediateMessage } from '../../discord/message.ts';
import type { CommandResult, ComponentResult } from '../../discord/responses.ts';
import { leaderboardChart } from '../../render/charts/index.ts';
import type { Renderer } from '../../render/renderer.ts';
import { createNodeRenderer } from '../../render/render-node.ts';
import {
  CHART_FAILED_NOTE,
  type ChartImage,
  chartFileName,
  chartReply,
  chartUpdate,
  withCharts,
} from './chart-reply.ts';

const renderer = createNodeRenderer();
const throwing: Renderer = {
  renderPng: async () => {
    throw new Error('resvg: out of memory');
  },
};

const board = (title: string, names: string[]): ChartImage => ({
  chart: leaderboardChart({
    title,
    metric: 'Kills',
    rows: names.map((name, i) => ({ name, value: 100 - i })),
  }),
  name: chartFileName('top', title),
  description: `${title}: ${names.join(', ')}`,
});
const text: ImmediateMessage = {
  embeds: [{ title: 'Top kills', description: '1. olz — 100', color: 0xf1c40f }],
};

function logged() {
  const lines: {
    level: string;
    event: string;
    fields: Readonly<Record<string, unknown>> | undefined;
  }[] = [];
  return {
    lines,
    log: (
      level: 'error' | 'warn' | 'info',
      event: string,
      fields?: Readonly<Record<string, unknown>>,
    ) => void lines.push({ level, event, fields }),
  };
}

async function finished(result: CommandResult | ComponentResult): Promise<DiscordMessage> {
  if (result.kind !== 'defer' && result.kind !== 'deferUpdate')
    throw new Error(`expected a deferred answer, got ${result.kind}`);
  const message = await result.finish();
  assertWithinLimits(message);
  return message;
}

describe('chartReply', () => {
  it('defers, then attaches the rendered PNG with its alt text and shows it in the first embed', async () => {
    const { log, lines } = logged();
    const result = chartReply(
      { services: { renderer }, log },
      { message: text, charts: () => [board('Kills', ['olz', 'fr0g'])] },
    );
    expect(result).toMatchObject({ kind: 'defer', ephemeral: false });
    const message = await finished(result);
    const [file] = message.files ?? [];
    expect(file).toMatchObject({
      name: 'top-kills.png',
      contentType: 'image/png',
      description: 'Kills: olz, fr0g',
    });
    expect(isPng(file!.data)).toBe(true);
    const chart = board('Kills', ['olz', 'fr0g']).chart;
    expect(decodePng(file!.data)).toMatchObject({ width: chart.width, height: chart.height });
    expect(message.embeds).toEqual([
      { ...text.embeds![0], image: { url: 'attachment://top-kills.png' } },
    ]);
    expect(lines).toEqual([]);
  });

  it('answers the text at once when there is no renderer or nothing to draw', () => {
    const { log } = logged();
    expect(
      chartReply({ services: {}, log }, { message: text, charts: () => [board('Kills', ['olz'])] }),
    ).toEqual({ kind: 'reply', message: text, ephemeral: false });
    expect(chartReply({ services: { renderer }, log }, { message: text })).toEqual({
      kind: 'reply',
      message: text,
      ephemeral: false,
    });
  });

  it('answers the text with a note, and logs why, when the renderer throws', async () => {
    const { log, lines } = logged();
    const message = await finished(
      chartReply(
        { services: { renderer: throwing }, log },
        { message: text, charts: () => [board('Kills', ['olz'])] },
      ),
    );
    expect(message).toEqual({ ...text, content: CHART_FAILED_NOTE, files: [] });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ error: 'resvg: out of memory' }),
      }),
    ]);
  });

  it('answers the text with a note when a chart rejects its input, keeping any content', async () => {
    const { log, lines } = logged();
    const charts = () => {
      throw new Error('timeline: player "olz" has 2 values for 3 maps');
    };
    const message = await finished(
      chartReply(
        { services: { renderer }, log },
        { message: { ...text, content: 'Also on that day: #3' }, charts },
      ),
    );
    expect(message.content).toBe(`${CHART_FAILED_NOTE}\nAlso on that day: #3`);
    expect(message.embeds).toEqual(text.embeds);
    expect(message.files).toEqual([]);
    expect(lines).toHaveLength(1);
  });
});

describe('withCharts', () => {
  it('shows a second chart in an embed of its own, in the first embed’s colour, with unique file names', async () => {
    const { log } = logged();
    const message = await withCharts(
      renderer,
      { message: text, charts: async () => [board('Kills', ['olz']), board('Kills', ['fr0g'])] },
      log,
    );
    expect(message.files?.map((f) => f.name)).toEqual(['top-kills.png', 'top-kills-2.png']);
    expect(message.files?.every((f) => isPng(f.data))).toBe(true);
    expect(message.embeds?.map((e) => e.image?.url)).toEqual([
      'attachment://top-kills.png',
      'attachment://top-kills-2.png',
    ]);
    expect(message.embeds?.[1]).toEqual({
      color: 0xf1c40f,
      image: { url: 'attachment://top-kills-2.png' },
    });
  });

  it('draws no more images than the message has embeds for, and clips alt text to Discord’s 1,024 characters', async () => {
    const { log } = logged();
    const full: ImmediateMessage = {
      embeds: Array.from({ length: 10 }, (_, i) => ({ title: `page ${i}` })),
    };
    const long = { ...board('Kills', ['olz']), description: 'x'.repeat(3000) };
    const message = await withCharts(
      renderer,
      { message: full, charts: () => [long, board('Deaths', ['fr0g'])] },
      log,
    );
    expect(message.embeds).toHaveLength(10);
    expect(message.files).toHaveLength(1);
    expect(Array.from(message.files![0]!.description!)).toHaveLength(1024);
    expect(message.embeds?.[0]?.image).toEqual({ url: 'attachment://top-kills.png' });
  });

  it('states an empty file list for text only, so an edited message drops its earlier images', async () => {
    const { log } = logged();
    expect(await withCharts(renderer, { message: text }, log)).toEqual({ ...text, files: [] });
    expect(
      await withCharts(undefined, { message: text, charts: () => [board('Kills', ['olz'])] }, log),
    ).toEqual({ ...text, files: [] });
  });
});

describe('chartUpdate', () => {
  it('edits the message with the new view’s images, or its text alone, after acknowledging', async () => {
    const { log } = logged();
    const drawn = await finished(
      chartUpdate(
        { services: { renderer }, log },
        { message: text, charts: () => [board('Kills', ['olz'])] },
      ),
    );
    expect(drawn.files?.map((f) => f.name)).toEqual(['top-kills.png']);
    const textOnly = chartUpdate({ services: { renderer }, log }, { message: text });
    expect(textOnly.kind).toBe('deferUpdate');
    expect(await finished(textOnly)).toEqual({ ...text, files: [] });
  });

  it('replaces the message in place when there is no renderer', () => {
    const { log } = logged();
    expect(
      chartUpdate(
        { services: {}, log },
        { message: text, charts: () => [board('Kills', ['olz'])] },
      ),
    ).toEqual({ kind: 'update', message: text });
  });
});

describe('chartFileName', () => {
  it('makes plain ASCII names from player and map names, colour codes and accents removed', () => {
    expect(chartFileName('compare', '^1o^7lz', 'vs', 'Ränger')).toBe('compare-olz-vs-ranger.png');
    expect(chartFileName('session', 12, 'performance')).toBe('session-12-performance.png');
    expect(chartFileName('map', 'etl_adlernest')).toBe('map-etl-adlernest.png');
    expect(chartFileName('player', '★★★', '@everyone')).toBe('player-everyone.png');
    expect(chartFileName('★')).toBe('chart.png');
    expect(chartFileName('player', 'x'.repeat(80))).toBe(`player-${'x'.repeat(32)}.png`);
  });
});
