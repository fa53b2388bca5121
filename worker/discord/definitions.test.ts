import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { definitionProblems } from './definitions.ts';

const string = (name: string, required = false) => ({
  type: ApplicationCommandOptionType.String as const,
  name,
  description: name,
  required,
});

describe('definitionProblems', () => {
  it('accepts a well-formed command with a subcommand group', () => {
    expect(
      definitionProblems([
        {
          name: 'admin',
          description: 'Admin',
          options: [
            {
              type: ApplicationCommandOptionType.SubcommandGroup,
              name: 'servers',
              description: 'Servers',
              options: [
                {
                  type: ApplicationCommandOptionType.Subcommand,
                  name: 'list',
                  description: 'List',
                  options: [string('filter')],
                },
              ],
            },
          ],
        },
      ]),
    ).toEqual([]);
  });

  it('names each problem Discord would reject', () => {
    expect(
      definitionProblems([
        { name: 'Stats', description: '', options: [string('period'), string('player', true)] },
        { name: 'Stats', description: 'again' },
      ]),
    ).toEqual([
      '/Stats: name "Stats" must be lowercase',
      '/Stats: description must be 1-100 characters (is 0)',
      '/Stats player: required options must come before optional ones',
      '/Stats is defined twice',
      '/Stats: name "Stats" must be lowercase',
    ]);
  });

  it('catches too many choices and autocomplete mixed with choices', () => {
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    const problems = definitionProblems([
      {
        name: 'top',
        description: 'Top',
        options: [
          { ...string('metric'), choices },
          { ...string('x'), autocomplete: true, choices: [{ name: 'a', value: 'a' }] } as never,
        ],
      },
    ]);
    expect(problems).toEqual([
      '/top metric: 26 choices; Discord allows 25',
      '/top x: autocomplete and choices cannot be combined',
    ]);
  });
});
