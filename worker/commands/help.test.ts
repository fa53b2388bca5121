import { ApplicationCommandOptionType } from 'discord-api-types/v10';
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
    for (const command of commands)
      expect(() => assertWithinLimits({ embeds: [details(command)] })).not.toThrow();
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
    const embed = details(stats);
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
