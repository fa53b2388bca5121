import type { APIInteraction } from 'discord-api-types/v10';
import { type Context, type Env, Hono } from 'hono';
import {
  type APIInteractionResponse,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import { type DispatchDeps, dispatchInteraction } from '../discord/dispatch.ts';
import { consoleLog } from '../discord/log.ts';
import { verifyDiscordRequest } from '../discord/verify.ts';

interface RouteDeps<Services> extends Omit<DispatchDeps<Services>, 'services'> {
  /** DISCORD_PUBLIC_KEY: the application's Ed25519 public key, 64 hex characters. */
  readonly publicKey: string;
}

/**
 * The services handlers get: fixed, or resolved from the verified interaction (its guild decides the
 * community). A resolver that throws (the database is down) is answered with a short apology.
 */
export type InteractionsDeps<Services> = RouteDeps<Services> &
  (
    | { readonly services: Services }
    | { readonly servicesFor: (interaction: APIInteraction) => Promise<Services> }
  );

/** Fixed deps, or a function building them per request (a Worker only sees env and waitUntil per request). */
export type InteractionsDepsSource<Services, E extends Env = Env> =
  | InteractionsDeps<Services>
  | ((c: Context<E>) => InteractionsDeps<Services> | Promise<InteractionsDeps<Services>>);

/** Larger bodies are not interactions; refusing them before verifying spares the CPU. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * `POST /` of a sub-app for Discord's interactions webhook; mount it with
 * `app.route('/interactions', interactionsRoute<Database, AppEnv>((c) => ({ ..., db: c.get('db'), waitUntil: c.get('background') })))`.
 * Unsigned, badly signed, stale or future-dated requests get 401 before anything else runs; everything
 * that passes gets a 200 JSON answer (failures inside become an ephemeral apology, never a 5xx).
 */
export function interactionsRoute<Services, E extends Env = Env>(
  source: InteractionsDepsSource<Services, E>,
): Hono<E> {
  const app = new Hono<E>();
  app.post('/', async (c) => {
    const deps = typeof source === 'function' ? await source(c) : source;
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > MAX_BODY_BYTES) return c.text('request body too large', 413);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength > MAX_BODY_BYTES) return c.text('request body too large', 413);
    const verified = await verifyDiscordRequest(
      deps.publicKey,
      {
        signature: c.req.header('x-signature-ed25519') ?? null,
        timestamp: c.req.header('x-signature-timestamp') ?? null,
        body,
      },
      deps.now(),
    );
    if (!verified.ok) {
      (deps.log ?? consoleLog)('warn', 'interaction rejected', { reason: verified.reason });
      return c.text(`invalid request signature: ${verified.reason}`, 401);
    }
    let interaction: APIInteraction;
    try {
      interaction = JSON.parse(new TextDecoder().decode(body)) as APIInteraction;
    } catch {
      return c.text('body is not JSON', 400);
    }
    if (!interaction || typeof interaction !== 'object' || typeof interaction.type !== 'number') {
      return c.text('body is not an interaction', 400);
    }
    let services: Services;
    try {
      services = 'servicesFor' in deps ? await deps.servicesFor(interaction) : deps.services;
    } catch (error) {
      (deps.log ?? consoleLog)('error', "could not resolve the interaction's services", {
        error: error instanceof Error ? error.message : String(error),
      });
      return c.json(unavailable(interaction));
    }
    return c.json(await dispatchInteraction(interaction, { ...deps, services }));
  });
  return app;
}

/** A 200 answer when the app cannot look anything up: never a 5xx to Discord. */
function unavailable(interaction: APIInteraction): APIInteractionResponse {
  if (interaction.type === InteractionType.Ping) return { type: InteractionResponseType.Pong };
  if (interaction.type === InteractionType.ApplicationCommandAutocomplete)
    return {
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [] },
    };
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: {
      content: 'The stats database is not reachable right now; try again in a minute.',
      flags: MessageFlags.Ephemeral,
      allowed_mentions: { parse: [] },
    },
  };
}
