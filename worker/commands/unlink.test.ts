import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordLinks, gameServers } from '../../schema/index.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { readCaller } from '../discord/interaction.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { linkOfUser } from '../queries/links.ts';
import { unlink } from './unlink.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const ALICE = '1300000000000000001';
const BOB = '1300000000000000002';
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'corpus' })
    .returning();
  const [file] = corpusFiles();
  await importStatsFile(
    handle.db,
    { serverId: server!.id, fileName: file!.name, bytes: file!.bytes, receivedAt: new Date(0) },
    { sessionGapMinutes: 60 },
  );
  const at = new Date('2025-10-01T00:00:00Z');
  await handle.db.insert(discordLinks).values([
    { communityId: 1, userId: ALICE, guid: '0925E474', linkedAt: at, linkedBy: ALICE },
    { communityId: 1, userId: BOB, guid: '5C14BC4A', linkedAt: at, linkedBy: BOB },
  ]);
});
afterAll(() => handle.close());

async function run(userId: string) {
  const interaction = slashCommandInteraction('unlink', [], { userId });
  const result = await unlink.run({
    caller: readCaller(interaction),
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
    now: () => new Date(),
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
    applicationId: '1',
    log: () => {},
    commands: [unlink],
    interaction,
    subcommand: [],
    options: {},
  });
  if (result.kind !== 'reply') throw new Error('expected an immediate reply');
  return result;
}

describe('/unlink', () => {
  it('removes the caller’s own link only, privately', async () => {
    const result = await run(ALICE);
    expect(result).toMatchObject({
      ephemeral: true,
      message: { content: 'Unlinked: you are no longer linked to **kris2** (`0925E474`).' },
    });
    expect(await linkOfUser(handle.db, 1, ALICE)).toBeUndefined();
    expect(await linkOfUser(handle.db, 1, BOB)).toMatchObject({ guid: '5C14BC4A' });
  });

  it('says there is nothing to unlink for someone without a link', async () => {
    expect((await run(ALICE)).message.content).toBe(
      'You have not linked a player, so there is nothing to unlink.',
    );
  });
});
