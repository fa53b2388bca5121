/**
 * A stats.lua request body, from bytes on the wire to a parsed JSON value, within limits: the Lua pipes
 * its JSON through `gzip -c` and sends `Content-Encoding: gzip`; plain JSON is taken too. A 12-player
 * round with a full event log (damage, kills, carrier and vehicle paths) is a few MiB of JSON and well
 * under 1 MiB gzipped, so the limits leave room without letting a bomb through: inflation stops as soon
 * as it passes MAX_JSON_BYTES, whatever the gzip header claims.
 */

/** Body as received (gzipped or not). */
export const MAX_WIRE_BYTES = 8 * 1024 * 1024;
/** JSON once inflated. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** stats.lua nests 5 deep (`player_stats.<guid>.obj_planted.<leveltime>.objective`); 16 is plenty. */
export const MAX_JSON_DEPTH = 16;

export type DecodedJson =
  | { readonly ok: true; readonly json: unknown; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly reason: string };

/** Inflates gzip bytes, refusing as soon as the output passes `limit`. */
export async function gunzipWithin(
  bytes: Uint8Array,
  limit: number,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; tooLarge: boolean; reason: string }> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return { ok: false, tooLarge: true, reason: `inflates to over ${limit} bytes` };
      }
      chunks.push(value);
    }
  } catch (error) {
    return {
      ok: false,
      tooLarge: false,
      reason: `is not valid gzip (${String((error as Error).message ?? error).slice(0, 80)})`,
    };
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes: out };
}

/** How deep `[`/`{` nest outside strings; stops counting past `limit`. JSON.parse has no such limit. */
export function jsonDepthOver(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > limit) return true;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return false;
}

/** The JSON a stats.lua body carries, or the status and reason it is refused with. */
export async function decodeStatsLuaBody(
  body: Uint8Array,
  contentEncoding: string | null,
): Promise<DecodedJson> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  let bytes = body;
  if (encoding === 'gzip' || encoding === 'x-gzip') {
    const inflated = await gunzipWithin(body, MAX_JSON_BYTES);
    if (!inflated.ok)
      return {
        ok: false,
        status: inflated.tooLarge ? 413 : 400,
        reason: `the gzip body ${inflated.reason}; send one round's JSON (limit ${MAX_JSON_BYTES} bytes inflated)`,
      };
    bytes = inflated.bytes;
  } else if (encoding !== '' && encoding !== 'identity')
    return {
      ok: false,
      status: 415,
      reason: `Content-Encoding "${encoding.slice(0, 40)}" is not taken; send gzip or plain JSON`,
    };
  if (jsonDepthOver(bytes, MAX_JSON_DEPTH))
    return {
      ok: false,
      status: 400,
      reason: `the JSON nests deeper than ${MAX_JSON_DEPTH} levels; a stats.lua round nests 5`,
    };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, reason: 'the body is not UTF-8 text' };
  }
  try {
    return { ok: true, json: JSON.parse(text), bytes };
  } catch (error) {
    return {
      ok: false,
      status: 400,
      reason: `the body is not JSON: ${String((error as Error).message).slice(0, 120)}`,
    };
  }
}
