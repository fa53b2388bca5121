import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../commands/admin/index.ts';
import { help } from '../commands/help.ts';
import { stats } from '../commands/stats.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { addCommunity } from '../../test/support/community.ts';
import { auditOptions, listAudit, writeAudit } from './audit.ts';
import { commandPath, defaultRateClass } from './hooks.ts';

const AT = new Date('2026-05-01T12:00:00Z');
let handle: PgliteHandle;
beforeAll(async () => {
  handle = await openPglite();
});
afterAll(() => handle.close());

describe('the audit log', () => {
  it('stores no secret and no novel: secret-looking options are redacted, long text clipped', () => {
    expect(
      auditOptions({
        name: 'eu-1',
        bot_token: 'abc',
        client_secret: 'x',
        Password: 'p',
        public_key: 'AAAA',
        long: 'x'.repeat(300),
        n: 3,
        b: true,
      }),
    ).toEqual({
      name: 'eu-1',
      bot_token: '[redacted]',
      client_secret: '[redacted]',
      Password: '[redacted]',
      public_key: 'AAAA',
      long: `${'x'.repeat(199)}…`,
      n: 3,
      b: true,
    });
    // An option named like a prototype member is an option like any other, not a lost value.
    const typed = JSON.parse('{"__proto__":"x","constructor":"y"}');
    expect(JSON.stringify(auditOptions(typed))).toBe('{"__proto__":"x","constructor":"y"}');
  });

  it('lists newest first, by user, by command path (whole words, taken literally) and by guild', async () => {
    const row = (userId: string, command: string, guildId: string | null, communityId = 1) =>
      writeAudit(handle.db, {
        communityId,
        at: AT,
        userId,
        guildId,
        command,
        options: {},
        outcome: 'answered',
        detail: null,
      });
    await row('2', 'admin server say', 'g1');
    await row('1', 'admin servers add', 'g1');
    await row('2', 'admin status', 'g1');
    await row('1', 'admin status', 'g2');
    await row('1', 'adminXservers', 'g1');
    // Another community's row is never listed in this one's log.
    await row('1', 'admin status', 'g1', await addCommunity(handle.db, 'other', 'Other'));
    const commands = async (filter: Omit<Parameters<typeof listAudit>[1], 'communityId'>) =>
      (await listAudit(handle.db, { communityId: 1, ...filter })).map(
        (r) => `${r.userId} ${r.command} ${r.guildId}`,
      );
    expect(await commands({})).toEqual([
      '1 adminXservers g1',
      '1 admin status g2',
      '2 admin status g1',
      '1 admin servers add g1',
      '2 admin server say g1',
    ]);
    expect(await commands({ userId: '1', guildId: 'g1' })).toEqual([
      '1 adminXservers g1',
      '1 admin servers add g1',
    ]);
    expect(await commands({ command: '/admin servers' })).toEqual(['1 admin servers add g1']);
    // Whole words: the server group is not the servers group, nor is a word cut short.
    expect(await commands({ command: 'admin server' })).toEqual(['2 admin server say g1']);
    expect(await commands({ command: 'admin serv' })).toEqual([]);
    expect(await commands({ command: 'admin server say' })).toEqual(['2 admin server say g1']);
    expect(await commands({ command: 'admin_' })).toEqual([]);
    const [newest] = await listAudit(handle.db, { communityId: 1, limit: 1 });
    expect(await commands({ beforeId: newest!.id, limit: 2 })).toEqual([
      '1 admin status g2',
      '2 admin status g1',
    ]);
  });
});

describe('how an interaction is named and rate-classed', () => {
  const check = (over: Partial<Parameters<typeof commandPath>[0]>) => ({
    kind: 'command' as const,
    command: help,
    subcommand: [],
    customId: null,
    ...over,
  });

  it('names the command path, the autocomplete and the button', () => {
    expect(commandPath(check({ command: admin, subcommand: ['servers', 'add'] }))).toBe(
      'admin servers add',
    );
    expect(commandPath(check({ kind: 'autocomplete', command: admin, subcommand: ['link'] }))).toBe(
      'admin link [autocomplete]',
    );
    expect(
      commandPath(check({ kind: 'component', command: admin, customId: 'rebuild:go:1:2' })),
    ).toBe('admin [button rebuild]');
  });

  it('puts charts and heavy admin work in the strict class, typing in the loose one', () => {
    expect(defaultRateClass(check({ command: stats }))).toBe('heavy');
    expect(defaultRateClass(check({ command: stats, kind: 'autocomplete' }))).toBe('autocomplete');
    expect(defaultRateClass(check({}))).toBe('light');
    expect(defaultRateClass(check({ command: admin, subcommand: ['quarantine', 'retry'] }))).toBe(
      'heavy',
    );
    expect(
      defaultRateClass(check({ command: admin, kind: 'component', customId: 'rebuild:go:1:2' })),
    ).toBe('heavy');
    expect(defaultRateClass(check({ command: admin, subcommand: ['status'] }))).toBe('light');
  });
});
