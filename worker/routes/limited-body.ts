/**
 * Reading a request body up to a limit, for routes that answer 413 beyond it. A body over the limit is
 * not left half read: the rest is read and thrown away before the answer (up to `drainBytes` in all;
 * a longer upload is cancelled). An answer sent while the upload is still coming poisons the
 * connection it came on: under `wrangler dev` the next request forwarded on it fails with 503 "Your
 * worker restarted mid-request". Neither cancelling the stream nor draining it after the answer
 * (waitUntil) prevents that; reading it to its end first does.
 */

/** How much of an oversized upload is read and discarded before it is cancelled instead. */
export const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export type LimitedBody =
  | { readonly ok: true; readonly bytes: Uint8Array }
  /** Over the limit: `size` is the declared length, or how much had arrived when it went over. */
  | { readonly ok: false; readonly size: number };

/**
 * The body of `request` when it is at most `maxBytes` long. Over the limit, declared by
 * Content-Length or found while reading a chunked upload, the rest is drained first.
 */
export async function readBodyWithin(
  request: Request,
  maxBytes: number,
  drainBytes: number = MAX_DRAIN_BYTES,
): Promise<LimitedBody> {
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const declared = request.headers.has('transfer-encoding')
    ? Number.NaN
    : Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    if (declared > drainBytes) await reader.cancel('request body too large').catch(() => {});
    else await drain(reader, 0, drainBytes);
    return { ok: false, size: declared };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await drain(reader, size, drainBytes);
      return { ok: false, size };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** Reads and discards the rest of a body; past `limit` bytes in all it cancels the upload instead. */
async function drain(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  alreadyRead: number,
  limit: number,
): Promise<void> {
  let total = alreadyRead;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel('request body too large');
        return;
      }
    }
  } catch {
    // the client went away: nothing is left to drain
  }
}
