import { inflateSync } from 'node:zlib';

/** Decoded pixels: 4 bytes (RGBA) per pixel, rows top to bottom. */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * A minimal PNG decoder for the images resvg writes: 8-bit RGB or RGBA, not interlaced.
 * Anything else throws, naming what it found.
 */
export function decodePng(bytes: Uint8Array): Pixels {
  if (!isPng(bytes)) throw new Error('not a PNG: the 8-byte signature is missing');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Uint8Array[] = [];
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      if (depth !== 8 || (colour !== 6 && colour !== 2) || interlace !== 0) {
        throw new Error(
          `unsupported PNG: bit depth ${depth}, colour type ${colour}, interlace ${interlace}`,
        );
      }
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (width === 0 || channels === 0) throw new Error('PNG has no IHDR chunk');
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height)
    throw new Error(`PNG data is ${raw.length} bytes; ${(stride + 1) * height} expected`);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (out[row + x - channels] as number) : 0;
      const b = y > 0 ? (out[row - stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (out[row - stride + x - channels] as number) : 0;
      const v = line[x] as number;
      const predicted =
        filter === 0
          ? 0
          : filter === 1
            ? a
            : filter === 2
              ? b
              : filter === 3
                ? (a + b) >> 1
                : filter === 4
                  ? paeth(a, b, c)
                  : -1;
      if (predicted < 0) throw new Error(`PNG row ${y} has unknown filter ${filter}`);
      out[row + x] = (v + predicted) & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: out };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < out.length; i += 3, j += 4) {
    rgba[j] = out[i] as number;
    rgba[j + 1] = out[i + 1] as number;
    rgba[j + 2] = out[i + 2] as number;
    rgba[j + 3] = 255;
  }
  return { width, height, rgba };
}

export interface PixelDifference {
  readonly sameSize: boolean;
  /** Share of pixels (0..1) with a channel differing by more than `threshold`. */
  readonly differing: number;
  readonly largest: number;
}

/** How far two images are apart; anti-aliasing noise below `threshold` per channel is ignored. */
export function comparePixels(a: Pixels, b: Pixels, threshold = 32): PixelDifference {
  if (a.width !== b.width || a.height !== b.height)
    return { sameSize: false, differing: 1, largest: 255 };
  let differing = 0;
  let largest = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    let worst = 0;
    for (let k = 0; k < 4; k++)
      worst = Math.max(worst, Math.abs((a.rgba[i + k] as number) - (b.rgba[i + k] as number)));
    if (worst > threshold) differing++;
    largest = Math.max(largest, worst);
  }
  return { sameSize: true, differing: differing / (a.width * a.height), largest };
}
