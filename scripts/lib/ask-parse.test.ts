import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { ApplicationCommandOptionType as T } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { parseAskedCommand, tokenize } from './ask-parse.ts';

const definitions: RESTPostAPIChatInputApplicationCommandsJSONBody[] = [
  {
    name: 'stats',
    description: 'Stats',
    options: [
      { type: T.String, name: 'player', description: 'p', autocomplete: true },
      {
        type: T.String,
        name: 'period',
        description: 'p',
        choices: [
          { name: 'Last 30 days', value: '30d' },
          { name: 'All', value: 'all' },
        ],
      },
      { type: T.Integer, name: 'rounds', description: 'r' },
      { type: T.Boolean, name: 'public', description: 'b' },
      { type: T.User, name: 'user', description: 'u' },
    ],
  },
  {
    name: 'link',
    description: 'Link',
    options: [{ type: T.String, name: 'player', description: 'p', required: true }],
  },
  {
    name: 'admin',
    description: 'Admin',
    options: [
      {
        type: T.SubcommandGroup,
        name: 'servers',
        description: 's',
        options: [
          { type: T.Subcommand, name: 'list', description: 'l' },
          {
            type: T.Subcommand,
            name: 'revoke',
            description: 'r',
            options: [{ type: T.String, name: 'name', description: 'n', required: true }],
          },
        ],
      },
      { type: T.Subcommand, name: 'rebuild', description: 'r' },
    ],
  },
];

describe('tokenize', () => {
  it('keeps quoted runs together, anywhere in a word', () => {
    expect(tokenize(`/stats player:"o l z" period:'30d'  x`)).toEqual({
      ok: true,
      tokens: ['/stats', 'player:o l z', 'period:30d', 'x'],
    });
    expect(tokenize('/link player:"say \\"hi\\""')).toEqual({
      ok: true,
      tokens: ['/link', 'player:say "hi"'],
    });
    expect(tokenize('a ""')).toEqual({ ok: true, tokens: ['a', ''] });
  });

  it('reports an unclosed quote', () => {
    expect(tokenize('/stats player:"olz')).toEqual({ ok: false, reason: 'unclosed " quote' });
  });
});

describe('parseAskedCommand', () => {
  it('types each option as its definition says', () => {
    const parsed = parseAskedCommand(
      '/stats player:"[BOT] olz" period:30d rounds:12 public:true user:<@!123456>',
      definitions,
    );
    expect(parsed).toEqual({
      ok: true,
      command: {
        name: 'stats',
        subcommand: [],
        options: [
          { name: 'player', type: T.String, value: '[BOT] olz' },
          { name: 'period', type: T.String, value: '30d' },
          { name: 'rounds', type: T.Integer, value: 12 },
          { name: 'public', type: T.Boolean, value: true },
          { name: 'user', type: T.User, value: '123456' },
        ],
      },
    });
  });

  it('nests subcommand groups and subcommands as Discord does', () => {
    expect(parseAskedCommand('/admin servers revoke name:"eu 1"', definitions)).toEqual({
      ok: true,
      command: {
        name: 'admin',
        subcommand: ['servers', 'revoke'],
        options: [
          {
            name: 'servers',
            type: T.SubcommandGroup,
            options: [
              {
                name: 'revoke',
                type: T.Subcommand,
                options: [{ name: 'name', type: T.String, value: 'eu 1' }],
              },
            ],
          },
        ],
      },
    });
    expect(parseAskedCommand(['/admin', 'rebuild'], definitions)).toMatchObject({
      ok: true,
      command: { subcommand: ['rebuild'] },
    });
  });

  it('marks the focused option for autocomplete and sends partial text', () => {
    const parsed = parseAskedCommand('/stats rounds:1 player:ol', definitions, {});
    expect(parsed).toMatchObject({ ok: true });
    if (parsed.ok) {
      expect(parsed.command.options).toEqual([
        { name: 'rounds', type: T.Integer, value: '1' },
        { name: 'player', type: T.String, value: 'ol', focused: true },
      ]);
    }
  });

  it('explains every mistake', () => {
    const reason = (line: string) => {
      const parsed = parseAskedCommand(line, definitions);
      return parsed.ok ? 'ok' : parsed.reason;
    };
    expect(reason('stats')).toMatch(/start with the command/);
    expect(reason('/nope')).toBe('/nope is not a command; known: /stats /link /admin');
    expect(reason('/stats nick:x')).toMatch(
      /has no option "nick" \(options: player, period, rounds, public, user\)/,
    );
    expect(reason('/stats rounds:many')).toBe('rounds must be a whole number, got "many"');
    expect(reason('/stats period:year')).toBe('period must be one of: 30d, all');
    expect(reason('/stats public:yes')).toBe('public must be true or false, got "yes"');
    expect(reason('/stats olz')).toMatch(/"olz" is not option:value/);
    expect(reason('/link')).toBe('missing required option player:');
    expect(reason('/admin')).toBe('/admin needs one of: servers, rebuild');
    expect(reason('/admin servers')).toBe('/admin servers needs one of: list, revoke');
  });
});
