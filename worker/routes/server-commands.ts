/**
 * The agent's side of server control, signed like `/ingest`:
 * - `POST /ingest/commands` (body `{nonce, at}`): its game server's pending commands, each handed out
 *   once; `{"commands":[{command, signature}]}`, empty when there are none. A nonce is used once: a
 *   captured fetch sent again answers 409 and takes nothing.
 * - `POST /ingest/commands/outcome` (body: ingest-protocol/server-command.ts `CommandOutcome`): 200
 *   recorded · 404 no such command was handed to this server · 409 its outcome is known already.
 * Both: 400 malformed · 401 refused signature · 413 too large.
 */
import { Hono } from 'hono';
import {
  type CommandOutcome,
  type CommandOutcomeStatus,
  MAX_OUTCOME_DETAIL,
  type PendingCommands,
} from '../../ingest-protocol/server-command.ts';
import type { AppEnv } from '../app.ts';
import {
  claimFetchNonce,
  recordCommandOutcome,
  takePendingCommands,
} from '../jobs/server-commands.ts';
import { readSignedAgentJson } from './signed-agent-json.ts';

const MAX_FETCH_BYTES = 1024;
/** An outcome's detail is clipped at MAX_OUTCOME_DETAIL characters; JSON escapes may double that. */
const MAX_OUTCOME_BYTES = 8 * 1024;
const NONCE = /^[A-Za-z0-9-]{8,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STATUSES: readonly CommandOutcomeStatus[] = ['done', 'refused', 'failed'];

/** Checks an outcome as it arrived; the reason names the field that is wrong. */
export function checkCommandOutcome(
  value: unknown,
): { ok: true; outcome: CommandOutcome } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'outcome must be a JSON object' };
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || !UUID.test(v.id))
    return { ok: false, reason: 'id must be the command id (a UUID)' };
  if (!STATUSES.includes(v.status as CommandOutcomeStatus))
    return { ok: false, reason: `status must be one of ${STATUSES.join(', ')}` };
  if (typeof v.detail !== 'string' || v.detail.length > MAX_OUTCOME_DETAIL)
    return { ok: false, reason: `detail must be text of at most ${MAX_OUTCOME_DETAIL} characters` };
  return {
    ok: true,
    outcome: { id: v.id, status: v.status as CommandOutcomeStatus, detail: v.detail },
  };
}

export function serverCommandRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/ingest/commands', async (c) => {
    const signed = await readSignedAgentJson(c, MAX_FETCH_BYTES);
    if (!signed.ok) return signed.response;
    const { nonce } = (signed.json ?? {}) as { nonce?: unknown };
    if (typeof nonce !== 'string' || !NONCE.test(nonce))
      return c.json(
        { error: 'nonce must be 8 to 64 letters, digits or dashes, new for each fetch' },
        400,
      );
    if (!(await claimFetchNonce(c.get('db'), signed.key.serverId, nonce, c.get('deps').now())))
      return c.json(
        {
          error:
            'this fetch was made before (its nonce was used): a replayed request takes no commands',
        },
        409,
      );
    const commands = await takePendingCommands(
      c.get('db'),
      signed.key.serverId,
      c.get('deps').now(),
    );
    return c.json({ commands } satisfies PendingCommands, 200);
  });
  app.post('/ingest/commands/outcome', async (c) => {
    const signed = await readSignedAgentJson(c, MAX_OUTCOME_BYTES);
    if (!signed.ok) return signed.response;
    const checked = checkCommandOutcome(signed.json);
    if (!checked.ok) return c.json({ error: checked.reason }, 400);
    const recorded = await recordCommandOutcome(
      c.get('db'),
      signed.key.serverId,
      checked.outcome,
      c.get('deps').now(),
    );
    if (!recorded.ok) return c.json({ error: recorded.reason }, recorded.status);
    return c.json({ status: 'recorded' }, 200);
  });
  return app;
}
