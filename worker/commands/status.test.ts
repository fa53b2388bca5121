import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { corpusFiles, loadTruth } from '../../test/support/corpus.ts';
import { slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { readCaller } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { statusData } from '../queries/status.ts';
import { status } from './status.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const truth = loadTruth();
const RECEIVED = new Date('2025-10-14T08:00:00Z');
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'corpus' })
    .returning();
  for (const file of corpusFiles()) {
    await importStatsFile(
      handle.db,
      { serverId: server!.id, fileName: file.name, bytes: file.bytes, receivedAt: RECEIVED },
      { sessionGapMinutes: 60 },
    );
  }
});
afterAll(() => handle.close());

describe('statusData', () => {
  it('counts rounds, players, sessions and quarantined files as the corpus has them', async () => {
    let tick = 1000;
    const data = await statusData(handle.db, 1, () => (tick += 7));
    expect(data).toMatchObject({
      rounds: truth.rounds.length,
      orphanRounds: truth.rounds.filter((r) => r.orphan).length,
      players: Object.values(truth.players).filter((p) => !p.bot).length,
      sessions: truth.sessions.length,
      files: corpusFiles().length,
      quarantined: truth.malformed.length,
      latencyMs: 7,
    });
    const last = [...truth.rounds].sort((a, b) => a.file.localeCompare(b.file)).at(-1)!;
    expect(data.lastRound).toMatchObject({
      map: last.map,
      round: last.round,
      receivedAt: RECEIVED.toISOString().replace('.000', ''),
    });
    expect(data.lastRound!.endedAt.slice(0, 10)).toBe(last.file.slice(0, 10));
  });
});

describe('/status', () => {
  it('answers with the figures in one embed', async () => {
    const interaction = slashCommandInteraction('status');
    const result = await status.run({
      caller: readCaller(interaction),
      services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
      now: () => new Date(),
      rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
      applicationId: '1',
      log: () => {},
      commands: [status],
      interaction,
      subcommand: [],
      options: {},
    });
    if (result.kind !== 'reply') throw new Error('expected an immediate reply');
    assertWithinLimits(result.message);
    const fields = result.message.embeds![0]!.fields!;
    expect(fields.find((f) => f.name === 'Quarantined')!.value).toBe(
      `${truth.malformed.length} unreadable files kept`,
    );
    expect(fields.find((f) => f.name === 'Rounds')!.value).toMatch(
      new RegExp(`^${truth.rounds.length}`),
    );
  });
});
