import { describe, expect, it } from 'vitest';
import { readBodyWithin } from './limited-body.ts';

/** A chunked upload of `chunks` chunks of `size` bytes, recording how far it was read. */
function upload(chunks: number, size: number, headers: Record<string, string> = {}) {
  const seen = { sent: 0, finished: false, cancelled: undefined as unknown };
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index === chunks) {
        seen.finished = true;
        controller.close();
        return;
      }
      controller.enqueue(new Uint8Array(size).fill(index % 256));
      index += 1;
      seen.sent += size;
    },
    cancel(reason) {
      seen.cancelled = reason;
    },
  });
  const request = new Request('http://etstats.test/ingest', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
  return { request, seen };
}

describe('readBodyWithin', () => {
  it('returns a body within the limit, whole and in order', async () => {
    const { request, seen } = upload(4, 1000);
    const read = await readBodyWithin(request, 4000);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.bytes.length).toBe(4000);
    expect([read.bytes[0], read.bytes[1000], read.bytes[2999], read.bytes[3999]]).toEqual([
      0, 1, 2, 3,
    ]);
    expect(seen.finished).toBe(true);
  });

  it('reads a chunked upload over the limit to its end before answering, so the connection stays usable', async () => {
    const { request, seen } = upload(100, 1000);
    const read = await readBodyWithin(request, 4000);
    expect(read).toEqual({ ok: false, size: 5000 });
    expect(seen.sent).toBe(100_000);
    expect(seen.finished).toBe(true);
    expect(seen.cancelled).toBeUndefined();
  });

  it('drains a body whose Content-Length is over the limit without keeping it', async () => {
    const { request, seen } = upload(10, 1000, { 'content-length': '10000' });
    expect(await readBodyWithin(request, 4000)).toEqual({ ok: false, size: 10_000 });
    expect(seen.finished).toBe(true);
  });

  it('cancels an upload longer than it is worth draining', async () => {
    const { request, seen } = upload(1000, 1000);
    expect(await readBodyWithin(request, 4000, 20_000)).toEqual({ ok: false, size: 5000 });
    expect(seen.finished).toBe(false);
    expect(seen.sent).toBeLessThanOrEqual(22_000);
    expect(seen.cancelled).toBe('request body too large');

    const declared = upload(1000, 1000, { 'content-length': '1000000' });
    expect(await readBodyWithin(declared.request, 4000, 20_000)).toEqual({
      ok: false,
      size: 1_000_000,
    });
    expect(declared.seen.sent).toBeLessThanOrEqual(1000);
    expect(declared.seen.cancelled).toBe('request body too large');
  });

  it('answers an empty body for a request without one', async () => {
    const read = await readBodyWithin(new Request('http://etstats.test/', { method: 'POST' }), 10);
    expect(read).toEqual({ ok: true, bytes: new Uint8Array(0) });
  });
});
