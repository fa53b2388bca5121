import type { APIMessageComponentInteraction } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import type { ComponentResult } from './responses.ts';

// A page or view button moves the message for everyone in the channel: only the person who ran the
// command may move it. Anyone else pressing gets the same page as a private copy (then theirs to
// move: the copy is the answer to their own press).

/**
 * Who ran the command whose answer carries the pressed component; null when Discord does not say (a
 * message the bot posted by itself).
 */
export function messageOwner(interaction: APIMessageComponentInteraction): string | null {
  const message = interaction.message as
    | {
        interaction_metadata?: { user?: { id?: string } };
        interaction?: { user?: { id?: string } };
        flags?: number;
      }
    | undefined;
  return message?.interaction_metadata?.user?.id ?? message?.interaction?.user?.id ?? null;
}

/**
 * True when `userId` pressed a component of a public message someone else's command made. An
 * ephemeral message can only be pressed by the one who sees it.
 */
export function pressedByAnother(
  interaction: APIMessageComponentInteraction,
  userId: string,
): boolean {
  const flags = (interaction.message as { flags?: number } | undefined)?.flags ?? 0;
  if ((flags & MessageFlags.Ephemeral) !== 0) return false;
  const owner = messageOwner(interaction);
  return owner !== null && owner !== userId;
}

/**
 * What a component handler answered, for someone who may not move the message: a change of the
 * message in place becomes a private copy at that page; a reply stays what it is.
 */
export function asPrivateCopy(result: ComponentResult): ComponentResult {
  switch (result.kind) {
    case 'update':
      return { kind: 'reply', message: result.message, ephemeral: true };
    case 'deferUpdate':
      return { kind: 'defer', finish: result.finish, ephemeral: true };
    default:
      return result;
  }
}
