// Access fails closed: a subcommand typed as a prototype member's name (`constructor`, `__proto__`,
// `toString`) once found a function where a level belongs, and a function passed the level check. A
// signed body of the wrong shape is answered, never a 5xx. Denied autocomplete (a request per keystroke)
// is counted into one audit row, not written once a keystroke.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import {
  autocompleteInteraction,
  commandOptions,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { openPglite, type PgliteHandle } from '../../worker/db/pglite.ts';
import { meetsAccess, requiredAccess } from '../../worker/discord/access.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { auditLine } from '../../worker/commands/admin/audit.ts';
import { DEFAULT_RATE_LIMITS } from '../../worker/permissions/rate-limit.ts';
import { auditRows, GUILD, type Harness, startHarness, UNLIMITED } from './permissions-harness.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const OWNER = '1300000000000000100';
/** A member of the guild with no roles and no permissions: PUBLIC. */
const NOBODY = { userId: '1300000000000000201', roles: [], permissions: '0' };
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const QUARANTINED = '2026-05-01-115000-supply-round-1.txt';

let handle: PgliteHandle;
let harness: Harness;

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'srv' })
    .returning();
  // A NUL file, quarantined: what the autocomplete leaked.
  await importStatsFile(
    handle.db,
    {
      serverId: (server as { id: number }).id,
      fileName: QUARANTINED,
      bytes: new TextEncoder().encode('srv\0\\supply\\x\\1\\1\\2\\12:00\\7:36\n'),
      receivedAt: NOW,
    },
    { sessionGapMinutes: 60 },
  );
  harness = await startHarness(handle.db, {
    owners: [OWNER],
    limits: UNLIMITED,
    now: NOW,
    guilds: [GUILD],
  });
});
afterAll(async () => {
  await harness?.close();
  await handle?.close();
});
beforeEach(async () => {
  await handle.db.execute(sql`delete from audit_log`);
  harness.ran.length = 0;
});

const typing = (sub: string, value: string, actor = NOBODY) =>
  autocompleteInteraction(
    'admin',
    commandOptions({ file: value }, { subcommand: ['quarantine', sub], focused: 'file' }),
    actor,
  );

describe('access fails closed', () => {
  it('needs OWNER for a level that is no level, and no level meets an unknown one', () => {
    const request = { kind: 'command' as const, subcommand: [], customId: null };
    for (const name of PROTOTYPE_NAMES) {
      const bogus = (() => name) as unknown as () => 'public';
      expect(requiredAccess(bogus, request), name).toBe('owner');
      expect(meetsAccess('owner', name as 'public'), name).toBe(false);
      expect(meetsAccess(name as 'public', 'public'), name).toBe(false);
    }
    const fn = Object.prototype.constructor as unknown as 'public';
    expect(meetsAccess('public', fn)).toBe(false);
  });

  it('denies /admin quarantine constructor|__proto__|toString to a member with no roles, running nothing', async () => {
    for (const name of PROTOTYPE_NAMES) {
      const choices = await harness.post(typing(name, 'sup'));
      expect(choices, name).toEqual({ type: 8, data: { choices: [] } });
      const ran = await harness.post(
        slashCommandInteraction(
          'admin',
          commandOptions({ file: QUARANTINED }, { subcommand: ['quarantine', name] }),
          NOBODY,
        ),
      );
      expect(JSON.stringify(ran), name).not.toContain(QUARANTINED);
      expect(ran, name).toMatchObject({ type: 4, data: { flags: 64 } });
    }
    await harness.settled();
    expect(harness.ran).toEqual([]);
    // Each attempt is audited as denied: the command once each, the autocomplete counted.
    const rows = await auditRows(handle.db);
    expect(rows.every((r) => r.outcome === 'denied')).toBe(true);
    expect(rows.filter((r) => r.command.endsWith('[autocomplete]'))).toHaveLength(
      PROTOTYPE_NAMES.length,
    );
    // The owner still gets the choices: the check denies the name, not the command.
    const owner = await harness.post(typing('show', 'sup', { ...NOBODY, userId: OWNER }));
    expect(JSON.stringify(owner)).toContain(QUARANTINED);
  });
});

describe('denied autocomplete in the audit log', () => {
  it('is one row an hour however many keystrokes, counting them and keeping the latest typed', async () => {
    const word = 'supply-round-one-and-then-a-good-deal-more-typing-than-sixty';
    for (let i = 1; i <= 60; i++) {
      harness.setNow(new Date(NOW.getTime() + i * 250));
      await harness.post(typing('show', word.slice(0, i)));
    }
    await harness.settled();
    const rows = await auditRows(handle.db);
    expect(rows).toMatchObject([
      {
        command: 'admin quarantine show [autocomplete]',
        outcome: 'denied',
        attempts: 60,
        at: new Date(NOW.getTime() + 250),
        lastAt: new Date(NOW.getTime() + 60 * 250),
        options: { file: word.slice(0, 60) },
      },
    ]);
    expect(auditLine(rows[0] as (typeof rows)[number])).toContain(
      '→ **denied** ×60, the last 2026-05-01 12:00 UTC',
    );
    // The next hour opens a new row; a command is still one row per attempt.
    harness.setNow(new Date(NOW.getTime() + 3_600_000));
    await harness.post(typing('show', 's'));
    await harness.post(
      slashCommandInteraction(
        'admin',
        commandOptions({ file: QUARANTINED }, { subcommand: ['quarantine', 'show'] }),
        NOBODY,
      ),
    );
    await harness.post(
      slashCommandInteraction(
        'admin',
        commandOptions({ file: QUARANTINED }, { subcommand: ['quarantine', 'show'] }),
        NOBODY,
      ),
    );
    await harness.settled();
    expect((await auditRows(handle.db)).map((r) => [r.command, r.attempts])).toEqual([
      ['admin quarantine show [autocomplete]', 60],
      ['admin quarantine show [autocomplete]', 1],
      ['admin quarantine show', 1],
      ['admin quarantine show', 1],
    ]);
    harness.setNow(NOW);
  });

  it('stays one row under the real rate limits too (the limited keystrokes are not audited)', async () => {
    const limited = await startHarness(handle.db, {
      owners: [OWNER],
      limits: DEFAULT_RATE_LIMITS,
      now: new Date(NOW.getTime() + 7_200_000),
    });
    try {
      for (let i = 1; i <= 60; i++) await limited.post(typing('list', 'x'.repeat(i)));
      await limited.settled();
    } finally {
      await limited.close();
    }
    const rows = await auditRows(handle.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.attempts).toBeGreaterThanOrEqual(40);
    expect(rows[0]?.attempts).toBeLessThanOrEqual(60);
  });
});

describe('a signed interaction of the wrong shape', () => {
  const base = () =>
    slashCommandInteraction('admin', commandOptions({}, { subcommand: ['status'] }), {
      userId: OWNER,
    }) as unknown as Record<string, unknown>;
  const cases: Record<string, (i: Record<string, unknown>) => Record<string, unknown>> = {
    'no data': ({ data: _, ...rest }) => rest,
    'data that is text': (i) => ({ ...i, data: 'admin' }),
    'options that are not a list': (i) => ({
      ...i,
      data: { ...(i.data as object), options: { name: 'status' } },
    }),
    'nested options that are not a list': (i) => ({
      ...i,
      data: { ...(i.data as object), options: [{ name: 'status', type: 1, options: 'x' }] },
    }),
    'an option value that is an object': (i) => ({
      ...i,
      data: {
        ...(i.data as object),
        options: [{ name: '__proto__', type: 3, value: { server: 'x' } }],
      },
    }),
    'roles that are text': (i) => ({
      ...i,
      member: { ...(i.member as object), roles: '1500000000000000004' },
    }),
    'no name': (i) => ({ ...i, data: { ...(i.data as object), name: 7 } }),
  };

  it('is answered 200 with an ephemeral apology, running nothing', async () => {
    for (const [what, change] of Object.entries(cases)) {
      const answer = await harness.post(change(base()) as never);
      expect(answer, what).toMatchObject({
        type: 4,
        data: { flags: 64, content: expect.stringMatching(/could not be read .*nothing was run/) },
      });
    }
    const autocomplete = typing('show', 's') as unknown as Record<string, unknown>;
    const { data: _, ...withoutData } = autocomplete;
    expect(await harness.post(withoutData as never)).toEqual({ type: 8, data: { choices: [] } });
    await harness.settled();
    expect(harness.ran).toEqual([]);
  });
});
