import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordLinks } from '../../schema/index.ts';
import { loadTruth } from '../../test/support/corpus.ts';
import { commandOptions, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { whois, whoisData } from './whois.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const truth = loadTruth();
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openCorpusDatabase();
});
afterAll(() => handle.close());

async function ask(name: string) {
  const interaction = slashCommandInteraction('whois', commandOptions({ name }));
  const { subcommand, options } = readOptions(interaction.data.options);
  const result = await whois.run({
    caller: readCaller(interaction),
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
    now: () => new Date(),
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
    applicationId: '1',
    log: () => {},
    commands: [whois],
    interaction,
    subcommand,
    options,
  });
  if (result.kind !== 'reply') throw new Error('expected an immediate reply');
  assertWithinLimits(result.message);
  return result;
}

const clean = (name: string) => name.replace(/\^[\s\S]/g, '');
const roundsOf = (guid: string) => truth.rounds.filter((r) => r.players?.[guid]).length;

describe('whoisData', () => {
  it('finds a player by an old name, with every name they used and their rounds', async () => {
    const [entry] = await whoisData(handle.db, 1, 'i^mamez^n3_53');
    expect(entry).toMatchObject({ guid: 'EF8ACD12', rounds: roundsOf('EF8ACD12'), linked: false });
    expect([...entry!.names].sort()).toEqual(
      [...new Set(truth.players['EF8ACD12']!.names.map(clean))].sort(),
    );
  });

  it('finds by GUID and by part of a name, and marks linked players', async () => {
    await handle.db.insert(discordLinks).values({
      communityId: 1,
      userId: '1300000000000000001',
      guid: '9DC8DB48',
      linkedAt: new Date(),
      linkedBy: 'x',
    });
    expect((await whoisData(handle.db, 1, '9dc8db48')).map((e) => [e.guid, e.linked])).toEqual([
      ['9DC8DB48', true],
    ]);
    const iamez = await whoisData(handle.db, 1, 'iamez');
    expect(iamez.map((e) => e.guid).sort()).toEqual([
      '3B8367DC',
      '5B8AAA46',
      'AB63AD02',
      'EF8ACD12',
    ]);
  });
});

describe('/whois', () => {
  it('lists each match with its names escaped for markdown', async () => {
    const result = await ask('iamez');
    const text = result.message.embeds![0]!.description!;
    expect(text).toContain('`EF8ACD12`');
    expect(text).toContain(escapeMarkdown('iamez3_33'));
    expect(text).not.toContain('iamez3_33');
    expect(text).toContain(`${roundsOf('EF8ACD12')} rounds`);
  });

  it('says, privately, when nobody matches', async () => {
    expect(await ask('no-such-player')).toMatchObject({
      ephemeral: true,
      message: { content: "No player matches 'no\\-such\\-player'." },
    });
  });
});
