import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import { createVoiceStates, type VoiceBucket } from './fake-discord-voice.ts';
import {
  type Fault,
  messageProblem,
  type PendingFault,
  type Route,
  parseBody,
  readBody,
  type RecordedFile,
  type RecordedKind,
  type RecordedRequest,
  recordedView,
  routeOf,
  send,
  sendRateLimit,
  takeFault,
} from './fake-discord-wire.ts';

// A local stand-in for Discord's REST API (the parts etstats calls), for tests and `npm start`.
// It records what the app sent, answers like Discord, and can be told to misbehave.
// Control over HTTP too (for `npm run ask` and suites that run the Worker elsewhere):
//   GET  /__recorded?kind=editOriginal&token=…&since=<seq>  → { requests: [...] } (files base64)
//   POST /__faults { "fault": {...}, "times": 2, "kind": "editOriginal" }
//   POST /__reset
//   POST /__voice, POST /__voice/bucket: who is in voice, and the voice route's bucket (fake-discord-voice.ts)

export type { Fault, RecordedFile, RecordedKind, RecordedRequest } from './fake-discord-wire.ts';

/** A message the fake created (a repeated enforced nonce creates none). */
export interface CreatedMessage {
  readonly id: string;
  readonly kind: 'editOriginal' | 'followup' | 'channelMessage';
  readonly channelId: string | null;
  readonly payload: unknown;
}

export interface FakeDiscord {
  /** Root, e.g. http://127.0.0.1:38211 (control endpoints live here). */
  readonly url: string;
  /** What DISCORD_API_BASE / the REST client's baseUrl takes: `${url}/api/v10`. */
  readonly apiBase: string;
  readonly recorded: readonly RecordedRequest[];
  /** Messages created, in order: what a channel shows (not refused or deduplicated ones). */
  readonly messages: readonly CreatedMessage[];
  /** The next `times` (default 1) matching requests (of that kind, for that guild) get `fault` instead of an answer. */
  inject(fault: Fault, options?: { times?: number; kind?: RecordedKind; guildId?: string }): void;
  /** Puts a member in a voice channel of a guild, or (null) out of voice: voice-states answers 404 then. */
  setVoice(guildId: string, userId: string, channelId: string | null): void;
  /** A smaller bucket for a guild's voice-state route: its X-RateLimit headers count down, then 429. */
  setVoiceBucket(guildId: string, bucket: VoiceBucket): void;
  /** Resolves with the first recorded request (past or future) matching `predicate`. */
  waitFor(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest>;
  /** The commands currently registered (global when guildId is omitted). */
  commands(applicationId: string, guildId?: string): APIApplicationCommand[];
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeDiscord(
  options: { port?: number; host?: string; botToken?: string } = {},
): Promise<FakeDiscord> {
  const host = options.host ?? '127.0.0.1';
  const recorded: RecordedRequest[] = [];
  const messages: CreatedMessage[] = [];
  /** `enforce_nonce` posts by author and nonce, as Discord keeps them (for a few minutes there). */
  const nonces = new Map<string, unknown>();
  const faults: PendingFault[] = [];
  const registered = new Map<string, APIApplicationCommand[]>();
  const voice = createVoiceStates();
  const waiters = new Set<{
    predicate: (request: RecordedRequest) => boolean;
    resolve: (request: RecordedRequest) => void;
  }>();
  let seq = 0;
  let ids = 0n;

  const record = (entry: Omit<RecordedRequest, 'seq' | 'at'>) => {
    const request: RecordedRequest = { ...entry, seq: ++seq, at: new Date().toISOString() };
    recorded.push(request);
    for (const waiter of waiters) {
      if (waiter.predicate(request)) {
        waiters.delete(waiter);
        waiter.resolve(request);
      }
    }
    return request;
  };
  const nextId = () => (1_500_000_000_000_000_000n + ++ids).toString();

  const server = createServer((req, res) => {
    handle(req, res).catch((error) =>
      send(res, 500, { message: `fake Discord failed: ${String(error)}`, code: 0 }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const path = url.pathname.replace(/^\/api\/v\d+/, '');
    if (path.endsWith('/__recorded') && req.method === 'GET')
      return send(res, 200, { requests: recordedView(recorded, url.searchParams) });
    if (path.endsWith('/__faults') && req.method === 'POST') {
      const { fault, times, kind, guildId } = JSON.parse(body.toString('utf8')) as {
        fault: Fault;
        times?: number;
        kind?: RecordedKind;
        guildId?: string;
      };
      faults.push({ fault, remaining: times ?? 1, kind, guildId });
      return send(res, 204);
    }
    if (path.endsWith('/__voice') && req.method === 'POST') {
      const { guildId, userId, channelId } = JSON.parse(body.toString('utf8')) as {
        guildId: string;
        userId: string;
        channelId: string | null;
      };
      voice.set(guildId, userId, channelId);
      return send(res, 204);
    }
    if (path.endsWith('/__voice/bucket') && req.method === 'POST') {
      const { guildId, ...bucket } = JSON.parse(body.toString('utf8')) as VoiceBucket & {
        guildId: string;
      };
      voice.setBucket(guildId, bucket);
      return send(res, 204);
    }
    if (path.endsWith('/__reset') && req.method === 'POST') {
      fake.reset();
      return send(res, 204);
    }

    const route = routeOf(req.method ?? 'GET', path);
    const contentType = req.headers['content-type'] ?? null;
    const { payload, files } = await parseBody(body, contentType);
    const base = {
      ...route,
      method: req.method ?? 'GET',
      path,
      authorization: req.headers.authorization ?? null,
      contentType,
      payload,
      files,
    };
    const fault = takeFault(faults, route.kind, route.guildId);
    if (fault) {
      if ('hang' in fault) {
        record({ ...base, status: 0 });
        return; // never answer: the client's timeout must fire
      }
      if ('afterCreating' in fault && fault.afterCreating)
        answerFor(route, base, req.headers.authorization);
      record({ ...base, status: fault.status });
      if (fault.status === 429) return sendRateLimit(res, fault);
      return send(res, fault.status, {
        message: `${fault.status}: injected by the fake Discord`,
        code: 0,
      });
    }
    if (route.kind === 'voiceState') {
      const refused = botRefusal(req.headers.authorization);
      const answer = refused ?? voice.answer(route.guildId ?? '', route.token ?? '');
      record({ ...base, status: answer.status });
      res
        .writeHead(answer.status, {
          'content-type': 'application/json',
          ...('headers' in answer ? answer.headers : {}),
        })
        .end(JSON.stringify(answer.body));
      return;
    }
    const answer = answerFor(route, base, req.headers.authorization);
    record({ ...base, status: answer.status });
    send(res, answer.status, answer.body);
  }

  function botRefusal(authorization: string | undefined) {
    const expected =
      options.botToken === undefined
        ? authorization?.startsWith('Bot ')
        : authorization === `Bot ${options.botToken}`;
    return expected ? null : { status: 401, body: { message: '401: Unauthorized', code: 0 } };
  }

  function answerFor(
    route: Route,
    request: { method: string; payload: unknown; files: readonly RecordedFile[] },
    authorization: string | undefined,
  ) {
    const botRoute =
      route.kind === 'channelMessage' ||
      route.kind === 'globalCommands' ||
      route.kind === 'guildCommands';
    if (botRoute) {
      const refused = botRefusal(authorization);
      if (refused) return refused;
    }
    switch (route.kind) {
      case 'editOriginal':
      case 'followup':
      case 'channelMessage': {
        const invalid = messageProblem(request.payload, request.files);
        if (invalid)
          return {
            status: 400,
            body: { message: 'Invalid Form Body', code: 50035, errors: invalid },
          };
        const { nonce, enforce_nonce: enforce } = request.payload as {
          nonce?: unknown;
          enforce_nonce?: unknown;
        };
        const nonceKey =
          route.kind === 'channelMessage' && enforce === true && typeof nonce === 'string'
            ? `${authorization}\0${nonce}`
            : null;
        const earlier = nonceKey === null ? undefined : nonces.get(nonceKey);
        if (earlier !== undefined) return { status: 200, body: earlier };
        const message = {
          id: nextId(),
          channel_id: route.channelId ?? '1400000000000000001',
          ...(request.payload as object),
          attachments: request.files.map((file, n) => ({
            id: String(n),
            filename: file.name,
            size: file.data.byteLength,
          })),
        };
        if (nonceKey !== null) nonces.set(nonceKey, message);
        messages.push({
          id: message.id,
          kind: route.kind,
          channelId: route.channelId,
          payload: request.payload,
        });
        return { status: 200, body: message };
      }
      case 'globalCommands':
      case 'guildCommands': {
        const key = `${route.applicationId}/${route.guildId ?? ''}`;
        if (request.method === 'GET') return { status: 200, body: registered.get(key) ?? [] };
        if (!Array.isArray(request.payload))
          return {
            status: 400,
            body: { message: 'Invalid Form Body', code: 50035, errors: 'expected an array' },
          };
        const previous = new Map(
          (registered.get(key) ?? []).map((command) => [command.name, command.id]),
        );
        const commands = (request.payload as Record<string, unknown>[]).map((definition) => ({
          type: 1,
          default_member_permissions: null,
          nsfw: false,
          ...definition,
          id: previous.get(String(definition.name)) ?? nextId(),
          application_id: route.applicationId,
          ...(route.guildId ? { guild_id: route.guildId } : {}),
          version: nextId(),
        })) as unknown as APIApplicationCommand[];
        registered.set(key, commands);
        return { status: 200, body: commands };
      }
      default:
        return { status: 404, body: { message: '404: Not Found', code: 0 } };
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;

  const fake: FakeDiscord = {
    url,
    apiBase: `${url}/api/v10`,
    get recorded() {
      return recorded;
    },
    get messages() {
      return messages;
    },
    inject(fault, injectOptions = {}) {
      faults.push({
        fault,
        remaining: injectOptions.times ?? 1,
        kind: injectOptions.kind,
        guildId: injectOptions.guildId,
      });
    },
    setVoice(guildId, userId, channelId) {
      voice.set(guildId, userId, channelId);
    },
    setVoiceBucket(guildId, bucket) {
      voice.setBucket(guildId, bucket);
    },
    waitFor(predicate, timeoutMs = 5000) {
      const seen = recorded.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (request: RecordedRequest) => {
            clearTimeout(timer);
            resolve(request);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `fake Discord: no matching request within ${timeoutMs} ms (recorded: ${recorded.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ') || 'none'})`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    commands(applicationId, guildId) {
      return registered.get(`${applicationId}/${guildId ?? ''}`) ?? [];
    },
    reset() {
      recorded.length = 0;
      messages.length = 0;
      nonces.clear();
      faults.length = 0;
      registered.clear();
      voice.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
  return fake;
}
