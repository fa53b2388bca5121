// The wire side of the Discord stand-in (fake-discord.ts): which route a request is, its body, the faults
// it was told to answer with, and how answers are written.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a request to the stand-in was. */
export type RecordedKind =
  | 'editOriginal'
  | 'followup'
  | 'channelMessage'
  | 'globalCommands'
  | 'guildCommands'
  | 'voiceState'
  | 'other';

export interface RecordedFile {
  /** The form field: `files[0]`… */
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Uint8Array;
}

export interface RecordedRequest {
  readonly seq: number;
  readonly at: string;
  readonly kind: RecordedKind;
  readonly method: string;
  /** Path without the /api/v10 prefix. */
  readonly path: string;
  readonly applicationId: string | null;
  readonly token: string | null;
  readonly channelId: string | null;
  readonly guildId: string | null;
  readonly authorization: string | null;
  readonly contentType: string | null;
  /** JSON body, or the multipart `payload_json`, parsed. */
  readonly payload: unknown;
  readonly files: readonly RecordedFile[];
  /** What the fake answered (a fault's status, or 0 for a hang). */
  readonly status: number;
}

export type Fault =
  | {
      readonly status: 400 | 401 | 403 | 404 | 500 | 502 | 503;
      /** A message is created first, then the fault answered: the answer was lost on the way. */
      readonly afterCreating?: boolean;
    }
  | {
      readonly status: 429;
      readonly retryAfterSeconds: number;
      readonly via?: 'header' | 'body' | 'both';
      /** Discord's global limit (every route): `X-RateLimit-Global: true`, `global: true`. */
      readonly global?: boolean;
    }
  | { readonly hang: true };

export interface PendingFault {
  fault: Fault;
  remaining: number;
  kind: RecordedKind | undefined;
  guildId?: string | undefined;
}

export interface Route {
  kind: RecordedKind;
  applicationId: string | null;
  token: string | null;
  channelId: string | null;
  guildId: string | null;
}

export function routeOf(method: string, path: string): Route {
  const none = { applicationId: null, token: null, channelId: null, guildId: null };
  let m = /^\/webhooks\/([^/]+)\/([^/]+)\/messages\/@original$/.exec(path);
  if (m && method === 'PATCH')
    return {
      ...none,
      kind: 'editOriginal',
      applicationId: m[1]!,
      token: decodeURIComponent(m[2]!),
    };
  m = /^\/webhooks\/([^/]+)\/([^/]+)$/.exec(path);
  if (m && method === 'POST')
    return { ...none, kind: 'followup', applicationId: m[1]!, token: decodeURIComponent(m[2]!) };
  m = /^\/channels\/([^/]+)\/messages$/.exec(path);
  if (m && method === 'POST') return { ...none, kind: 'channelMessage', channelId: m[1]! };
  m = /^\/applications\/([^/]+)\/commands$/.exec(path);
  if (m && (method === 'PUT' || method === 'GET'))
    return { ...none, kind: 'globalCommands', applicationId: m[1]! };
  m = /^\/applications\/([^/]+)\/guilds\/([^/]+)\/commands$/.exec(path);
  if (m && (method === 'PUT' || method === 'GET'))
    return { ...none, kind: 'guildCommands', applicationId: m[1]!, guildId: m[2]! };
  // The member's id rides in `token`: a voice-state request has no interaction token of its own.
  m = /^\/guilds\/([^/]+)\/voice-states\/([^/]+)$/.exec(path);
  if (m && method === 'GET')
    return { ...none, kind: 'voiceState', guildId: m[1]!, token: decodeURIComponent(m[2]!) };
  return { ...none, kind: 'other' };
}

/** The few checks Discord makes that a bug here would trip, so tests see a 400 like production would. */
export function messageProblem(payload: unknown, files: readonly RecordedFile[]): string | null {
  if (!payload || typeof payload !== 'object') return 'body is not a JSON object';
  const message = payload as {
    content?: unknown;
    embeds?: unknown[];
    attachments?: { id: number }[];
  };
  if (typeof message.content === 'string' && message.content.length > 2000)
    return 'content: Must be 2000 or fewer in length.';
  if (Array.isArray(message.embeds) && message.embeds.length > 10)
    return 'embeds: Must be 10 or fewer in length.';
  if (files.length > 0 && (message.attachments?.length ?? 0) !== files.length)
    return 'attachments: every files[n] needs an attachments entry';
  return null;
}

export async function parseBody(
  body: Buffer,
  contentType: string | null,
): Promise<{ payload: unknown; files: RecordedFile[] }> {
  if (body.length === 0) return { payload: null, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': contentType },
    }).formData();
    const files: RecordedFile[] = [];
    let payload: unknown = null;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') payload = JSON.parse(value);
      } else {
        files.push({
          field,
          name: value.name,
          contentType: value.type,
          data: new Uint8Array(await value.arrayBuffer()),
        });
      }
    }
    return { payload, files };
  }
  try {
    return { payload: JSON.parse(body.toString('utf8')), files: [] };
  } catch {
    return { payload: body.toString('utf8'), files: [] };
  }
}

export function takeFault(
  faults: PendingFault[],
  kind: RecordedKind,
  guildId: string | null,
): Fault | null {
  const index = faults.findIndex(
    (pending) =>
      (pending.kind === undefined || pending.kind === kind) &&
      (pending.guildId === undefined || pending.guildId === guildId),
  );
  if (index === -1) return null;
  const pending = faults[index]!;
  pending.remaining -= 1;
  if (pending.remaining <= 0) faults.splice(index, 1);
  return pending.fault;
}

export function recordedView(recorded: readonly RecordedRequest[], query: URLSearchParams) {
  const since = Number(query.get('since') ?? '0');
  return recorded
    .filter((r) => r.seq > since)
    .filter((r) => !query.get('kind') || r.kind === query.get('kind'))
    .filter((r) => !query.get('token') || r.token === query.get('token'))
    .map((r) => ({
      ...r,
      files: r.files.map((file) => ({
        ...file,
        size: file.data.byteLength,
        data: Buffer.from(file.data).toString('base64'),
      })),
    }));
}

export function sendRateLimit(
  res: ServerResponse,
  fault: { retryAfterSeconds: number; via?: 'header' | 'body' | 'both'; global?: boolean },
): void {
  const via = fault.via ?? 'both';
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-ratelimit-scope': fault.global ? 'global' : 'user',
  };
  if (fault.global) headers['x-ratelimit-global'] = 'true';
  if (via !== 'body') headers['retry-after'] = String(fault.retryAfterSeconds);
  const body =
    via === 'header'
      ? { message: 'You are being rate limited.' }
      : {
          message: 'You are being rate limited.',
          retry_after: fault.retryAfterSeconds,
          global: fault.global === true,
        };
  res.writeHead(429, headers).end(JSON.stringify(body));
}

export function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
