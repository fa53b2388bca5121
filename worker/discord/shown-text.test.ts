// The transport's guard under the escapers: whatever a handler builds, what Discord receives
// (message text, embed text, labels, alt text, autocomplete choices) has no control or bidi control.
import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { autocompleteInteraction, commandOptions } from '../../scripts/dev/discord-keys.ts';
import type { Command } from './command.ts';
import { dispatchInteraction } from './dispatch.ts';
import { messagePayload } from './message.ts';
import { reply } from './responses.ts';
import { createDiscordRest } from './rest.ts';

const BAD = '\u202e\u0007\u009b\u2067\u0000';
const hasBad = (text: string) => Array.from(BAD).some((c) => text.includes(c));

const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(strings)
      : value !== null && typeof value === 'object'
        ? Object.values(value).flatMap(strings)
        : [];

describe('messagePayload', () => {
  it('removes controls and bidi controls from all text Discord shows, not line breaks', () => {
    const row: APIActionRowComponent<APIComponentInMessageActionRow> = {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: `b${BAD}utton`,
          custom_id: 'x:1',
        },
        {
          type: ComponentType.StringSelect,
          custom_id: 'x:2',
          placeholder: `pick${BAD}`,
          options: [{ label: `o${BAD}ne`, value: 'one', description: `d${BAD}` }],
        },
      ],
    };
    const payload = messagePayload({
      content: `line${BAD}\nnext\ttab`,
      embeds: [
        {
          title: `t${BAD}`,
          description: `d${BAD}\ne`,
          fields: [{ name: `n${BAD}`, value: `v${BAD}`, inline: true }],
          footer: { text: `f${BAD}` },
          author: { name: `a${BAD}` },
          color: 1,
        },
      ],
      components: [row],
      files: [{ name: 'c.png', data: new Uint8Array([1]), description: `alt${BAD}` }],
    });
    expect(strings(payload).filter((s) => hasBad(s))).toEqual([]);
    expect(payload.content).toBe('line\nnext tab');
    expect(payload.embeds?.[0]).toEqual({
      title: 't',
      description: 'd\ne',
      fields: [{ name: 'n', value: 'v', inline: true }],
      footer: { text: 'f' },
      author: { name: 'a' },
      color: 1,
    });
    expect(payload.components?.[0]).toEqual({
      ...row,
      components: [
        { ...row.components[0], label: 'button' },
        {
          ...row.components[1],
          placeholder: 'pick',
          options: [{ label: 'one', value: 'one', description: 'd' }],
        },
      ],
    });
    expect(payload.attachments).toEqual([{ id: 0, filename: 'c.png', description: 'alt' }]);
  });
});

describe('autocomplete answers', () => {
  it('show each choice as one visible line, dropping one with nothing visible', async () => {
    const command: Command<null> = {
      definition: {
        name: 'pick',
        description: 'p',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'what',
            description: 'w',
            autocomplete: true,
          },
        ],
      },
      run: () => reply('ok'),
      autocomplete: () => [
        { name: `\u202eev\u200bil\tone${BAD}`, value: 'A1' },
        { name: `${BAD}\u200b\u3164`, value: 'B2' },
      ],
    };
    const response = await dispatchInteraction(
      autocompleteInteraction('pick', commandOptions({ what: 'e' }, { focused: 'what' })),
      {
        services: null,
        now: () => new Date(),
        rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9/api/v10' }),
        commands: [command],
        waitUntil: () => {},
        log: () => {},
      },
    );
    expect(response).toEqual({ type: 8, data: { choices: [{ name: 'evil one', value: 'A1' }] } });
  });
});
