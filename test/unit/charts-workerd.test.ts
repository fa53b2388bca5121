// The deployed Worker bundle in workerd answering the chart commands over the imported sample corpus:
// each answer is deferred, and the edit of @original the Discord stand-in receives is multipart with the
// PNGs drawn by resvg-wasm, each listed with alt text and shown by an embed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIEmbed, APIInteraction } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { latestSessionId } from '../../worker/queries/session-report.ts';
import { recomputeAll } from '../../worker/recompute/index.ts';
import {
  commandOptions,
  componentInteraction,
  type DiscordKeyPair,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import type { FakeDiscord, RecordedRequest } from '../../scripts/dev/fake-discord.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';
import type { TestWorker } from '../support/workerd.ts';
import { decodePng, isPng } from './render-fixtures/png.ts';

let stack: LocalStack;
let discord: FakeDiscord;
let keys: DiscordKeyPair;
let worker: TestWorker;
let sessionId: number;
/** Every image received is written here (git-ignored) for a person to look at. */
const OUT_DIR = fileURLToPath(new URL('../../.render-out/workerd-commands/', import.meta.url));

beforeAll(async () => {
  stack = await startLocalStack(async (local) => {
    // Teams, session results and leaderboards: what /last_session's results card and /top read.
    await recomputeAll(local.db, { sessionGapMinutes: 60, seasons: QUARTERS }, new Date());
    sessionId = (await latestSessionId(local.db, 1)) as number;
  });
  ({ discord, keys, worker } = stack);
  mkdirSync(OUT_DIR, { recursive: true });
});

afterAll(() => stack?.stop());

// Each interaction comes from another user, so the per-user rate limit for charts never refuses one.
let users = 0;
const actor = () => ({ userId: String(1_300_000_000_000_100_000n + BigInt(++users)) });

type EditPayload = {
  embeds?: APIEmbed[];
  attachments?: { id: number; filename: string; description?: string }[];
  allowed_mentions?: unknown;
};

/** Sends a signed interaction; expects the deferred type (5, or 6 for a menu) and returns the edit of @original that followed. */
async function deferredEdit(interaction: APIInteraction, type: 5 | 6): Promise<RecordedRequest> {
  const response = await worker.fetch(
    '/interactions',
    await signedInteractionInit(keys.privateKey, interaction),
  );
  expect(response.status).toBe(200);
  expect(((await response.json()) as { type: number }).type).toBe(type);
  const edit = await discord.waitFor(
    (r) => r.kind === 'editOriginal' && r.token === interaction.token,
    30_000,
  );
  expect(edit.status).toBe(200);
  expect(edit.contentType).toMatch(/^multipart\/form-data/);
  return edit;
}

/** Every PNG of the edit, checked: signature, a chart's size, listed with alt text, shown by the nth embed. */
function chartsOf(edit: RecordedRequest): string[] {
  const payload = edit.payload as EditPayload;
  expect(payload.allowed_mentions).toEqual({ parse: [] });
  expect(edit.files.length).toBeGreaterThan(0);
  return edit.files.map((file, n) => {
    expect(file.contentType).toBe('image/png');
    expect(isPng(file.data)).toBe(true);
    const { width, height } = decodePng(file.data);
    expect([800, 900]).toContain(width);
    expect(height).toBeGreaterThan(150);
    expect(height).toBeLessThan(4000);
    expect(file.data.byteLength).toBeGreaterThan(5_000);
    expect(payload.attachments?.[n]).toEqual({
      id: n,
      filename: file.name,
      description: expect.stringMatching(/\S{3,}/),
    });
    expect(payload.embeds?.[n]?.image).toEqual({ url: `attachment://${file.name}` });
    writeFileSync(join(OUT_DIR, file.name), file.data);
    return file.name;
  });
}

const VETERAN = 'EF8ACD12';

describe('charts from the Worker in workerd', () => {
  it('/stats attaches the player card', async () => {
    const edit = await deferredEdit(
      slashCommandInteraction('stats', commandOptions({ player: VETERAN }), actor()),
      5,
    );
    expect(chartsOf(edit)).toEqual([expect.stringMatching(/^player-[a-z0-9-]+\.png$/)]);
    expect((edit.payload as EditPayload).embeds?.[0]?.description).toContain(VETERAN);
  });

  it('/compare attaches the radar', async () => {
    const edit = await deferredEdit(
      slashCommandInteraction(
        'compare',
        commandOptions({ player1: VETERAN, player2: 'A92C0E6F' }),
        actor(),
      ),
      5,
    );
    expect(chartsOf(edit)).toEqual([expect.stringMatching(/^compare-.+-vs-.+\.png$/)]);
  });

  it('/last_session attaches the results card and the performance panel, and the menu swaps in the combat panels', async () => {
    const edit = await deferredEdit(slashCommandInteraction('last_session', [], actor()), 5);
    expect(chartsOf(edit)).toEqual([
      `session-${sessionId}-results.png`,
      `session-${sessionId}-performance.png`,
    ]);
    const combat = await deferredEdit(
      componentInteraction(`session:view:${sessionId}:last`, { ...actor(), values: ['combat'] }),
      6,
    );
    expect(chartsOf(combat)).toEqual([
      `session-${sessionId}-performance.png`,
      `session-${sessionId}-efficiency.png`,
    ]);
  });

  it('/top image:true attaches the ranked table card', async () => {
    const edit = await deferredEdit(
      slashCommandInteraction('top', commandOptions({ metric: 'dpm', image: true }), actor()),
      5,
    );
    expect(chartsOf(edit)).toEqual(['top-dpm-all.png']);
  });

  it('/map and /weapon attach their charts', async () => {
    const map = await deferredEdit(
      slashCommandInteraction('map', commandOptions({ name: 'supply' }), actor()),
      5,
    );
    expect(chartsOf(map)).toEqual(['map-supply.png']);
    const weapon = await deferredEdit(
      slashCommandInteraction('weapon', commandOptions({ name: 'mp40' }), actor()),
      5,
    );
    expect(chartsOf(weapon)).toEqual(['weapon-mp40.png']);
  });
});
