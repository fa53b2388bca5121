import type { APIMessage } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { componentInteraction } from '../../scripts/dev/discord-keys.ts';
import { asPrivateCopy, pressedByAnother } from './ownership.ts';
import { deferUpdate, reply, update } from './responses.ts';

const pressOn = (message: object) =>
  componentInteraction('sessions:page:>1', { message: message as Partial<APIMessage> });

describe('pressedByAnother', () => {
  it('knows the asker from interaction_metadata, or the older interaction field', () => {
    expect(pressedByAnother(pressOn({ interaction_metadata: { user: { id: '1' } } }), '2')).toBe(
      true,
    );
    expect(pressedByAnother(pressOn({ interaction: { user: { id: '1' } } }), '2')).toBe(true);
    expect(pressedByAnother(pressOn({ interaction_metadata: { user: { id: '2' } } }), '2')).toBe(
      false,
    );
  });

  it('lets anyone press where only they can see the message, or where Discord names no asker', () => {
    const privately = { flags: 64, interaction_metadata: { user: { id: '1' } } };
    expect(pressedByAnother(pressOn(privately), '2')).toBe(false);
    expect(pressedByAnother(pressOn({}), '2')).toBe(false);
  });
});

describe('asPrivateCopy', () => {
  it('turns a change in place into a private answer, and leaves replies alone', async () => {
    expect(asPrivateCopy(update({ content: 'page 2' }))).toEqual(
      reply({ content: 'page 2' }, { ephemeral: true }),
    );
    const copy = asPrivateCopy(deferUpdate(async () => ({ content: 'chart' })));
    expect(copy).toMatchObject({ kind: 'defer', ephemeral: true });
    if (copy.kind === 'defer') expect(await copy.finish()).toEqual({ content: 'chart' });
    const note = reply('not yours', { ephemeral: true });
    expect(asPrivateCopy(note)).toBe(note);
  });
});
