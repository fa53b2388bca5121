import { describe, expect, it } from 'vitest';
import { definitionProblems } from '../discord/definitions.ts';
import { commands } from './index.ts';

describe('command registry', () => {
  it('holds definitions Discord will accept, each name once', () => {
    expect(definitionProblems(commands.map((command) => command.definition))).toEqual([]);
  });

  it('includes /help', () => {
    expect(commands.map((command) => command.definition.name)).toContain('help');
  });
});
