import type { ImmediateMessage } from './message.ts';

/** A short id the user can quote and we can grep for in the logs: 8 characters of base-36 randomness. */
export function newErrorId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  let id = '';
  for (const byte of bytes) id += (byte % 36).toString(36);
  return id + (Date.now() % 1296).toString(36).padStart(2, '0');
}

/**
 * What the user sees when a handler fails: never a 500, which Discord shows as "This interaction failed".
 * Replaces the whole message (embeds and buttons too) so a failed page turn does not leave stale buttons.
 */
export function apologyMessage(errorId: string): ImmediateMessage {
  return {
    content: `Sorry, something went wrong on our side (error id \`${errorId}\`). Please try again in a minute; if it keeps happening, tell an admin the error id.`,
    embeds: [],
    components: [],
  };
}
