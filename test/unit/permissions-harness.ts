// Shared by the permissions-*.test.ts suites: the interactions endpoint over a real database with the
// permission hooks (worker/permissions/hooks.ts) in front of every registered command, each command
// wrapped so a test can tell whether its handler ran. Requests are signed like Discord's.
import { bindFirstGuild } from '../../worker/jobs/communities.ts';
import { communityForInteraction } from '../../worker/permissions/community.ts';
import { bindToDefault } from '../support/community.ts';
import type {
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIInteraction,
  APIInteractionResponse,
} from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Command } from '../../worker/discord/command.ts';
import type { CommandServices } from '../../worker/services.ts';
import { commands } from '../../worker/commands/index.ts';
import type { Database } from '../../worker/db/database.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { createDiscordRest } from '../../worker/discord/rest.ts';
import type { AuditRow } from '../../worker/permissions/audit.ts';
import { createAccessHooks } from '../../worker/permissions/hooks.ts';
import type { RateLimitPolicy } from '../../worker/permissions/rate-limit.ts';
import { interactionsRoute } from '../../worker/routes/interactions.ts';
import {
  type DiscordKeyPair,
  generateDiscordKeys,
  signedInteractionInit,
} from '../../scripts/dev/discord-keys.ts';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';
import { testConfig } from '../support/node-app.ts';

export const GUILD = '1200000000000000001';
/** Limits no test of permissions reaches (the rate-limit suite uses the real ones). */
export const UNLIMITED: RateLimitPolicy = {
  light: { user: { capacity: 1e9, perSecond: 1e6 }, guild: { capacity: 1e9, perSecond: 1e6 } },
  heavy: { user: { capacity: 1e9, perSecond: 1e6 }, guild: { capacity: 1e9, perSecond: 1e6 } },
  autocomplete: {
    user: { capacity: 1e9, perSecond: 1e6 },
    guild: { capacity: 1e9, perSecond: 1e6 },
  },
};

export interface Harness {
  readonly fake: FakeDiscord;
  /** Handler runs since the last reset: `admin run`, `stats autocomplete`, `admin component`. */
  readonly ran: string[];
  post(interaction: APIInteraction): Promise<APIInteractionResponse>;
  /** Waits for every background task (deferred answers, audit rows), as the Workers runtime would. */
  settled(): Promise<void>;
  setNow(now: Date): void;
  close(): Promise<void>;
}

function watched(command: Command<CommandServices>, ran: string[]): Command<CommandServices> {
  const name = command.definition.name;
  const { autocomplete, component } = command;
  return {
    ...command,
    run: (ctx) => {
      ran.push(`${name} run`);
      return command.run(ctx);
    },
    ...(autocomplete
      ? {
          autocomplete: (ctx) => {
            ran.push(`${name} autocomplete`);
            return autocomplete.call(command, ctx);
          },
        }
      : {}),
    ...(component
      ? {
          component: (ctx) => {
            ran.push(`${name} component`);
            return component.call(command, ctx);
          },
        }
      : {}),
  };
}

/** Every registered command (the player commands, /admin, and any added later) behind the permission hooks. */
export async function startHarness(
  db: Database,
  options: {
    owners: readonly string[];
    limits?: RateLimitPolicy;
    now: Date;
    /** Guilds bound to the default community before anything runs. */
    guilds?: readonly string[];
  },
): Promise<Harness> {
  for (const guild of options.guilds ?? []) await bindToDefault(db, guild);
  const keys: DiscordKeyPair = await generateDiscordKeys();
  const fake = await startFakeDiscord();
  const rest = createDiscordRest({ baseUrl: fake.apiBase, botToken: 'bot', sleep: async () => {} });
  const ran: string[] = [];
  const tasks: Promise<unknown>[] = [];
  let now = options.now;
  const hooks = createAccessHooks(options.limits ? { limits: options.limits } : {});
  const config = testConfig({ ownerUserIds: [...options.owners] });
  const wrapped = commands.map((command) => watched(command, ran));
  const root = new Hono();
  root.route(
    '/interactions',
    interactionsRoute<CommandServices>(() => ({
      publicKey: keys.publicKeyHex,
      now: () => now,
      servicesFor: async (interaction) => ({
        db,
        config,
        community: await communityForInteraction(
          db,
          interaction,
          config.ownerUserIds,
          now,
          bindFirstGuild,
        ),
      }),
      waitUntil: (work) => tasks.push(work),
      rest,
      commands: wrapped,
      log: () => {},
      ...hooks,
    })),
  );
  return {
    fake,
    ran,
    async post(interaction) {
      const init = await signedInteractionInit(keys.privateKey, interaction, {
        timestamp: Math.floor(now.getTime() / 1000),
      });
      const response = await root.request('/interactions', init);
      if (response.status !== 200)
        throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      return (await response.json()) as APIInteractionResponse;
    },
    async settled() {
      for (let seen = 0; seen < tasks.length; seen = tasks.length)
        await Promise.all(tasks.slice(seen));
    },
    setNow(next) {
      now = next;
    },
    close: () => fake.close(),
  };
}

export async function auditRows(db: Database): Promise<AuditRow[]> {
  const rows = await rowsOf<{
    id: number;
    at: string;
    community_id: number | null;
    user_id: string;
    guild_id: string | null;
    command: string;
    options: Record<string, unknown>;
    outcome: AuditRow['outcome'];
    detail: string | null;
    attempts: number;
    last_at: string | null;
  }>(
    db,
    sql`select id::int as id, community_id, to_json(at)#>>'{}' as at, user_id, guild_id, command, options, outcome, detail,
      attempts, to_json(last_at)#>>'{}' as last_at from audit_log order by id`,
  );
  return rows.map((r) => ({
    id: r.id,
    communityId: r.community_id === null ? null : Number(r.community_id),
    at: new Date(r.at),
    userId: r.user_id,
    guildId: r.guild_id,
    command: r.command,
    options: r.options,
    outcome: r.outcome,
    detail: r.detail,
    attempts: r.attempts,
    lastAt: r.last_at === null ? null : new Date(r.last_at),
  }));
}

/** One invocable form of a command: its subcommand path and its leaf options. */
export interface Form {
  readonly command: Command<CommandServices>;
  readonly subcommand: readonly string[];
  readonly options: readonly APIApplicationCommandOption[];
}

/** Every form of every command, read from the definitions (so commands added later are covered). */
export function formsOf(list: readonly Command<CommandServices>[]): Form[] {
  const forms: Form[] = [];
  for (const command of list) {
    const top = command.definition.options ?? [];
    const nested = top.filter(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand ||
        o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (nested.length === 0) forms.push({ command, subcommand: [], options: top });
    for (const option of nested) {
      if (option.type === ApplicationCommandOptionType.Subcommand)
        forms.push({ command, subcommand: [option.name], options: option.options ?? [] });
      else if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
        for (const sub of option.options ?? [])
          forms.push({ command, subcommand: [option.name, sub.name], options: sub.options ?? [] });
      }
    }
  }
  return forms;
}

/** A plausible value for each option (the first choice when there are choices), as Discord would send it. */
export function sampleValues(
  options: readonly APIApplicationCommandOption[],
  ids: { user: string; role: string; channel: string },
): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (const option of options) {
    const choice = 'choices' in option ? option.choices?.[0] : undefined;
    if (choice) {
      values[option.name] = choice.value;
      continue;
    }
    switch (option.type) {
      case ApplicationCommandOptionType.Integer:
      case ApplicationCommandOptionType.Number:
        values[option.name] = 1;
        break;
      case ApplicationCommandOptionType.Boolean:
        values[option.name] = false;
        break;
      case ApplicationCommandOptionType.User:
      case ApplicationCommandOptionType.Mentionable:
        values[option.name] = ids.user;
        break;
      case ApplicationCommandOptionType.Role:
        values[option.name] = ids.role;
        break;
      case ApplicationCommandOptionType.Channel:
        values[option.name] = ids.channel;
        break;
      default:
        values[option.name] = 'zz';
    }
  }
  return values;
}

/** Discord's option payloads for typed values: ids keep their option type (user, role, channel). */
export function typedOptions(
  form: Pick<Form, 'subcommand' | 'options'>,
  values: Readonly<Record<string, string | number | boolean>>,
  focused?: string,
): APIApplicationCommandInteractionDataOption[] {
  let options = Object.entries(values).map(([name, value]) => {
    const declared = form.options.find((o) => o.name === name);
    const type =
      declared?.type ??
      (typeof value === 'number'
        ? ApplicationCommandOptionType.Integer
        : typeof value === 'boolean'
          ? ApplicationCommandOptionType.Boolean
          : ApplicationCommandOptionType.String);
    return {
      name,
      type,
      value,
      ...(focused === name ? { focused: true } : {}),
    } as APIApplicationCommandInteractionDataOption;
  });
  for (let i = form.subcommand.length - 1; i >= 0; i--) {
    const type =
      i === form.subcommand.length - 1
        ? ApplicationCommandOptionType.Subcommand
        : ApplicationCommandOptionType.SubcommandGroup;
    options = [
      {
        name: form.subcommand[i] as string,
        type,
        options,
      } as APIApplicationCommandInteractionDataOption,
    ];
  }
  return options;
}
