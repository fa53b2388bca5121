// The reader's careful path (stats/read.ts): a field read by its regular expression, or a failure
// naming the line, the field and the text. The fast paths there accept only what INTEGER and DECIMAL do.

/** A reading failure inside the reader; turned into `{ ok: false, line, reason }` at its edge. */
export class Unreadable extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,15}(\.\d+)?$/;
const CLOCK = /^(\d{1,4}):(\d{1,2})$/;

export function integer(text: string, line: number, what: string): number {
  if (!INTEGER.test(text))
    throw new Unreadable(line, `${what} is not a whole number: "${clip(text)}"`);
  return Number(text);
}

export function decimal(text: string, line: number, what: string): number {
  if (!DECIMAL.test(text)) throw new Unreadable(line, `${what} is not a number: "${clip(text)}"`);
  return Number(text);
}

export function clock(text: string, line: number, what: string): number {
  const m = CLOCK.exec(text);
  if (!m) throw new Unreadable(line, `${what} is not a M:SS time: "${clip(text)}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
