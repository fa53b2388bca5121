/**
 * The nonce of one post (a channel, a kind of post, its subject): up to 25 characters, the same for every
 * attempt at it, so Discord creates one message however often a lost answer makes us post again.
 */
export async function postNonce(
  channelId: string,
  kind: string,
  subjectId: number | string,
): Promise<string> {
  const text = new TextEncoder().encode(`${channelId}:${kind}:${subjectId}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', text));
  return [...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
