import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { renderChoices, renderMessage } from './ask-render.ts';

describe('renderMessage', () => {
  it('shows content, embeds with fields and footer, and how to press each button', () => {
    const text = renderMessage({
      flags: 64,
      content: 'Top K/D',
      embeds: [
        {
          title: 'Last 30 days',
          description: '1. olz',
          fields: [{ name: 'Kills', value: '10\n12', inline: true }],
          footer: { text: 'min 10 rounds' },
        },
      ],
      components: [
        {
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Primary,
              label: '◀',
              custom_id: 'top:kd:<0',
              disabled: true,
            },
            {
              type: ComponentType.Button,
              style: ButtonStyle.Primary,
              label: '▶',
              custom_id: 'top:kd:>1',
            },
          ],
        },
      ],
    });
    expect(text).toBe(
      [
        '(only you can see this)',
        'Top K/D',
        '',
        '── Last 30 days ──',
        '1. olz',
        '  Kills (inline)',
        '    10',
        '    12',
        '  — min 10 rounds',
        '',
        'Buttons:',
        '  [◀] (disabled)  --click "top:kd:<0"',
        '  [▶]  --click "top:kd:>1"',
      ].join('\n'),
    );
  });
});

describe('renderMessage with a select menu', () => {
  it('lists every choice with the --click … --select … that makes it', () => {
    const text = renderMessage({
      components: [
        {
          components: [
            {
              type: ComponentType.StringSelect,
              custom_id: 'session:view:12',
              placeholder: 'Switch view',
              options: [
                { label: 'Summary', value: 'summary', default: true },
                { label: 'Combat', value: 'combat' },
              ],
            },
          ],
        },
      ],
    });
    expect(text).toBe(
      [
        '',
        'Menu [Switch view]:',
        '  Summary (shown)  --click "session:view:12" --select "summary"',
        '  Combat  --click "session:view:12" --select "combat"',
      ].join('\n'),
    );
  });
});

describe('renderChoices', () => {
  it('lists suggestions with the value sent', () => {
    expect(renderChoices([{ name: 'olz', value: 'guid1' }])).toBe('  olz  →  "guid1"');
    expect(renderChoices([])).toBe('(no suggestions)');
  });
});
