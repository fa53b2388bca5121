import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommandInteraction } from '../../../scripts/dev/discord-keys.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../../test/support/corpus-database.ts';
import {
  auditRows,
  type Harness,
  startHarness,
  typedOptions,
  UNLIMITED,
} from '../../../test/unit/permissions-harness.ts';
import { rowsOf } from '../../db/rows.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const OWNER = '1300000000000000100';

let corpus: CorpusDatabase;
let harness: Harness;

beforeAll(async () => {
  corpus = await openCorpusDatabase();
  harness = await startHarness(corpus.db, { owners: [OWNER], limits: UNLIMITED, now: NOW });
}, 120_000);
afterAll(async () => {
  await harness?.close();
  await corpus?.close();
});

async function site(state?: string): Promise<string> {
  const values: Record<string, string> = state === undefined ? {} : { state };
  const declared = [
    { type: ApplicationCommandOptionType.String as const, name: 'state', description: 's' },
  ];
  const body = (await harness.post(
    slashCommandInteraction(
      'admin',
      typedOptions({ subcommand: ['site'], options: declared }, values),
      { userId: OWNER },
    ),
  )) as unknown as { data: { content?: string } };
  await harness.settled();
  return body.data.content ?? '';
}

const stored = async () =>
  (
    await rowsOf<{ site_enabled: boolean; data_version: string }>(
      corpus.db,
      sql`select site_enabled, data_version::text from communities where id = 1`,
    )
  )[0];

describe('/admin site', () => {
  it('turns the website off and on, says when nothing changed, and is audited', async () => {
    expect(await site()).toContain('is **on**');
    const before = await stored();
    expect(await site('off')).toContain('is **off**');
    const off = await stored();
    expect(off?.site_enabled).toBe(false);
    expect(Number(off?.data_version)).toBe(Number(before?.data_version) + 1);
    expect(await site('off')).toContain('was already **off**');
    expect(await site()).toContain('is **off**');
    expect(await site('on')).toContain('is **on**');
    expect((await stored())?.site_enabled).toBe(true);
    const audited = (await auditRows(corpus.db)).filter((r) => r.command.startsWith('admin site'));
    expect(audited.length).toBeGreaterThanOrEqual(5);
  });
});
