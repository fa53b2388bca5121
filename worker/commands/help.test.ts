import { type APIEmbed, ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../discord/limits.ts';
import { details, overview } from './help.ts';
import type { CommandInfo } from '../discord/command.ts';
import { commands } from './index.ts';

const stats: CommandInfo = {
  definition: {
    name: 'stats',
    description: 'A player’s figures',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'player',
        description: 'Player name',
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'period',
        description: 'Time span',
        choices: [
          { name: 'All time', value: 'all' },
          { name: 'Last 30 days', value: '30d' },
        ],
      },
    ],
  },
};
const link: CommandInfo = {
  definition: {
    name: 'link',
    description: 'Link yourself',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'player',
        description: 'Your name',
        required: true,
      },
    ],
  },
  access: 'public',
};
const admin: CommandInfo = {
  definition: {
    name: 'admin',
    description: 'Administration',
    options: [
      {
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: 'servers',
        description: 'Game servers',
        options: [
          {
            type: ApplicationCommandOptionType.Subcommand,
            name: 'list',
            description: 'List ingest keys',
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'rebuild',
        description: 'Re-derive everything',
      },
    ],
  },
  access: (request) => (request.subcommand[0] === 'rebuild' ? 'owner' : 'admin'),
};

describe('/help overview', () => {
  it('lists every form of every command with required and optional options', () => {
    const embed = overview([stats, link, admin]);
    expect(embed.description).toBe(
      ['`/stats [player] [period]` — A player’s figures', '`/link <player>` — Link yourself'].join(
        '\n',
      ),
    );
    expect(embed.fields).toEqual([
      {
        name: 'For moderators and admins',
        value: '`/admin` servers list · rebuild — /help command:admin',
      },
    ]);
  });

  it('fits Discord’s limits for the real registry', () => {
    expect(() => assertWithinLimits({ embeds: [overview(commands)] })).not.toThrow();
    for (const command of commands) {
      const embed = details(command);
      expect(embed).toBeDefined();
      expect(() => assertWithinLimits({ embeds: [embed as APIEmbed] })).not.toThrow();
    }
  });

  it('lists /teams history for everyone and the /admin teams forms for staff', () => {
    const embed = overview(commands);
    expect(embed.description).toContain(
      '`/teams history [player1] [player2] [player3] [player4] [player5] [player6] [session] [team]` — How a lineup did over time',
    );
    expect(embed.fields?.[0]?.value).toMatch(/`\/admin` .*teams player · teams name/);
  });
});

describe('/help command:<name>', () => {
  it('explains each option, marking optional ones and listing choices', () => {
    const embed = details(stats) as APIEmbed;
    expect(embed.title).toBe('/stats');
    expect(embed.fields).toEqual([
      {
        name: '`/stats [player] [period]`',
        value:
          'A player’s figures\n• `player` (optional): Player name\n• `period` (optional): Time span (All time, Last 30 days)',
      },
    ]);
  });
});

/** A command with `groups` groups of `each` subcommands, each with a long option: too much for one embed. */
function wide(groups: number, each: number): CommandInfo {
  return {
    definition: {
      name: 'wide',
      description: 'Many forms',
      options: Array.from({ length: groups }, (_, g) => ({
        type: ApplicationCommandOptionType.SubcommandGroup as const,
        name: `g${g}`,
        description: `Group ${g}`,
        options: Array.from({ length: each }, (_, s) => ({
          type: ApplicationCommandOptionType.Subcommand as const,
          name: `s${s}`,
          description: `Form ${g}.${s}`,
          options: [
            {
              type: ApplicationCommandOptionType.String as const,
              name: 'text',
              description: 'x'.repeat(90),
            },
          ],
        })),
      })),
    },
    access: 'admin',
  };
}

describe('/help for a command too big for one embed', () => {
  it('lists one field per group, a line per form, within Discord’s limits', () => {
    const embed = details(wide(8, 5)) as APIEmbed;
    expect(embed.fields?.map((field) => field.name)).toEqual(
      Array.from({ length: 8 }, (_, g) => `/wide g${g}`),
    );
    expect(embed.fields?.[2]?.value.split('\n')).toHaveLength(5);
    expect(embed.fields?.[2]?.value).toContain('`/wide g2 s4 [text]` — Form 2.4');
    expect(embed.description).toContain('/help command:wide <subcommand>');
    expect(() => assertWithinLimits({ embeds: [embed] })).not.toThrow();
  });

  it('explains one group in full when asked for it, and nothing for an unknown one', () => {
    const embed = details(wide(8, 5), ['g3']) as APIEmbed;
    expect(embed.title).toBe('/wide g3');
    expect(embed.fields).toHaveLength(5);
    expect(embed.fields?.[0]?.value).toContain('• `text` (optional): xxx');
    expect(details(wide(8, 5), ['nope'])).toBeUndefined();
  });

  it('keeps to 25 fields when there are more groups', () => {
    const embed = details(wide(40, 1)) as APIEmbed;
    expect(embed.fields).toHaveLength(25);
    expect(embed.fields?.[24]?.name).toBe('More');
    expect(embed.fields?.[24]?.value).toContain('/wide g39');
  });

  it('spreads the staff list over several fields when one would overflow', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...wide(1, 3),
      definition: { ...wide(1, 3).definition, name: `staffcommand${i}` },
    }));
    const embed = overview(many);
    expect(embed.fields?.length).toBeGreaterThan(1);
    expect(embed.fields?.every((field) => field.value.length <= 1024)).toBe(true);
    expect(embed.fields?.map((field) => field.value).join('\n')).toContain('/staffcommand29');
  });
});
