import { type Html, html, pageText } from './html.ts';
import { leadingIcon } from './icons.ts';

// The Discord markdown the commands write, as HTML. Text is never pasted into markup: the parser cuts a
// line into text (a string, which Hono's `html` escapes) and markup (built by `html` around those), so
// no name from a stats file can open a tag, and Discord's backslash escapes (`\_`, `\*`…) come out as
// the character they protect.

type Piece = string | Html;

/** A backslash before ASCII punctuation is Discord's escape: the character is shown as itself. */
const PUNCTUATION = /^[!-/:-@[-`{-~]$/;
const TIMESTAMP = /^<t:(\d{1,12})(?::[a-zA-Z])?>/;
const MENTION = /^<@!?\d+>/;
const LINK = /^\[([^\]\n]+)\]\((https?:\/\/[^\s()]+)\)/;
/** Nested emphasis deeper than this is shown as typed: no line can make the parser work for long. */
const MAX_DEPTH = 4;

const DELIMITERS = ['**', '__', '~~', '*', '_'] as const;
type Delimiter = (typeof DELIMITERS)[number];

const WORD = /[\p{L}\p{N}]/u;
const isSpace = (ch: string | undefined) => ch === undefined || /\s/.test(ch);
const isWord = (ch: string | undefined) => ch !== undefined && WORD.test(ch);

/** Whether `d` at `at` can open emphasis: text follows at once; `_` only at a word's start. */
function opens(s: string, at: number, d: Delimiter): boolean {
  const next = s[at + d.length];
  if (isSpace(next) || next === d[0]) return false;
  return d !== '_' || !isWord(s[at - 1]);
}

/** Whether `d` at `at` closes emphasis: it follows text at once; `_` only at a word's end. */
function closes(s: string, at: number, d: Delimiter): boolean {
  if (!s.startsWith(d, at) || isSpace(s[at - 1])) return false;
  if (d === '*' && s[at + 1] === '*') return false;
  return d !== '_' || !isWord(s[at + 1]);
}

function wrap(d: Delimiter, inner: Piece[]): Html {
  switch (d) {
    case '**':
      return html`<strong>${inner}</strong>`;
    case '__':
      return html`<u>${inner}</u>`;
    case '~~':
      return html`<s>${inner}</s>`;
    default:
      return html`<em>${inner}</em>`;
  }
}

/** A Discord timestamp as the UTC minute it names. */
function timeHtml(seconds: string): Html {
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

/**
 * The pieces of `s` from `start` up to `closer` (then `end` is just past it), or to the end of the
 * line when there is no closer. `null` when the closer never comes: the opener was only a character.
 */
function parse(
  s: string,
  start: number,
  closer: Delimiter | null,
  depth: number,
): { pieces: Piece[]; end: number } | null {
  const pieces: Piece[] = [];
  let text = '';
  const push = (piece: Html) => {
    if (text !== '') pieces.push(text);
    text = '';
    pieces.push(piece);
  };
  let i = start;
  while (i < s.length) {
    const ch = s[i] as string;
    if (ch === '\\' && PUNCTUATION.test(s[i + 1] ?? '')) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (closer !== null && closes(s, i, closer)) {
      if (text !== '') pieces.push(text);
      return pieces.length > 0 ? { pieces, end: i + closer.length } : null;
    }
    if (ch === '`') {
      const end = s.indexOf('`', i + 1);
      if (end > i + 1) {
        push(html`<code>${s.slice(i + 1, end)}</code>`);
        i = end + 1;
        continue;
      }
    }
    const rest = s.slice(i, i + 200);
    const time = ch === '<' ? TIMESTAMP.exec(rest) : null;
    if (time) {
      push(timeHtml(time[1] as string));
      i += time[0].length;
      continue;
    }
    const mention = ch === '<' ? MENTION.exec(rest) : null;
    if (mention) {
      // A member is never named by Discord id on a page.
      text += 'a linked member';
      i += mention[0].length;
      continue;
    }
    const link = ch === '[' ? LINK.exec(s.slice(i)) : null;
    if (link) {
      push(html`<a href="${link[2]}">${inline(link[1] as string, depth + 1)}</a>`);
      i += link[0].length;
      continue;
    }
    const d =
      depth < MAX_DEPTH ? DELIMITERS.find((x) => s.startsWith(x, i) && opens(s, i, x)) : undefined;
    const inner = d ? parse(s, i + d.length, d, depth + 1) : null;
    if (d && inner) {
      push(wrap(d, inner.pieces));
      i = inner.end;
      continue;
    }
    text += ch;
    i += 1;
  }
  if (closer !== null) return null;
  if (text !== '') pieces.push(text);
  return { pieces, end: i };
}

function inline(line: string, depth = 0): Html {
  return html`${parse(line, 0, null, depth)?.pieces ?? []}`;
}

/** A line's leading emoji as the page shows it (see icons.ts), then the line. */
function withIcon(line: string): Html {
  const { icon, rest } = leadingIcon(line);
  return html`${icon}${inline(rest)}`;
}

/** One line of markdown (an embed's title, a field's name) as inline HTML, without a paragraph. */
export const inlineMarkdownHtml = (line: string): Html =>
  withIcon(pageText(line).replace(/\n/g, ' '));

/** A block of lines outside code: bullets become a list, `#` a heading, `-#` a note, others paragraphs. */
function linesHtml(block: string): Html[] {
  const out: Html[] = [];
  let list: Html[] = [];
  const flush = () => {
    if (list.length > 0) out.push(html`<ul>${list.map((item) => html`<li>${item}</li>`)}</ul>`);
    list = [];
  };
  for (const line of block.split('\n')) {
    const bullet = /^\s*[-•*] (.*)$/.exec(line);
    if (bullet) {
      list.push(withIcon(bullet[1] as string));
      continue;
    }
    flush();
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) out.push(html`<h3>${withIcon(heading[2] as string)}</h3>`);
    else if (line.startsWith('-# ')) out.push(html`<p class="note">${withIcon(line.slice(3))}</p>`);
    else if (line.trim() !== '') out.push(html`<p>${withIcon(line)}</p>`);
  }
  flush();
  return out;
}

/**
 * The subset of Discord markdown the commands write, as HTML: code blocks, headings, notes, bullets;
 * bold, italics, underline, strike, inline code, backslash escapes, timestamps, mentions, links.
 */
export function markdownHtml(markdown: string): Html {
  // Inside a code block Discord shows everything as typed (backslashes too): so does the page.
  const blocks = pageText(markdown).split(/```(?:[a-z]*\n)?/);
  return html`${blocks.map((block, i) =>
    i % 2 === 1 ? html`<pre>${block.replace(/\n$/, '')}</pre>` : linesHtml(block),
  )}`;
}
