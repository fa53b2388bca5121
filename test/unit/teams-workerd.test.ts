// The session teams in the deployed bundle in workerd over the sample corpus: a moderator names a team, and
// the name shows in /last_session's lineups and maps views and in /teams history; the maps view breaks each
// map play into its rounds; the summary names the MVP.
import { sql } from 'drizzle-orm';
import type { APIEmbed, APIInteraction } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../worker/db/rows.ts';
import { recomputeAll } from '../../worker/recompute/index.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import {
  commandOptions,
  DEFAULT_GUILD_ID,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';

/** A Discord administrator of the bound guild: ADMIN there, so a moderator's commands are allowed. */
const STAFF = { userId: '1300000000000000777', permissions: '8', guildId: DEFAULT_GUILD_ID };

let stack: LocalStack;
let latest: number;
beforeAll(async () => {
  // The teams come from the recompute, as after the nightly run or the post-import step.
  stack = await startLocalStack((local) =>
    recomputeAll(local.db, { sessionGapMinutes: 60, seasons: QUARTERS }, new Date()).then(() => {}),
  );
  const [row] = await rowsOf<{ id: number }>(
    stack.local.db,
    sql`select id from gaming_sessions order by started_at desc limit 1`,
  );
  latest = row!.id;
}, 120_000);
afterAll(() => stack?.stop());

type Body = { type: number; data?: { content?: string; embeds?: APIEmbed[] } };

async function answer(interaction: APIInteraction): Promise<Body> {
  const response = await stack.worker.fetch(
    '/interactions',
    await signedInteractionInit(stack.keys.privateKey, interaction),
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Body;
}

/** The message a command ends with: the immediate answer, or the edit of @original after a deferral. */
async function finalMessage(interaction: APIInteraction): Promise<Body['data']> {
  const body = await answer(interaction);
  if (body.type !== 5) return body.data;
  const edit = await stack.discord.waitFor(
    (r) => r.kind === 'editOriginal' && r.token === interaction.token,
    30_000,
  );
  return edit.payload as Body['data'];
}

const textOf = (data: Body['data']) =>
  [
    data?.content,
    ...(data?.embeds ?? []).flatMap((e) => [
      e.title,
      e.description,
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ].join('\n');

describe('session teams in workerd', () => {
  it('names a team, and the name shows in the lineups view, the maps view and /teams history', async () => {
    const named = await answer(
      slashCommandInteraction(
        'admin',
        commandOptions(
          { session: latest, team: 'A', name: 'Red Devils' },
          { subcommand: ['teams', 'name'] },
        ),
        STAFF,
      ),
    );
    expect(textOf(named.data)).toContain('Team A is now called **Red Devils**.');

    const lineups = textOf(
      await finalMessage(
        slashCommandInteraction('last_session', commandOptions({ view: 'lineups' })),
      ),
    );
    expect(lineups).toMatch(/\*\*Start\*\* \(1\. .+\)\nRed Devils \(A\): .+\nTeam B: .+/);

    const maps = textOf(
      await finalMessage(slashCommandInteraction('last_session', commandOptions({ view: 'maps' }))),
    );
    expect(maps).toMatch(
      /\*\*R1\*\* · (Red Devils \(A\)|Team B) attacked · (objective in|defence held)/,
    );
    expect(maps).toMatch(/\*\*R2\*\* · (Red Devils \(A\)|Team B) attacked · /);
    expect(maps).toMatch(/└ .+ \d+\.\d DPM \d+\/\d+/);

    const history = textOf(
      await finalMessage(
        slashCommandInteraction(
          'teams',
          commandOptions({ session: latest, team: 'A' }, { subcommand: ['history'] }),
        ),
      ),
    );
    expect(history).toContain(`**#${latest}** · `);
    expect(history).toContain('as Red Devils (A) of ');
  });

  it('names the MVP under the stated rule and each team’s totals in the summary', async () => {
    const summary = textOf(await finalMessage(slashCommandInteraction('last_session')));
    expect(summary).toMatch(/🏅 \*\*MVP: .+\*\* \(.+\) — \d+\.\d DPM · \d+\/\d+ · [\d,]+ damage/);
    expect(summary).toContain(
      '_MVP: the best DPM among players with at least half the longest time played; ties: more kills._',
    );
    expect(summary).toMatch(/Team totals\n\*\*Red Devils \(A\)\*\* · \d+ players · /);
  });
});
