import { escapeToBuffer } from 'hono/utils/html';
import { type Html, pageText, raw } from './html.ts';

/** Text escaped by Hono's escaper, for the placeholder-based inline pass below. */
function escapeHtml(text: string): string {
  const buffer: [string] = [''];
  escapeToBuffer(pageText(text), buffer);
  return buffer[0];
}

/** Discord's markdown escapes (`\*`, `\_`…) taken back out: on a page they would show as written. */
const unescapeMarkdown = (text: string) => text.replace(/\\([^\w\s])/g, '$1');

/** Inline markdown of one line: bold, _italic_, `code`, ~~strike~~, Discord timestamps and mentions. */
function inline(line: string): string {
  // Private-use marks stand for tags below; text that holds them loses them first.
  const text = line.replace(/[\uE001-\uE004]/g, '');
  const parts = text.split(/(`[^`]+`)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      const marked = part
        .split(/(\\.)/)
        .map((piece, j) =>
          j % 2 === 1 ? piece : piece.replace(/\*\*(.+?)\*\*/g, '\uE001$1\uE002'),
        )
        .join('');
      // Discord's own tags: a timestamp becomes a UTC date, a member mention says only that one is linked.
      const tagged = marked
        .replace(/<t:(\d+)(?::[a-zA-Z])?>/g, '\uE003$1\uE004')
        .replace(/<@!?\d+>/g, 'a linked member');
      return escapeHtml(unescapeMarkdown(tagged))
        .replace(/\uE003(\d+)\uE004/g, (_, seconds: string) => {
          const iso = new Date(Number(seconds) * 1000).toISOString();
          return `<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
        })
        .replace(/\uE001/g, '<strong>')
        .replace(/\uE002/g, '</strong>')
        .replace(/(^|[\s(])_([^_\s][^_]*?)_(?=$|[\s).,;:])/g, '$1<em>$2</em>')
        .replace(/~~(.+?)~~/g, '<s>$1</s>');
    })
    .join('');
}

/**
 * The subset of Discord markdown the commands write (code blocks, headings, bullets, bold, italics,
 * inline code, masked links to nowhere are not written), as HTML. Everything is escaped first: no
 * text from a stats file can open a tag.
 */
export function markdownHtml(markdown: string): Html {
  const out: string[] = [];
  const blocks = markdown.split(/```(?:[a-z]*\n)?/);
  blocks.forEach((block, i) => {
    if (i % 2 === 1) {
      out.push(`<pre>${escapeHtml(block.replace(/\n$/, ''))}</pre>`);
      return;
    }
    let list: string[] = [];
    const flush = () => {
      if (list.length > 0) out.push(`<ul>${list.map((l) => `<li>${l}</li>`).join('')}</ul>`);
      list = [];
    };
    for (const line of block.split('\n')) {
      const bullet = /^\s*[-•*] (.*)$/.exec(line);
      if (bullet) {
        list.push(inline(bullet[1] as string));
        continue;
      }
      flush();
      const heading = /^(#{1,3}) (.*)$/.exec(line);
      if (heading) out.push(`<h3>${inline(heading[2] as string)}</h3>`);
      else if (line.startsWith('-# ')) out.push(`<p class="note">${inline(line.slice(3))}</p>`);
      else if (line.trim() !== '') out.push(`<p>${inline(line)}</p>`);
    }
    flush();
  });
  return raw(out.join(''));
}

/** One line of markdown (an embed's title, a field's name) as inline HTML, without a paragraph. */
export const inlineMarkdownHtml = (line: string): Html => raw(inline(line.replace(/\n/g, ' ')));
